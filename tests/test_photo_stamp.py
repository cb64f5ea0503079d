"""`komsos foto ID --cap -o FOLDER`: stamped, resized copies, checked by their pixels."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest
from photo_support import KRAJAN, make_jpeg

from komsos_cli import photos
from komsos_cli.stamp import stamp_lines

Image = pytest.importorskip("PIL.Image")

PROFILE = ["init", "--no-input", "--pangkat", "Serka", "--babinsa", "Sugianto", "--nrp",
           "21010123450987", "--koramil", "07/Gatak", "--kodim", "0726/Sukoharjo", "--desa",
           "Krajan", "--kecamatan", "Gatak", "--kabupaten", "Sukoharjo", "--provinsi",
           "Jawa Tengah"]  # fmt: skip
GREEN = (40, 160, 70)


def _visit_with_photos(komsos, tmp_path, *extra: str) -> list:
    komsos(*PROFILE)
    a = make_jpeg(tmp_path / "IMG_1.jpg", "2023:01:16 09:31:05", KRAJAN, size=(4000, 3000),
                  colour=GREEN)  # fmt: skip
    b = make_jpeg(tmp_path / "IMG_2.jpg", None, None, size=(1500, 2000), colour=(200, 60, 40))
    komsos("add", "--no-input", "--tanggal", "2023-01-16", "--waktu", "09.30", "--warga",
           "Harjanto", "--topik", "memberikan motivasi", "--foto", a, "--foto", b, *extra)  # fmt: skip
    return [a, b]


def _band_rows(image) -> int:
    """How many rows at the foot of the image are the dark band (median brightness under 90;
    the median, because the text's light pixels are a minority of any row)."""
    grey = image.convert("L")
    width, height = grey.size
    rows = 0
    for y in range(height - 1, -1, -1):
        line = sorted(grey.getpixel((x, y)) for x in range(0, width, 7))
        if line[len(line) // 2] >= 90:
            break
        rows += 1
    return rows


def test_stamped_copies_have_the_band_and_leave_the_originals_alone(komsos, tmp_path, db_path):
    originals = _visit_with_photos(komsos, tmp_path)
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in originals]
    out = tmp_path / "untuk-wa"
    result = komsos("foto", "1", "--cap", "-o", out)
    written = sorted(out.iterdir())
    assert [p.name for p in written] == ["kunjungan-1-foto-1.jpg", "kunjungan-1-foto-2.jpg"]
    assert "2 salinan bercap" in result.stderr
    with Image.open(written[0]) as first, Image.open(written[1]) as second:
        assert first.size == (1280, 960) and second.size == (960, 1280)
        for image in (first, second):
            band = _band_rows(image)
            assert image.size[1] * 0.08 < band < image.size[1] * 0.4, band
        # Above the band, the photo itself with its colours.
        r, g, b = first.convert("RGB").getpixel((640, 100))
        assert g > r + 40 and g > b + 40
        r, g, b = second.convert("RGB").getpixel((480, 100))
        assert r > g + 40
        # Text in the band: yellow first line and white lines on the dark band.
        band_box = first.convert("RGB").crop((0, 960 - _band_rows(first), 1280, 960))
        colours = band_box.getcolors(maxcolors=1 << 20)
        yellow = sum(n for n, (r, g, b) in colours if r > 200 and g > 170 and b < 90)
        white = sum(n for n, (r, g, b) in colours if min(r, g, b) > 200)
        assert yellow > 200 and white > 500
    # The originals, and the stored photos, are byte for byte what they were.
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in originals] == before
    for digest in before:
        assert photos.hash_file(photos.photo_path(db_path, digest)) == digest
    # An existing copy is not replaced silently.
    again = komsos("foto", "1", "--cap", "-o", out, code=2)
    assert "--force" in again.stderr
    komsos("foto", "1", "--cap", "-o", out, "--force", "--sisi", "640")
    with Image.open(out / "kunjungan-1-foto-1.jpg") as small:
        assert small.size == (640, 480)


