"""The office recap from the profiles the send files carried: per Babinsa, unvisited desa binaan,
days without a visit (ended days only), photo evidence, and TUNTAS/BELUM against a target."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from photo_support import make_jpeg
from send_support import MARCH, two_babinsa
from test_rekap_browser import CHROMIUM, chromium

from komsos_cli.rekap import build_rekap, html_context

MARCH_DAYS = 31


@pytest.fixture
def office(komsos, tmp_path):
    """An office database that imported both Babinsa's March (and nothing else)."""
    dbs = two_babinsa(komsos, tmp_path)
    # One of Sugianto's visits has a photo.

    photo = make_jpeg(tmp_path / "dokumentasi.jpg", "2023:03:06 09:00:00", size=(64, 48))
    visit = komsos.json("--db", dbs["sugianto"], "list")[0]
    komsos("--db", dbs["sugianto"], "edit", str(visit["id"]), "--foto", photo)
    path = tmp_path / "kantor.json"
    for who, db in dbs.items():
        sent = tmp_path / f"{who}.komsos"
        komsos("--db", db, "send", "--month", "2023-03", "-o", sent)
        komsos("--db", path, "import", sent)
    return path


def rows(komsos, office, *extra: str) -> list[list[str]]:
    out = komsos("--db", office, "rekap", "--month", "2023-03", "-f", "csv", *extra).stdout
    return list(csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))


def days_visited(who: str) -> set[str]:
    return {m[1] for m in MARCH if m[0] == who and m[1].startswith("2023-03")}


def test_each_babinsa_with_his_unvisited_desa_days_without_and_photos(komsos, office):
    table = rows(komsos, office)
    by = {(r[0], r[1]): r[2:] for r in table}
    assert by[("Babinsa", "Serka Sugianto")][0] == "12"
    assert by[("Babinsa", "Sertu Budi Santoso")][0] == "10"
    unvisited = [r[1] for r in table if r[0] == "Belum dikunjungi per Babinsa"]
    assert unvisited == ["Desa Klaseman (Sertu Budi Santoso)"]
    assert by[("Hari tanpa kunjungan per Babinsa", "Serka Sugianto")][0] == str(
        MARCH_DAYS - len(days_visited("sugianto"))
    )
    assert by[("Hari tanpa kunjungan per Babinsa", "Sertu Budi Santoso")][0] == str(
        MARCH_DAYS - len(days_visited("budi"))
    )
    assert by[("Kunjungan berfoto", "Serka Sugianto")] == ["1", "8,3"]
    assert by[("Kunjungan berfoto", "Sertu Budi Santoso")] == ["0", "0,0"]
    # Without a target there is no TUNTAS/BELUM.
    assert not [r for r in table if r[0].startswith("Target")]


def test_target_gives_tuntas_or_belum_per_desa_and_the_share_done(komsos, office):
    table = rows(komsos, office, "--target", "9")
    status = {r[1]: (r[2], r[3]) for r in table if r[0] == "Target 9 per desa"}
    assert status == {
        "Desa Krajan (Serka Sugianto)": ("10", "TUNTAS"),
        "Desa Blimbing (Serka Sugianto)": ("2", "BELUM"),
        "Desa Trosemi (Sertu Budi Santoso)": ("9", "TUNTAS"),  # exactly the target
        "Desa Sanggung (Sertu Budi Santoso)": ("1", "BELUM"),
        "Desa Klaseman (Sertu Budi Santoso)": ("0", "BELUM"),
    }
    assert ["Desa binaan tuntas", "", "2", "40,0"] in table
    # The office's profile setting does the same without the option.
    komsos("--db", office, "profile", "set", "target", "9")
    assert rows(komsos, office) == table
    assert rows(komsos, office, "--target", "2")[-1] == ["Desa binaan tuntas", "", "3", "60,0"]


def test_a_bad_target_is_a_usage_error(komsos, office):
    result = komsos("--db", office, "rekap", "--target", "0", code=2)
    assert "--target harus angka 1 sampai 100" in result.stderr
    result = komsos("--db", office, "profile", "set", "target", "sembilan", code=2)
    assert "angka 1 sampai 100" in result.stderr


def test_tema_and_kegiatan_as_people_write_them(komsos, office):
    table = rows(komsos, office)
    names = {(r[0], r[1]) for r in table}
    assert ("Kegiatan", "Karya Bakti") in names and ("Tema", "Gotong Royong") in names
    assert not any("-" in r[1] for r in table if r[0] in ("Kegiatan", "Tema"))
    out = komsos("--db", office, "rekap", "--month", "2023-03", "--target", "9").stdout
    assert "Karya Bakti" in out and "karya-bakti" not in out
    assert re.search(r"Desa Klaseman\s*│\s*0 │ BELUM", out)
    assert "Desa binaan tuntas: 2 dari 5 (40,0%)." in out


def test_today_and_later_are_never_counted_or_drawn_as_missed(komsos, office):
    from komsos_cli.storage import Store

    with Store(office).read() as db:
        visits, profile, senders = db.visits(), db.profile(), db.office_profiles()
    today = date(2023, 3, 12)
    rekap = build_rekap(
        visits, profile, date(2023, 3, 1), date(2023, 3, 31), today=today, office_profiles=senders
    )
    assert rekap.checked_until == date(2023, 3, 11)
    budi = next(p for p in rekap.people if p.nrp == "21100456")
    assert [d.day for d in budi.days_without] == [5, 11]  # not 12 (today) nor any later day
    assert all(d < today for p in rekap.people for d in p.days_without)
    assert all(d < today for d in rekap.days_without)
    bars = html_context(rekap)["chart"]["bars"]
    # 5 and 11 March: nobody visited; 12 March (today) and later are not missed yet.
    assert [b["label"] for b in bars if b["empty"]] == ["5", "11"]
    assert [d.day for d in rekap.days_without] == [5, 11]
    assert not any(b["empty"] for b in bars[today.day - 1 :])


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_the_html_recap_shows_the_babinsa_and_targets_in_a_browser(komsos, office, tmp_path):
    out = tmp_path / "rekap.html"
    komsos("--db", office, "rekap", "--month", "2023-03", "--target", "9", "-o", out)
    run = chromium(tmp_path, "--dump-dom", out.as_uri())
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    dom = run.stdout.decode("utf-8")
    people = dom[dom.index('id="per-babinsa"') : dom.index('id="capaian-desa"')]
    assert "Serka Sugianto" in people and "Sertu Budi Santoso" in people
    assert "<strong>Desa Klaseman</strong>" in people
    targets = dom[dom.index('id="capaian-desa"') :]
    assert targets.count('class="tuntas"') == 2 and targets.count('class="belum"') == 3
    assert re.search(r'<strong id="desa-tuntas">2 dari 5</strong> \(40,0%\)', targets)
    assert "Karya Bakti" in dom and "Gotong Royong" in dom
