"""The spelling check of the free text: the core, its figures, the prompts and `komsos periksa`."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spelling_corpus import HELD_OUT, SEED_TYPOS, measure, visits
from tests_support import Terminal

from komsos_cli import spelling, wordlist

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed-article.txt"
SEED_RECORD = {
    "pangkat": "Serka", "babinsa": "Sugianto", "koramil": "07/Gatak", "warga": "Harjanto",
    "dukuh": "Kauman", "desa": "Krajan", "kecamatan": "Gatak", "kabupaten": "Sukoharjo",
    "provinsi": "Jawa Tengah", "pekerjaan": "pengrajin blangkon",
}  # fmt: skip
# The seed article's text (its typos in their sentences), kept here so that the test does not
# depend on a file outside the repository.
SEED_SENTENCES = (
    "Serka Sugianto melaksakan anjangsana ke rumah Bapak Harjanto Pengrajin Blangkon",
    "Babinsa Krajan tengah menimplementasikan dari metode pembinaan teritorial",
    "karena melaui kegiatan ini maka silaturahmi antara aparat dengan warga menjadi erat",
    "Babinsa senantiasa ditekankan agar selalu meberikan motivasi kepada warga",
    "memberikan usul saran agar lebih masive memanfaatkan media internet",
    "semoga produk bapak Harjanto akan semakin dikenal dan semakin luas jagkauan produknya",
    "Penggemar produk-produk fhasion tradisional mempunyai segmen tersendiri",
)


def flagged(text: str, record: dict | None = None, *, quoted: bool = False) -> list[str]:
    lexicon = spelling.Lexicon(record or {})
    return [f.word for f in spelling.check_text(text, lexicon, quoted=quoted)]


# --- the core -------------------------------------------------------------------------------


def test_the_seed_articles_typos_are_caught_with_the_right_suggestion():
    lexicon = spelling.Lexicon(SEED_RECORD)
    found = {}
    for sentence in SEED_SENTENCES:
        for finding in spelling.check_text(sentence, lexicon, field="topik"):
            found[finding.word] = finding.suggestions
    assert set(found) == set(SEED_TYPOS)
    assert found["melaksakan"][0] == "melaksanakan"
    assert found["melaui"][0] == "melalui"
    assert found["meberikan"][0] == "memberikan"
    assert found["jagkauan"][0] == "jangkauan"
    assert found["masive"][0] == "masif"
    assert found["menimplementasikan"][0] == "mengimplementasikan"


@pytest.mark.skipif(not SEED.exists(), reason="the seed article is not beside the repository")
def test_the_whole_seed_article_flags_its_typos():
    words = {w.lower() for w in flagged(SEED.read_text("utf-8"), SEED_RECORD)}
    assert set(SEED_TYPOS) <= words


def test_precision_and_recall_on_the_corpus():
    """At most one correct word in 200 flagged; nine typos in ten caught (python
    tests/spelling_corpus.py prints the figures)."""
    figures = measure()
    assert figures.words > 2500
    assert figures.false_rate <= 1 / 200, figures.flagged
    assert figures.typos > 200 and figures.recall >= 0.9, figures.missed
    assert figures.typos_quoted > 100 and figures.recall_quoted >= 0.85, figures.missed
    # The word meant is usually offered (suggestion quality, not only detection).
    assert figures.meant_offered >= 0.8 * (figures.caught + figures.caught_quoted)


def test_precision_and_recall_on_held_out_text():
    """Texts written after the check was tuned (never used to tune it)."""
    figures = measure(HELD_OUT)
    assert figures.words > 500
    assert figures.false_rate <= 1 / 200, figures.flagged
    assert figures.recall >= 0.9 and figures.recall_quoted >= 0.85, figures.missed


def test_names_places_ranks_and_domain_words_are_never_flagged():
    record = {"warga": "Ngadiyem", "dukuh": "Ngrandu", "pendamping": ["Kopda Dede Herman"]}
    text = (
        "babinsa bersama Bhabinkamtibmas dan kopda dede herman mengunjungi ngadiyem di dukuh "
        "ngrandu untuk membahas posyandu, stunting, UMKM dan pemasaran daring"
    )
    assert flagged(text, record) == []
    assert flagged("Ngadiyem belum datang ke posyandu", {}) == ["Ngadiyem"]


def test_a_place_of_the_official_list_is_known_even_in_lowercase():
    record = {"kabupaten": "Sukoharjo", "kecamatan": "Gatak"}
    assert flagged("warga desa trangsan dan desa sraten ikut kerja bakti", record) == []
    assert flagged("warga desa trangsanx ikut kerja bakti", record) == ["trangsanx"]


def test_quoted_speech_keeps_regional_words_but_not_slips():
    # Far from every Indonesian word: said on purpose, kept. One slip from a word: flagged.
    assert flagged("Monggo sedoyo, sampun dipunparingi ngelingke nggih", quoted=True) == []
    assert flagged("Monggo sedoyo, jangan lupa rondda nggih", quoted=True) == ["rondda"]
    # The same far word in the topik (not quoted) is flagged...
    assert flagged("mengingatkan warga agar ngelingke ronda") == ["ngelingke"]
    # ...unless it stands between quotation marks.
    assert flagged('mengingatkan warga "ngelingke" ronda') == []


def test_chat_shorthand_gets_the_full_word():
    lexicon = spelling.Lexicon({})
    found = spelling.check_text("warga yg hadir dgn semangat", lexicon, field="topik")
    assert [(f.word, f.suggestions) for f in found] == [("yg", ("yang",)), ("dgn", ("dengan",))]


def test_what_is_never_a_word_to_check():
    text = (
        "Sugianto dan Harjanto membahas TNI, RT 03, ke-3 kalinya, H-1, www.kodim0726.mil.id, "
        "@pendim0726 #BabinsaHadir bersama-sama dengan ide-ide baru"
    )
    assert flagged("lalu " + text) == []


def test_a_hyphenated_word_names_its_unknown_part():
    lexicon = spelling.Lexicon({})
    (found,) = spelling.check_text("membawa ide-idee baru", lexicon)
    assert found.word == "ide-idee" and "ide-ide" in found.suggestions


def test_a_missing_space_is_suggested():
    lexicon = spelling.Lexicon({})
    assert "ke wilayah" in spelling.suggest("kewilayah", lexicon)


def test_replacing_a_finding_keeps_the_rest_of_the_text():
    text = "Babinsa melaksakan anjangsana, lalu melaksakan ronda"
    lexicon = spelling.Lexicon({})
    first, second = spelling.check_text(text, lexicon)
    assert second.replaced(text, "melaksanakan") == (
        "Babinsa melaksakan anjangsana, lalu melaksanakan ronda"
    )
    assert first.replaced(text, "X").startswith("Babinsa X anjangsana")


_DICTIONARY_WORDS = st.integers(min_value=0, max_value=10**9).map(
    lambda i: _sample_words()[i % len(_sample_words())]
)


def _sample_words(cache: list[str] = []) -> list[str]:  # noqa: B006 (a memo)
    if not cache:
        cache += [w for i, w in enumerate(wordlist.words()) if i % 97 == 0 and w.isalpha()]
    return cache


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_DICTIONARY_WORDS, min_size=1, max_size=12))
def test_any_dictionary_word_is_never_flagged(words):
    text = " ".join(words)
    assert flagged(text) == []
    assert flagged(text, quoted=True) == []


_NAMES = st.text(alphabet="abcdefghijklmnoprstuwy", min_size=3, max_size=12)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["warga", "babinsa", "dukuh", "desa", "kelompok", "pendamping"]),
    _NAMES,
    st.booleans(),
)
def test_any_name_in_the_record_is_never_flagged(field, name, capital):
    written = name.capitalize() if capital else name
    record = {field: [f"Kopda {written}"] if field == "pendamping" else written}
    for text in (f"{written} menyampaikan terima kasih", f"bertemu dengan {written} di rumahnya"):
        assert flagged(text, record) == []


# --- the word list --------------------------------------------------------------------------


def test_sorted_words_find_exactly_the_listed_words():
    listed = ["abadi", "bakti", "babinsa", "desa", "warga"]
    words = wordlist.SortedWords(wordlist.render(set(listed)))
    for word in listed:
        assert word in words
    for word in ["", "a", "aba", "abadii", "bak", "zzz", "wargaa", "dasa"]:
        assert word not in words
    assert list(words.starting_with("ba")) == ["babinsa", "bakti"]
    assert list(words) == sorted(listed)


@settings(max_examples=60, deadline=None)
@given(st.sets(st.text(alphabet="abcde", min_size=1, max_size=6), max_size=40), st.text("abcde"))
def test_sorted_words_agree_with_a_set(listed, probe):
    words = wordlist.SortedWords(wordlist.render(listed) if listed else b"")
    assert (probe in words) == (probe in listed)


def test_the_shipped_word_list_is_the_expansion_of_the_shipped_dictionary():
    """python -m komsos_cli.wordlist writes it again after the .aff/.dic change."""
    expanded = wordlist.expand()
    assert wordlist.WORDS_PATH.read_bytes() == wordlist.render(expanded)


def test_every_expanded_form_is_accepted_by_hunspell():
    from spylls.hunspell import Dictionary

    dic = Dictionary.from_files(str(wordlist.DICTIONARY))
    sample = [w for i, w in enumerate(wordlist.words()) if i % 211 == 0]
    assert len(sample) > 1000
    # The list is lowercase; hunspell wants a proper noun capitalised (Jepun).
    assert [w for w in sample if not (dic.lookup(w) or dic.lookup(w.capitalize()))] == []
    # And the other way: the corpus's dictionary words are all in the list.
    corpus_words = {
        w.lower()
        for v in visits()
        for f in spelling.FIELDS
        for w in re.findall(r"[a-z]+", v.get(f, ""))
    }
    missing = sorted(w for w in corpus_words if dic.lookup(w) and w not in wordlist.words())
    assert missing == []


# --- the command line -----------------------------------------------------------------------

TYPOS = [
    "--topik", "melaksakan anjangsana dan memberikan motivasi agar lebih masive berjualan",
    "--kutipan", "Semoga jagkauan produknya semakin luas lewat gethok tular",
    "--harapan", "usaha warga semakin dikenal",
]  # fmt: skip


def test_no_input_warns_about_each_word_and_stores_what_was_typed(komsos, sample_args):
    args = [a for a in sample_args]
    i = args.index("--topik")
    del args[i : i + 2]
    result = komsos("add", "--no-input", *args, *TYPOS)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Peringatan ejaan")]
    assert len(warnings) == 3
    assert "(topik): 'melaksakan' → melaksanakan" in warnings[0]
    assert "(topik): 'masive' → masif?" in warnings[1]
    assert "(ucapan Babinsa): 'jagkauan' → jangkauan?" in warnings[2]
    assert all("Disimpan seperti diketik" in w for w in warnings)
    visit = komsos.json("show", "1")
    assert "melaksakan" in visit["topik"] and "jagkauan" in visit["kutipan"]


def test_a_clean_visit_gets_no_warning(komsos, sample_args):
    result = komsos("add", "--no-input", *sample_args, "--kutipan", "Kami siap membantu warga")
    assert "ejaan" not in result.stderr


def test_edit_warns_only_about_the_fields_it_changes(komsos, sample_args):
    komsos("add", "--no-input", *sample_args, "--harapan", "usaha makin masive")
    result = komsos("edit", "1", "--kutipan", "Kami siap membantu jagkauan pasar")
    assert "'jagkauan' → jangkauan?" in result.stderr
    assert "masive" not in result.stderr
    assert komsos.json("show", "1")["kutipan"] == "Kami siap membantu jagkauan pasar"


def test_periksa_lists_the_unknown_words_of_stored_visits(komsos, sample_args):
    komsos("add", "--no-input", *sample_args)  # clean
    args = list(sample_args)
    args[args.index("--tanggal") + 1] = "2023-02-03"
    komsos("add", "--no-input", *args, "--harapan", "usaha warga makin masive yg penting rukun")
    out = komsos("periksa").stdout
    assert "Kunjungan 1" not in out
    assert "Kunjungan 2 (2023-02-03, Harjanto):" in out
    assert "  harapan: 'masive' → masif?" in out and "  harapan: 'yg' → yang?" in out
    assert "2 kata tidak dikenal di 1 dari 2 kunjungan." in out
    assert (
        "Tidak ada kata yang tidak dikenal di 1 kunjungan."
        in komsos("periksa", "--month", "2023-01").stdout
    )
    assert "tidak ada kata yang tidak dikenal" in komsos("periksa", "1").stdout
    (entry,) = json.loads(komsos("periksa", "2", "--json").stdout)
    assert entry["id"] == 2
    assert {"kolom": "harapan", "kata": "masive", "saran": ["masif"]} in entry["temuan"]


def test_periksa_with_a_bad_month_is_a_user_error(komsos):
    result = komsos("periksa", "--month", "Januar", code=2)
    assert "Traceback" not in result.output


# --- the prompts at a real terminal ---------------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="pseudo-terminal khusus POSIX")
def test_the_prompt_takes_a_suggestion_keeps_a_word_or_retypes(tmp_path, db_path, komsos):
    env = {**os.environ, "KOMSOS_DB": str(db_path), "TERM": "dumb", "COLUMNS": "120"}
    args = [
        "add", "--pangkat", "Serka", "--babinsa", "Sugianto", "--tanggal", "2023-01-16",
        "--waktu", "09.30", "--kegiatan", "komsos", "--tema", "umum", "--warga", "Harjanto",
        "--sapaan", "Bapak", "--umur", "52", "--pekerjaan", "petani", "--keterangan", "padi",
        "--dukuh", "Kauman", "--rt", "3", "--rw", "4", "--desa", "Krajan", "--kecamatan",
        "Gatak", "--kabupaten", "Sukoharjo", "--provinsi", "Jawa Tengah", "--pendamping",
        "Kopda Dede Herman", "--situasi", "aman", "--catatan", "-", "--kutipan-warga", "Terima kasih",
        "--topik", "melaksakan anjangsana ke rumah warga",
        "--kutipan", "Semoga jagkauan pasarnya luas",
        "--harapan", "usaha makin masive",
    ]  # fmt: skip
    t = Terminal(args, env, tmp_path)
    try:
        t.expect("'melaksakan' tidak dikenal")
        t.expect("1) melaksanakan")
        t.send("")  # Enter: the first suggestion
        t.expect("'jagkauan' tidak dikenal")
        t.send("b")  # keep it as typed
        t.expect("'masive' tidak dikenal")
        t.send("u")  # retype the whole field
        t.expect("Ketik ulang harapan")
        t.send("usaha makin maju")
        for prompt in ("Foto dokumentasi ke-1", "Koordinat lokasi"):  # asked after the text
            t.expect(prompt)
            t.send("")
        assert t.wait() == 0, t.screen
    finally:
        if t.proc.poll() is None:
            t.proc.kill()
    visit = komsos.json("show", "1")
    assert visit["topik"].startswith("melaksanakan anjangsana")
    assert "jagkauan" in visit["kutipan"]
    assert visit["harapan"] == "usaha makin maju"


# --- the releases' own text -----------------------------------------------------------------


def _templates() -> list[str]:
    from komsos_cli.release import list_templates

    return [t.name for t in list_templates() if t.kind == "rilis" and t.source == "bawaan"]


def test_the_release_templates_own_words_come_out_clean(komsos):
    """Every built-in template, in several wordings, over clean visits of the corpus: any word
    flagged is the template's own (the visits' text is known to be clean)."""
    sample = visits()[:8]
    for visit in sample:
        args = ["add", "--no-input", "--pangkat", visit.get("pangkat", "Serka"),
                "--babinsa", visit.get("babinsa", "Sugianto"), "--tanggal", "2023-01-16",
                "--koramil", "07/Gatak", "--kodim", "0726/Sukoharjo"]  # fmt: skip
        for field in (*spelling.FIELDS, "warga", "kelompok", "dukuh", "desa", "kecamatan"):
            if visit.get(field):
                args += [f"--{field.replace('_', '-')}", visit[field]]
        args += ["--kabupaten", "Sukoharjo", "--provinsi", "Jawa Tengah"]
        komsos(*args)
    stored = komsos.json("list")
    found: dict[str, set[str]] = {}
    for template in _templates():
        for visit in stored:
            lexicon = spelling.Lexicon(visit)
            for variant in range(4):
                text = komsos(
                    "release", str(visit["id"]), "--template", template, "--variant", str(variant)
                ).stdout
                for finding in spelling.check_text(text, lexicon):
                    found.setdefault(finding.word, set()).add(template)
        for visit in stored[:2]:
            text = komsos("report", str(visit["id"])).stdout
            for finding in spelling.check_text(text, spelling.Lexicon(visit)):
                found.setdefault(finding.word, set()).add("laporan")
    assert found == {}, f"template words flagged: {found}"
