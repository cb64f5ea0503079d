"""The editor: what a Kodim press officer would correct in a release or a report."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from komsos_cli.dates import BULAN, HARI, hari
from komsos_cli.release.catalog import TEMPLATE_SUFFIX, _kind
from komsos_cli.release.editor import findings
from komsos_cli.release.facts import _FREE_TEXT_ALLOWANCE, MAX_WORDS, MIN_WORDS, _record, facts
from komsos_cli.release.formats import _WA_BACK, plain_text
from komsos_cli.release.render import render_release, render_report
from komsos_cli.release.samples import sample_visits
from komsos_cli.release.topik import missing_words
from komsos_cli.release.wording import _words, judul, kutipan_dalam


def expected_facts(visit: Mapping[str, Any], kind: str = "rilis") -> list[tuple[str, str]]:
    """(label, text) pairs that must appear verbatim in a release (or a report)."""
    v = _record(visit)
    f = facts(visit)
    out: list[tuple[str, str]] = [("Babinsa", f["babinsa"])]
    out += [("pendamping", p) for p in v["pendamping"]]
    if kind == "laporan":
        if v["koramil"]:
            out.append(("Danramil", f["danramil"]))
        out.append(("tanggal", f"{f['hari']}, {f['tanggal_panjang']}"))
    else:
        out += [("Koramil", f["koramil"]), ("Kodim", f["kodim"])]
        out.append(("tanggal", f["hari_tanggal"]))
    out.append(("waktu", f["jam"]))
    if f["perorangan"]:
        out.append(("warga", f["orang"] + (f" ({f['umur']})" if f["umur"] else "")))
    out += [("pekerjaan", v["pekerjaan"]), ("kelompok", v["kelompok"])]
    out += [("dukuh", v["dukuh"])]
    out += [("RT/RW", part) for part in f["rt_rw"].split("/") if part]
    out += [("desa", f["desa"]), ("kecamatan", f["kecamatan"]), ("kabupaten", f["kabupaten"])]
    if kind == "laporan":
        out += [("kutipan warga", kutipan_dalam(v["kutipan_warga"])), ("situasi", v["situasi"])]
    else:
        out += [("kutipan Babinsa", kutipan_dalam(v["kutipan"]))]
        out += [("kutipan warga", kutipan_dalam(v["kutipan_warga"])), ("harapan", v["harapan"])]
    return [(label, text) for label, text in out if text]


_WORD = r"[^\W_]+"

_DATE_NUM = re.compile(r"\b(" + "|".join(HARI) + r")\s+\((\d{2})/(\d{2})/(\d{4})\)")

_HARI_RE = "|".join(HARI)

_BULAN_RE = "|".join(BULAN)

_DATE_LONG = re.compile(
    rf"\b({_HARI_RE}),?\s+(?:tanggal\s+)?(\d{{1,2}})\s+({_BULAN_RE})\s+(\d{{4}})"
)


def _mask(text: str, pieces: Iterable[str]) -> tuple[str, list[tuple[int, int]]]:
    """Replace each fact occurrence by a neutral token, so checks judge only the template's words.

    Returns the masked text and the spans of the facts in the original text.
    """
    spans: list[tuple[int, int]] = []
    for piece in sorted({p for p in pieces if p}, key=len, reverse=True):
        start = 0
        while (i := text.find(piece, start)) != -1:
            end = i + len(piece)
            if not any(a < end and i < b for a, b in spans):
                spans.append((i, end))
            start = i + 1
    masked, last = [], 0
    for n, (a, b) in enumerate(sorted(spans)):
        masked.append(text[last:a])
        masked.append(f"Qfakta{n}q")
        last = b
    masked.append(text[last:])
    return "".join(masked), spans


def _repeated_phrases(body: str, size: int = 4) -> list[str]:
    words = [w.lower() for w in re.findall(r"[^\W_][\w'/-]*", body)]
    seen: dict[tuple[str, ...], int] = {}
    repeated = []
    for i in range(len(words) - size + 1):
        gram = tuple(words[i : i + size])
        if any(w.startswith("qfakta") for w in gram):
            continue
        if gram in seen and i - seen[gram] >= size and " ".join(gram) not in repeated:
            repeated.append(" ".join(gram))
        seen.setdefault(gram, i)
    return repeated


def editor_views(
    plain: str, visit: Mapping[str, Any], wanted: list[tuple[str, str]] | None = None
) -> tuple[str, str]:
    """The release as the editor judges it: ``masked`` hides every recorded text (what the user
    typed, which may well say "warga warga"), so that style checks judge only the template's
    own words; ``facts_only`` hides only the recorded facts of the visit (not who wrote it),
    to count the sentences that carry none."""
    wanted = expected_facts(visit) if wanted is None else wanted
    derived = facts(visit)
    fact_texts = [piece for _, piece in wanted]
    fact_texts += [str(value) for key, value in visit.items() if key != "catatan"
                   and isinstance(value, str) and len(value) >= 3]  # fmt: skip
    fact_texts += [str(p) for p in visit.get("pendamping") or []]
    fact_texts += [derived[k] for k in ("babinsa_pendek", "juru_bicara", "juru_bicara_pendek", "sasaran", "kerja", "judul_kerja",
                                        "kunjungan", "alamat") if derived[k]]  # fmt: skip
    fact_texts += [judul(p) for p in fact_texts]  # as the headline spells them
    masked, _ = _mask(plain, fact_texts)
    recorded = [piece for label, piece in wanted if label not in ("Babinsa", "Koramil", "Kodim")]
    recorded += [derived[k] for k in ("kerja", "kunjungan", "sasaran", "alamat", "orang")
                 if derived[k]]  # fmt: skip
    recorded += [str(visit.get(k) or "") for k in ("topik", "keterangan", "warga", "desa")]
    # The Babinsa is not a recorded fact of the visit; his name (initials and all) is one word.
    named = plain.replace(derived["babinsa"], "Babinsa") if derived["babinsa"] else plain
    facts_only, _ = _mask(named, [p for p in recorded if len(p) >= 3])
    return masked, facts_only


def check_text(
    text: str,
    visit: Mapping[str, Any],
    *,
    kind: str = "rilis",
    format: str = "text",
) -> list[str]:
    """Problems an editor would object to, in Indonesian; an empty list means the text is clean.

    ``kind`` is ``rilis`` (a press release) or ``laporan`` (the report to the Danramil).
    """
    if kind == "rilis":
        plain = plain_text(text, format)
    else:  # a report: only WhatsApp's neutralised marks to undo
        plain = text.translate(_WA_BACK) if format in ("whatsapp", "wa") else text
    problems: list[str] = []
    wanted = expected_facts(visit, kind)
    for label, piece in wanted:
        if piece not in plain:
            problems.append(f"Fakta {label} tidak muncul apa adanya: '{piece}'.")
    # The topik and keterangan may be reworded around their words; all their words stay.
    body = plain.split("\n", 1)[1] if "\n" in plain and kind == "rilis" else plain
    for label in ("topik", "keterangan") if kind == "rilis" else ("topik",):
        lost = missing_words(str(visit.get(label) or ""), body)
        if lost:
            problems.append(f"Kata {label} hilang dari teks: {', '.join(lost)}.")
    catatan = str(visit.get("catatan") or "")
    if len(catatan) >= 12 and catatan in plain:
        problems.append("Catatan internal muncul di teks; catatan tidak boleh ikut dirilis.")

    derived = facts(visit)
    masked, facts_only = editor_views(plain, visit, wanted)
    for token in ("{{", "}}", "{%", "%}", "{#", "#}"):
        if token in masked:
            problems.append(f"Sisa sintaks template '{token}' masih ada di teks.")
    if re.search(r"\(\s*\)", masked):
        problems.append("Ada kurung kosong '()'.")
    if re.search(r"\bNone\b|\bnull\b|\bundefined\b", masked):
        problems.append("Nilai kosong bocor ke teks ('None', 'null' atau 'undefined').")
    for m in re.finditer(rf"\b({_WORD})\s+\1\b", masked, re.I):
        problems.append(f"Kata ganda: '{m[0]}'.")
    if re.search(r"[^\S\n]{2,}", masked):
        problems.append("Ada spasi ganda.")
    for m in re.finditer(r"\S*\s+[,.;:!?)]", masked):
        problems.append(f"Ada spasi sebelum tanda baca: '{m[0].strip()}'.")
    if re.search(r"\(\s", masked):
        problems.append("Ada spasi sesudah kurung buka.")
    for m in re.finditer(r"[,;:]\s*[,.;:]|\.\s*,|,\s*$", masked, re.M):
        problems.append(f"Tanda baca beruntun atau menggantung: '{m[0].strip()}'.")
    if re.search(r"\bR[TW]\b(?!\s\d)", masked):
        problems.append("RT/RW tertulis tanpa nomor.")
    if masked.count('"') % 2:
        problems.append("Tanda petik tidak berpasangan.")
    for m in re.finditer(r"[.!?]\s+([a-z]\w*)", masked):
        problems.append(f"Kalimat diawali huruf kecil: '{m[1]}'.")
    for paragraph in masked.split("\n"):
        starts = [s.split()[0] for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", paragraph) if s.split()]
        for first, second in zip(starts, starts[1:], strict=False):
            if first == second and not first.startswith(("Qfakta", '"')):
                problems.append(f"Dua kalimat berturut-turut diawali kata yang sama: '{first}'.")

    for m in _DATE_NUM.finditer(plain):
        try:
            d = date(int(m[4]), int(m[3]), int(m[2]))
        except ValueError:
            problems.append(f"Tanggal tidak ada di kalender: {m[0]}.")
            continue
        if hari(d) != m[1]:
            problems.append(
                f"Hari '{m[1]}' tidak cocok dengan tanggal {m[0]} (seharusnya {hari(d)})."
            )
    for m in _DATE_LONG.finditer(plain):
        d = date(int(m[4]), BULAN.index(m[3]) + 1, int(m[2]))
        if hari(d) != m[1]:
            problems.append(
                f"Hari '{m[1]}' tidak cocok dengan tanggal {m[0]} (seharusnya {hari(d)})."
            )

    lines = [line for line in plain.strip().split("\n") if line.strip()]
    if kind == "rilis":
        # The first line is the headline; a text of one line is all headline and no body, but its
        # length is still what it says (not 0 words).
        body = "\n".join(lines[1:]) if len(lines) > 1 else "\n".join(lines)
        words = _words(body)
        if len(lines) <= 1:
            problems.append(
                "Rilis hanya berisi satu baris: sesudah judul (baris pertama) harus ada isi."
            )
        extra = max(0, facts(visit)["kata_bebas"] - _FREE_TEXT_ALLOWANCE)
        if not MIN_WORDS <= words <= MAX_WORDS + extra:
            problems.append(
                f"Panjang rilis {words} kata; seharusnya sekitar {MIN_WORDS}-{MAX_WORDS + extra} kata."
            )
        masked_lines = [line for line in masked.strip().split("\n") if line.strip()]
        if masked_lines and masked_lines[0].rstrip().endswith("."):  # "M." of a name is fine
            problems.append("Judul diakhiri titik.")
        body_masked = "\n".join(masked.strip().split("\n")[1:])
        for phrase in _repeated_phrases(body_masked):
            problems.append(f"Frasa diulang: '{phrase}'.")
        problems += [message for _, message in findings(plain, masked, visit, derived, facts_only)]
    else:
        lowered = plain.lower()
        for formula in ("ijin melaporkan", "demikian dilaporkan"):
            if formula not in lowered:
                problems.append(f"Laporan tidak memuat '{formula}'.")
        if _words(plain) > 120 + facts(visit)["kata_bebas"]:
            problems.append("Laporan terlalu panjang; laporan harus singkat.")
    return problems


def check_template(
    template: str | Path, user_dir: str | Path | None = None
) -> list[tuple[str, list[str]]]:
    """Render ``template`` (a name or a file) for every sample visit and self-check each text.

    Returns (sample description, problems) per sample. A template that cannot render raises
    InputError (user templates) or KomsosError.
    """
    text = str(template)
    stem = Path(text).name
    stem = stem[: -len(TEMPLATE_SUFFIX)] if stem.endswith(TEMPLATE_SUFFIX) else Path(stem).stem
    is_report = _kind(stem) == "laporan"
    results = []
    for visit in sample_visits():
        label = f"contoh {visit['id']} ({visit['kegiatan']}, {visit['tema']})"
        if is_report:
            out = render_report(visit, template=template, user_dir=user_dir)
            results.append((label, check_text(out, visit, kind="laporan")))
        else:
            out = render_release(visit, template=template, user_dir=user_dir)
            results.append((label, check_text(out, visit)))
    return results


# --- a month read by an editor ----------------------------------------------------------------


def month_figures(
    texts: Sequence[str], visits: Sequence[Mapping[str, Any]], *, size: int = 4, often: int = 5
) -> tuple[float, list[str]]:
    """How much a set of releases (one Babinsa's month) repeats itself.

    Returns the share of sentences outside quotes (body, not the headline) that appear word for
    word in two or more releases, and the ``size``-word phrases of the template's own words
    (recorded facts masked) that appear in ``often`` or more releases.
    """
    sentence_sets, gram_sets, total = [], [], 0
    for text, visit in zip(texts, visits, strict=True):
        body = text.strip().split("\n", 1)[1] if "\n" in text.strip() else ""
        outside = re.sub(r'"[^"]*"', '"…"', body)
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", outside.replace("\n", " "))]
        sentences = [s for s in sentences if len(s.split()) >= 3]
        total += len(sentences)
        sentence_sets.append(sentences)
        masked, _ = _mask(body, _fact_pieces(visit))
        words = [w.lower() for w in re.findall(r"[^\W_][\w'/-]*", masked)]
        gram_sets.append(
            {
                tuple(words[i : i + size])
                for i in range(len(words) - size + 1)
                if not any(w.startswith("qfakta") for w in words[i : i + size])
            }  # fmt: skip
        )
    seen: dict[str, set[int]] = {}
    for n, sentences in enumerate(sentence_sets):
        for s in sentences:
            seen.setdefault(s, set()).add(n)
    repeated = sum(1 for sentences in sentence_sets for s in sentences if len(seen[s]) >= 2)
    grams: dict[tuple[str, ...], int] = {}
    for g in gram_sets:
        for gram in g:
            grams[gram] = grams.get(gram, 0) + 1
    common = sorted(" ".join(g) for g, n in grams.items() if n >= often)
    return (repeated / total if total else 0.0), common


def _fact_pieces(visit: Mapping[str, Any]) -> list[str]:
    """Every recorded text and the facts made of them, as they may appear in a release."""
    f = facts(visit)
    pieces = [piece for _, piece in expected_facts(visit)]
    pieces += [str(v) for k, v in visit.items() if k != "catatan" and isinstance(v, str)
               and len(v) >= 3]  # fmt: skip
    pieces += [str(p) for p in visit.get("pendamping") or []]
    pieces += [f[k] for k in ("babinsa_pendek", "juru_bicara", "juru_bicara_pendek", "sasaran", "kerja", "kunjungan",
                              "alamat", "satuan", "hari_tanggal", "jam") if f[k]]  # fmt: skip
    return [p for p in pieces if p]
