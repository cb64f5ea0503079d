"""Photos in the outputs: figures in the HTML release (in Chromium), attachments, exports."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from photo_support import KRAJAN, make_jpeg
from test_rekap_browser import CHROMIUM, chromium

from komsos_cli import photos

PROFILE = ["init", "--no-input", "--pangkat", "Serka", "--babinsa", "Sugianto", "--koramil",
           "07/Gatak", "--kodim", "0726/Sukoharjo", "--desa", "Krajan", "--kecamatan", "Gatak",
           "--kabupaten", "Sukoharjo", "--provinsi", "Jawa Tengah"]  # fmt: skip
VISIT = ["add", "--no-input", "--tanggal", "2023-01-16", "--sapaan", "Bapak", "--warga",
         "Harjanto", "--pekerjaan", "pengrajin blangkon", "--dukuh", "Kauman",
         "--topik", "memberikan motivasi agar lebih produktif"]  # fmt: skip


@pytest.fixture
def visit_with_photos(komsos, tmp_path):
    komsos(*PROFILE)
    a = make_jpeg(tmp_path / "IMG_1.jpg", "2023:01:16 09:31:05", KRAJAN, size=(800, 600))
    b = make_jpeg(tmp_path / "IMG_2.jpg", "2023:01:16 09:40:00", None, size=(600, 800),
                  colour=(200, 40, 40))  # fmt: skip
    return komsos.json(*VISIT, "--foto", a, "--foto", b)


def test_html_release_has_a_captioned_figure_per_photo_with_files_beside_it(
    komsos, tmp_path, visit_with_photos
):
    web = tmp_path / "situs"
    web.mkdir()
    result = komsos("release", "1", "-f", "html", "-o", web)
    page = (web / "rilis-1.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in web.iterdir()) == [
        "kunjungan-1-foto-1.jpg", "kunjungan-1-foto-2.jpg", "rilis-1.html"]  # fmt: skip
    figures = re.findall(r"<figure.*?</figure>", page)
    assert len(figures) == 2
    assert ('<figcaption>Serka Sugianto, Babinsa Desa Krajan, bersama Bapak Harjanto di Dukuh '
            "Kauman, Desa Krajan, Kecamatan Gatak, Senin, 16 Januari 2023, pukul 09.31 WIB."
            "</figcaption>") in figures[0]  # fmt: skip
    assert "pukul 09.40 WIB" in figures[1]
    for number, entry in enumerate(visit_with_photos["foto"], 1):
        copy = web / f"kunjungan-1-foto-{number}.jpg"
        assert photos.hash_file(copy) == entry["hash"]
    assert "2 foto ditulis" in result.stderr
    # The text and the Markdown formats carry no figure; without a folder the names are given.
    assert "<figure" not in komsos("release", "1").stdout
    bare = komsos("release", "1", "-f", "html")
    assert 'src="kunjungan-1-foto-1.jpg"' in bare.stdout and "--foto-dir" in bare.stderr


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium tidak terpasang")
def test_the_figures_show_their_images_in_chromium(komsos, tmp_path, visit_with_photos):
    web = tmp_path / "situs"
    komsos("release", "1", "-f", "html", "-o", tmp_path / "rilis.html", "--foto-dir", web)
    fragment = (tmp_path / "rilis.html").read_text(encoding="utf-8")
    assert 'src="situs/kunjungan-1-foto-1.jpg"' in fragment
    # The fragment goes into a website's page; this one reports what the browser made of it.
    probe = tmp_path / "halaman.html"
    probe.write_text(
        "<!doctype html><html><body>" + fragment + "<script>window.onload = () => {"
        "const imgs = [...document.querySelectorAll('figure img')];"
        "document.body.dataset.hasil = JSON.stringify(imgs.map(i => [i.naturalWidth,"
        " i.naturalHeight, i.closest('figure').querySelector('figcaption').textContent]));"
        "};</script></body></html>",
        encoding="utf-8",
    )
    run = chromium(tmp_path, "--allow-file-access-from-files", "--virtual-time-budget=5000",
                   "--dump-dom", probe.as_uri())  # fmt: skip
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    dom = run.stdout.decode("utf-8")
    found = re.search(r'data-hasil="([^"]*)"', dom)
    assert found, dom[-2000:]
    result = json.loads(found.group(1).replace("&quot;", '"'))
    assert [r[:2] for r in result] == [[800, 600], [600, 800]]
    assert all("Babinsa Desa Krajan" in r[2] for r in result)


def test_whatsapp_release_and_report_list_the_photos_to_attach(komsos, visit_with_photos):
    for args in (["release", "1", "-f", "whatsapp"], ["report", "1"]):
        result = komsos(*args)
        assert "Lampirkan 2 foto kunjungan 1:" in result.stderr
        assert "IMG_1.jpg:" in result.stderr and "komsos foto 1 --cap -o FOLDER" in result.stderr
        assert "Lampirkan" not in result.stdout  # the text to paste stays as it was


def test_exports_carry_the_photo_metadata_and_import_stores_the_photos(
    komsos, tmp_path, db_path, visit_with_photos
):
    out = tmp_path / "ekspor.jsonl"
    komsos("export", "-o", out)
    (line,) = out.read_text(encoding="utf-8").splitlines()
    exported = json.loads(line)
    assert exported["foto"] == visit_with_photos["foto"]
    assert exported["koordinat"]["sumber"] == "foto"
    csv_text = komsos("export", "--format", "csv").stdout
    first = visit_with_photos["foto"][0]
    assert (
        f"IMG_1.jpg (2023-01-16 09:31:05 | -7.592100, 110.701200 | {first['ukuran']} byte | sha256:{first['hash']})"
        in csv_text
    )
    # The office receives the export and a folder of photos: one good, one swapped, one missing.
    received = tmp_path / "kiriman"
    received.mkdir()
    good, other = visit_with_photos["foto"]
    shutil.copy(photos.photo_path(db_path, good["hash"]), received / f"{good['hash']}.jpg")
    office = tmp_path / "kantor.json"
    result = komsos("--db", office, "import", out, "--foto-dir", received)
    assert "Foto: 1 disimpan, 0 sudah ada, 0 ditolak, 1 tidak ada di folder." in result.stderr
    assert photos.hash_file(photos.photo_path(office, good["hash"])) == good["hash"]
    # A file under the other photo's name whose bytes are not that photo is refused.
    swapped = tmp_path / "tertukar"
    swapped.mkdir()
    shutil.copy(photos.photo_path(db_path, good["hash"]), swapped / "IMG_2.jpg")
    again = komsos("--db", office, "import", out, "--foto-dir", swapped)
    assert "1 sudah ada, 1 ditolak" in again.stderr and "tidak cocok dengan hash" in again.stderr
    assert not photos.photo_path(office, other["hash"]).exists()
    listed = komsos("--db", office, "foto", "1").stdout
    assert listed.count("file tidak ada di komputer ini") == 1