def test_the_band_says_who_when_and_where_from_the_record(komsos, tmp_path, db_path):
    _visit_with_photos(komsos, tmp_path, "--koordinat", "-7.5925, 110.7015")
    data = json.loads(db_path.read_text(encoding="utf-8"))
    visit = {"id": 1, **data["kunjungan"]["1"]}
    profile = (
        data["profil"]["1"]
        if "1" in data.get("profil", {})
        else next(iter(data["profil"].values()))
    )
    from komsos_cli.release.facts import desa_binaan

    binaan = desa_binaan(profile, visit)
    assert binaan == ["Krajan"]
    first, second = visit["foto"]
    assert stamp_lines(visit, binaan, first) == [
        "Babinsa Desa Krajan, Kecamatan Gatak",
        "Senin, 16 Januari 2023, pukul 09.31 WIB",
        "-7.592100, 110.701200 (GPS foto)",
        "Koramil 07/Gatak Kodim 0726/Sukoharjo",
    ]
    # No EXIF: the visit's own date and time, and the typed coordinate with its source.
    assert stamp_lines(visit, binaan, second)[1:3] == [
        "Senin, 16 Januari 2023, pukul 09.30 WIB",
        "-7.592500, 110.701500 (diketik Babinsa)",
    ]
    elsewhere = {**visit, "desa": "Blimbing"}
    assert stamp_lines(elsewhere, binaan, second)[0] == (
        "Babinsa Koramil 07/Gatak, Desa Blimbing, Kecamatan Gatak"
    )
    bare = {k: v for k, v in visit.items() if k != "koordinat"}
    assert stamp_lines(bare, binaan, second)[2] == "Koordinat tidak tercatat"


def test_without_pillow_the_message_says_how_to_install_it(komsos, tmp_path, db_path):
    _visit_with_photos(komsos, tmp_path)
    code = (
        "import sys; sys.modules['PIL'] = None; sys.argv = ['komsos'] + sys.argv[1:]\n"
        "from komsos_cli import main; main()"
    )
    env = {**os.environ, "KOMSOS_DB": str(db_path)}
    result = subprocess.run(
        [sys.executable, "-c", code, "foto", "1", "--cap", "-o", str(tmp_path / "wa")],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert (
        "pip install Pillow" in result.stderr
        and "pip install '.[foto]'" in result.stderr
        and "pkg install python-pillow" in result.stderr
    )
    assert "Traceback" not in result.stderr
    # Listing needs no Pillow.
    listed = subprocess.run([sys.executable, "-c", code, "foto", "1"], capture_output=True,
                            text=True, env=env)  # fmt: skip
    assert listed.returncode == 0 and "IMG_1.jpg" in listed.stdout


def test_at_the_office_the_band_uses_the_desa_binaan_the_send_file_carried(tmp_path):
    from komsos_cli.cli.photos import binaan_of
    from komsos_cli.storage import Store

    visit = {"tanggal": "2023-01-16", "pangkat": "Serka", "babinsa": "Sugianto", "nrp": "21010123450987",
             "desa": "Krajan", "kecamatan": "Gatak", "koramil": "07/Gatak"}  # fmt: skip
    store = Store(tmp_path / "kantor.json")
    with store.write() as db:
        db.set_profile({"koramil": "07/Gatak", "babinsa": "Operator"})
        assert stamp_lines(visit, binaan_of(db, visit), {})[0].startswith("Babinsa Koramil")
        db.keep_office_profile({"pangkat": "Serka", "babinsa": "Sugianto",
                                "nrp": "21010123450987", "desa": ["Krajan"],
                                "kecamatan": "Gatak", "dikirim": "2023-02-01T08:00:00+07:00"})  # fmt: skip
    with store.read() as db:
        assert (
            stamp_lines(visit, binaan_of(db, visit), {})[0]
            == "Babinsa Desa Krajan, Kecamatan Gatak"
        )
