"""`komsos add` and `komsos init` at a real terminal (a pseudo-terminal), answered like a person."""

from __future__ import annotations

import json
import os

import pytest
from tests_support import Terminal

pytestmark = pytest.mark.skipif(os.name == "nt", reason="pseudo-terminal khusus POSIX")


@pytest.fixture
def term(tmp_path, db_path):
    env = {**os.environ, "KOMSOS_DB": str(db_path), "TERM": "dumb", "COLUMNS": "120"}
    started = []

    def start(*args: str) -> Terminal:
        t = Terminal(list(args), env, tmp_path)
        started.append(t)
        return t

    yield start
    for t in started:
        if t.proc.poll() is None:
            t.proc.kill()


def test_add_asks_again_with_the_reason_and_uses_profile_defaults(term, komsos, db_path):
    komsos("init", "--no-input", "--pangkat", "Serka", "--babinsa", "Sugianto", "--desa", "Krajan",
           "--kecamatan", "Gatak", "--kabupaten", "Sukoharjo", "--provinsi", "Jawa Tengah")  # fmt: skip
    t = term("add", "--tema", "usaha")
    answers = [
        ("Tanggal kunjungan", "31/02/2023"),  # not in the calendar: asked again
        ("tidak ada di kalender", "16 Januari 2023"),
        ("Senin, 16 Januari 2023", None),  # the date it understood, written out
        ("Jam kunjungan", "9.30"),
        ("Pangkat Babinsa", ""),  # Enter keeps the profile's Serka
        ("Nama Babinsa", ""),
        ("Kegiatan", "anjangsana"),
        ("Nama warga", "harjanto"),
        ("Sapaan", "bpk"),
        ("Umur", "lima puluh"),
        ("harus bilangan bulat", "52"),
        ("Pekerjaan", "pengrajin blangkon"),
        ("Keterangan", ""),
        ("Dukuh", "Kauman"),
        ("RT", "3"),
        ("RW", "4"),
        ("Desa/kelurahan", ""),
        ("Kecamatan", ""),
        ("Kabupaten", ""),
        ("Provinsi", ""),
        ("Apa yang dilakukan", ""),  # required: asked again
        ("Wajib diisi", "memberikan motivasi agar lebih produktif"),
        ("Ucapan Babinsa", "Kami siap membantu"),
        ("Ucapan warga", ""),
        ("Harapan", ""),
        ("Pendamping", "Kopda Dede Herman, bripka joko"),
        ("Situasi", ""),
        ("Catatan", ""),
        ("Foto dokumentasi ke-1", ""),
        ("Koordinat lokasi", ""),
    ]
    for prompt, reply in answers:
        t.expect(prompt)
        if reply is not None:
            t.send(reply)
    assert t.wait() == 0, t.screen
    assert "tersimpan: Harjanto, Senin, 16 Januari 2023." in t.screen
    visit = json.loads(komsos("show", "1", "--json").stdout)
    assert visit["tanggal"] == "2023-01-16" and visit["waktu"] == "09.30"
    assert visit["pangkat"] == "Serka" and visit["babinsa"] == "Sugianto"
    assert visit["sapaan"] == "Bapak" and visit["warga"] == "Harjanto" and visit["umur"] == 52
    assert visit["rt"] == "03" and visit["desa"] == "Krajan" and visit["kabupaten"] == "Sukoharjo"
    assert visit["tema"] == "usaha" and visit["kegiatan"] == "anjangsana"
    assert visit["pendamping"] == ["Kopda Dede Herman", "Bripka Joko"]


def test_no_input_at_a_terminal_never_asks(term, db_path):
    t = term("add", "--no-input", "--warga", "Harjanto")
    assert t.wait() == 2
    assert "Data wajib belum diisi" in t.screen and "?" not in t.screen.split("Galat:")[0]
    assert not db_path.exists()


def test_ctrl_c_at_a_prompt_stores_nothing_but_gives_the_answers_back(term, db_path):
    from datetime import date, timedelta

    t = term("add", "--pangkat", "Serka", "--babinsa", "Sugianto")
    t.expect("Tanggal kunjungan")
    t.send("kemarin")
    t.expect("Jam kunjungan")
    t.send("")
    t.expect("Kegiatan")
    t.proc.send_signal(2)  # SIGINT, as Ctrl-C does
    assert t.wait() == 130
    assert "Dibatalkan" in t.screen and "Traceback" not in t.screen
    assert not db_path.exists()
    # The answers come back as a command with the date resolved, valid on any later day.
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert "komsos add --no-input" in t.screen and f"--tanggal {yesterday}" in t.screen


