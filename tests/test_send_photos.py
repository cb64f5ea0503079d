"""Photos travel in the send file under their hashes and land in the office's photo store."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest
from photo_support import KRAJAN, make_jpeg
from send_support import members, rezip, two_babinsa

from komsos_cli.photos import photo_path


@pytest.fixture
def with_photos(komsos, tmp_path):
    """Sugianto's March with two real photos on one visit and one on another."""
    dbs = two_babinsa(komsos, tmp_path)
    db = dbs["sugianto"]
    visits = sorted(komsos.json("--db", db, "list"), key=lambda v: v["tanggal"])
    first = make_jpeg(tmp_path / "kerja-bakti-1.jpg", "2023:03:01 08:15:00", KRAJAN)
    second = make_jpeg(
        tmp_path / "kerja-bakti-2.jpg", "2023:03:01 08:40:00", KRAJAN, colour=(200, 90, 40)
    )
    third = make_jpeg(tmp_path / "blimbing.jpg", "2023:03:02 10:00:00", colour=(10, 10, 200))
    komsos("--db", db, "edit", str(visits[0]["id"]), "--foto", first, "--foto", second)
    komsos("--db", db, "edit", str(visits[1]["id"]), "--foto", third)
    sent = tmp_path / "sugianto.komsos"
    result = komsos("--db", db, "send", "--month", "2023-03", "-o", sent)
    assert "3 foto" in result.stdout
    return db, sent, [first, second, third]


def test_the_photos_are_in_the_file_under_their_hashes(with_photos):
    _, sent, photos = with_photos
    contents = members(sent)
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in photos}
    names = {n for n in contents if n.startswith("foto/")}
    assert {n.removeprefix("foto/").removesuffix(".jpg") for n in names} == digests
    manifest = json.loads(contents["manifest.json"])
    assert manifest["jumlah"]["foto"] == 3
    with zipfile.ZipFile(sent) as archive:
        assert {archive.getinfo(n).compress_type for n in names} == {zipfile.ZIP_STORED}


def test_the_office_stores_the_photos_once_and_the_recap_counts_them(komsos, with_photos, tmp_path):
    _, sent, photos = with_photos
    office = tmp_path / "kantor.json"
    result = komsos("--db", office, "import", sent)
    assert "Foto: 3 disimpan, 0 sudah ada." in result.stdout
    for photo in photos:
        data = photo.read_bytes()
        stored = photo_path(office, hashlib.sha256(data).hexdigest())
        assert stored.read_bytes() == data
    again = komsos("--db", office, "import", sent)
    assert "Foto: 0 disimpan, 3 sudah ada." in again.stdout
    rekap = komsos("--db", office, "rekap", "--month", "2023-03", "-f", "csv").stdout
    assert '"Kunjungan berfoto";"Serka Sugianto";2;"16,7"' in rekap  # text cells quoted


def test_a_photo_whose_bytes_do_not_match_its_name_is_refused(komsos, with_photos, tmp_path):
    _, sent, _ = with_photos
    contents = members(sent)
    name = next(n for n in contents if n.startswith("foto/"))
    other = next(n for n in contents if n.startswith("foto/") and n != name)
    contents[name] = contents[other]  # right bytes for another photo: the manifest still matches?
    manifest = json.loads(contents["manifest.json"])
    manifest["anggota"][name]["sha256"] = hashlib.sha256(contents[name]).hexdigest()
    contents["manifest.json"] = json.dumps(manifest).encode()
    bad = tmp_path / "tukar.komsos"
    rezip(bad, contents)
    office = tmp_path / "kantor.json"
    result = komsos("--db", office, "import", bad, code=2)
    assert "bukan sidik isinya" in " ".join(result.stderr.split())
    assert not office.exists()


def test_a_locked_send_carries_its_photos_encrypted(komsos, with_photos, tmp_path, monkeypatch):
    db, _, photos = with_photos
    monkeypatch.setenv("KOMSOS_SANDI", "Gatak-0726-aman")
    locked = tmp_path / "bersandi.komsos"
    komsos("--db", db, "send", "--month", "2023-03", "--sandi", "-o", locked)
    with zipfile.ZipFile(locked) as archive:
        assert all(i.flag_bits & 0x1 for i in archive.infolist() if i.filename.startswith("foto/"))
    office = tmp_path / "kantor.json"
    assert "Foto: 3 disimpan" in komsos("--db", office, "import", locked).stdout
    for photo in photos:
        data = photo.read_bytes()
        assert photo_path(office, hashlib.sha256(data).hexdigest()).read_bytes() == data