def test_answers_survive_a_busy_database(term, db_path):
    from filelock import FileLock

    env_timeout = {"KOMSOS_LOCK_TIMEOUT": "0.3"}
    os.environ.update(env_timeout)
    try:
        t = term("add", "--pangkat", "Serka", "--babinsa", "Sugianto", "--kecamatan", "Gatak",
                 "--tanggal", "2023-01-16", "--kegiatan", "komsos", "--tema", "umum")  # fmt: skip
    finally:
        os.environ.pop("KOMSOS_LOCK_TIMEOUT")
    for prompt, reply in [
        ("Jam kunjungan", ""), ("Nama warga", "Harjanto"), ("Sapaan", ""), ("Umur", ""),
        ("Pekerjaan", ""), ("Keterangan", ""), ("Dukuh", ""), ("RT", ""), ("RW", ""),
        ("Desa/kelurahan", ""), ("Kabupaten", ""), ("Provinsi", ""),
        ("Apa yang dilakukan", "silaturahmi ke rumah warga"), ("Ucapan Babinsa", ""),
        ("Ucapan warga", ""), ("Harapan", ""), ("Pendamping", ""), ("Situasi", ""),
        ("Catatan", ""), ("Foto dokumentasi ke-1", ""),
    ]:  # fmt: skip
        t.expect(prompt)
        t.send(reply)
    with FileLock(str(db_path) + ".lock"):
        t.expect("Koordinat lokasi")
        t.send("")
        code = t.wait()
    assert code == 1
    assert "sedang dipakai" in t.screen
    # The answers are printed back as a command that stores them once the database is free.
    assert "komsos add --no-input" in t.screen and "'silaturahmi ke rumah warga'" in t.screen


def test_delete_confirmation_is_indonesian(term, komsos, sample_args):
    komsos("add", "--no-input", *sample_args)
    komsos("add", "--no-input", *sample_args)
    t = term("delete", "1")
    t.expect("[y/t]")
    t.send("mungkin")
    t.expect("Jawab y (ya) atau t (tidak)")
    t.send("ya")
    assert t.wait() == 0, t.screen
    t = term("hapus", "2")
    t.expect("[y/t]")
    t.send("")  # Enter: the safe answer
    assert t.wait() == 0
    assert "tidak ada yang berubah" in t.screen
    assert [v["id"] for v in json.loads(komsos("list", "--json").stdout)] == [2]


@pytest.mark.parametrize("typed", ["senin", "hari senin", "3/12", "3 Des"])
def test_a_short_date_is_shown_resolved_before_the_next_question(term, komsos, typed):
    from datetime import date, timedelta

    from komsos_cli.dates import BULAN, HARI

    today = date.today()
    if "senin" in typed:
        expected = today - timedelta(days=today.weekday())  # this week's Monday, or today
    else:
        expected = next(
            today - timedelta(days=n)
            for n in range(3000)
            if (today - timedelta(days=n)).timetuple()[1:3] == (12, 3)
        )
    shown = (
        f"{HARI[expected.weekday()]}, {expected.day} {BULAN[expected.month - 1]} {expected.year}"
    )
    t = term("add", "--pangkat", "Serka", "--babinsa", "Sugianto", "--kecamatan", "Gatak",
             "--warga", "Harjanto", "--topik", "silaturahmi", "--kegiatan", "komsos",
             "--tema", "umum")  # fmt: skip
    t.expect("Tanggal kunjungan")
    t.send(typed)
    t.expect(shown)
    t.expect("Jam kunjungan")
    t.proc.kill()
    t.wait()


def _edit_session(term, answers):  # type: ignore[no-untyped-def]
    t = term("edit", "1")
    for prompt, reply in answers:
        t.expect(prompt)
        t.send(reply)
    return t


def test_edit_without_options_asks_every_field_with_its_current_value(term, komsos, sample_args):
    komsos("add", "--no-input", *sample_args, "--pendamping", "Kopda Dede Herman",
           "--kutipan", "Kami siap membantu")  # fmt: skip
    before = komsos.json("show", "1")
    t = term("edit", "1")
    t.expect("Ubah kunjungan 1")
    # (question, the current value shown as its default, the reply; "" keeps, "-" empties)
    for question, shown, reply in [
        ("Tanggal kunjungan", "2023-01-16", ""), ("Jam kunjungan", None, ""),
        ("Pangkat Babinsa", "Serka", ""), ("Nama Babinsa", "Sugianto", ""),
        ("Kegiatan", "komsos", ""), ("Tema", "umum", ""), ("Nama warga", "Harjanto", ""),
        ("Sapaan", "Bapak", ""), ("Umur", "52", "53"), ("Pekerjaan", "pengrajin blangkon", ""),
        ("Keterangan", None, ""), ("Dukuh", None, ""), ("RT", None, ""), ("RW", None, ""),
        ("Desa/kelurahan", "Krajan", ""), ("Kecamatan", "Gatak", ""),
        ("Kabupaten", "Sukoharjo", ""), ("Provinsi", "Jawa Tengah", ""),
        ("Apa yang dilakukan", None, ""),  # its long default wraps on the screen
        ("Ucapan Babinsa", "Kami siap membantu", "-"), ("Ucapan warga", None, ""),
        ("Harapan", None, ""), ("Pendamping", "Herman", "Kopda Dede Herman, kades suparno"),
        ("Situasi", "aman dan kondusif", ""), ("Catatan", None, ""),
    ]:  # fmt: skip
        screen = t.expect(question)
        if shown is not None:  # the default closes the question (which may wrap before it)
            t.expect(f"{shown}): ")
            assert t.screen.rindex(f"{shown}): ") > screen.rindex(question)
        t.send(reply)
    assert t.wait() == 0, t.screen
    assert "Kunjungan 1 diubah" in t.screen
    after = komsos.json("show", "1")
    assert after["umur"] == 53 and "kutipan" not in after
    assert after["pendamping"] == ["Kopda Dede Herman", "Kades Suparno"]
    changed = ("umur", "kutipan", "pendamping", "diubah")
    assert {k: v for k, v in after.items() if k not in changed} == {
        k: v for k, v in before.items() if k not in changed
    }


def test_edit_with_every_answer_kept_changes_nothing(term, komsos, sample_args, db_path):
    komsos("add", "--no-input", *sample_args)
    before = db_path.read_bytes()
    t = term("edit", "1")
    t.expect("Ubah kunjungan 1")
    for _ in range(40):  # Enter at every question, whatever their number
        if t.proc.poll() is not None:
            break
        t.send("")
    assert t.wait() == 0, t.screen
    assert "Tidak ada yang berubah." in t.screen
    assert db_path.read_bytes() == before


def test_edit_with_no_input_still_refuses_at_a_terminal(term, komsos, sample_args):
    komsos("add", "--no-input", *sample_args)
    t = term("edit", "1", "--no-input")
    assert t.wait() == 2
    assert "Tidak ada yang diubah" in t.screen and "Ubah kunjungan" not in t.screen


def test_ctrl_c_while_editing_gives_the_changes_back(term, komsos, sample_args):
    komsos("add", "--no-input", *sample_args)
    t = term("edit", "1")
    t.expect("Tanggal kunjungan")
    t.send("")
    t.expect("Jam kunjungan")
    t.send("10.15")
    t.expect("Pangkat Babinsa (Serka): ")  # the whole question: the answer is being read
    t.proc.send_signal(2)
    assert t.wait() == 130
    assert "komsos edit 1 --no-input --waktu 10.15" in t.screen
    assert komsos.json("show", "1").get("waktu") is None


def test_a_group_visit_at_the_prompt_asks_for_the_group_and_not_for_a_person(term, komsos):
    t = term("add", "--pangkat", "Serka", "--babinsa", "Sugianto", "--kecamatan", "Gatak",
             "--tanggal", "2023-01-16", "--kegiatan", "komsos", "--tema", "umum")  # fmt: skip
    for prompt, reply in [
        ("Jam kunjungan", ""), ("Nama warga", ""), ("Kelompok", ""), ("Wajib diisi", "para petani cabai"),
        ("Dukuh", ""), ("RT", ""), ("RW", ""), ("Desa/kelurahan", ""), ("Kabupaten", ""),
        ("Provinsi", ""), ("Apa yang dilakukan", "penyuluhan hama"), ("Ucapan Babinsa", ""),
        ("Harapan", ""), ("Pendamping", ""), ("Situasi", ""), ("Catatan", ""),
        ("Foto dokumentasi ke-1", ""), ("Koordinat lokasi", ""),
    ]:  # fmt: skip
        t.expect(prompt)
        t.send(reply)
    assert t.wait() == 0, t.screen
    assert "Sapaan" not in t.screen and "Umur" not in t.screen
    assert komsos.json("show", "1")["kelompok"] == "para petani cabai"
