"""Photos of a visit: the store, EXIF time and GPS, add/edit/remove, bad files, koordinat."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import time
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from photo_support import KARTASURA, KRAJAN, exif_for, jpeg_bytes, make_jpeg

from komsos_cli import photos
from komsos_cli.photo_file import PhotoError, inspect_photo, read_exif


def _visit(db_path: Path) -> dict:
    data = json.loads(db_path.read_text(encoding="utf-8"))
    (visit,) = data["kunjungan"].values()
    return visit


def _stored_files(db_path: Path) -> list[Path]:
    folder = photos.photo_dir(db_path)
    return sorted(folder.glob("*.jpg")) if folder.is_dir() else []


# --- the store ------------------------------------------------------------------------------


def test_store_photo_copies_under_its_hash_with_exif_time_and_gps(tmp_path, db_path):
    src = make_jpeg(tmp_path / "IMG_20230116_093105.jpg", "2023:01:16 09:31:05", KRAJAN)
    entry = photos.store_photo(db_path, src)
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    assert entry["hash"] == digest
    assert entry["nama"] == "IMG_20230116_093105.jpg"
    assert entry["ukuran"] == src.stat().st_size
    assert entry["waktu"] == "2023-01-16T09:31:05"
    assert entry["koordinat"] == pytest.approx({"lat": KRAJAN[0], "lon": KRAJAN[1]}, abs=1e-5)
    stored = photos.photo_path(db_path, digest)
    assert stored == photos.photo_dir(db_path) / f"{digest}.jpg"
    assert stored.read_bytes() == src.read_bytes()
    # Nothing but the photo is left in the store (no temp file).
    assert [p.name for p in photos.photo_dir(db_path).iterdir()] == [stored.name]


def test_the_same_bytes_are_stored_once(tmp_path, db_path):
    first = make_jpeg(tmp_path / "a.jpg", "2023:01:16 09:31:05")
    second = tmp_path / "salinan dari WA.jpg"
    shutil.copy(first, second)
    a = photos.store_photo(db_path, first)
    b = photos.store_photo(db_path, second)
    assert a["hash"] == b["hash"] and b["nama"] == "salinan dari WA.jpg"
    assert len(_stored_files(db_path)) == 1


def test_photo_without_exif_has_no_time_and_no_place(tmp_path, db_path):
    entry = photos.store_photo(db_path, make_jpeg(tmp_path / "polos.jpg"))
    assert entry["waktu"] is None and entry["koordinat"] is None


def test_photo_path_refuses_what_is_not_a_hash(db_path):
    from komsos_cli.errors import InputError

    with pytest.raises(InputError):
        photos.photo_path(db_path, "../../etc/passwd")


@pytest.mark.parametrize(
    "raw",
    [
        b"II*\x00\x08\x00\x00\x00\xff\xff"
        + b"\x01\x00\x02\x00\xff\xff\xff\x7f\x10\x00\x00\x00" * 40,
        b"MM\x00*" + os.urandom(3000),
        bytes(range(256)) * 50,
        b"",
    ],
    ids=["huge-count", "random-after-header", "garbage", "empty"],
)
def test_hostile_exif_blocks_give_no_time_and_no_place(raw):
    assert read_exif(raw) == (None, None)


def test_garbled_gps_and_date_values_are_not_guessed(tmp_path):
    exif = exif_for()
    exif[0x8769] = {0x9003: "2023:13:45 99:99:99"}
    exif[0x8825] = {1: "S", 2: (999.0, 0.0, 0.0), 3: "E", 4: (110.0, 42.0, 4.0)}
    exif[0x010E] = "A" * 60000  # a huge ImageDescription
    path = tmp_path / "aneh.jpg"
    path.write_bytes(jpeg_bytes(exif=exif))
    info = inspect_photo(path, path.name)
    assert info.kind == "jpeg" and info.waktu is None and info.koordinat is None


def _with_app1(jpeg: bytes, payload: bytes) -> bytes:
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def test_a_hostile_exif_segment_still_stores_the_photo(tmp_path, db_path):
    raw = b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff" + os.urandom(60000)
    path = tmp_path / "rusak-exif.jpg"
    path.write_bytes(_with_app1(jpeg_bytes(), raw))
    entry = photos.store_photo(db_path, path)
    assert entry["waktu"] is None and entry["koordinat"] is None


# --- bad files --------------------------------------------------------------------------------


def _heic(path: Path) -> Path:
    path.write_bytes(struct.pack(">I", 24) + b"ftypheic\x00\x00\x00\x00mif1heic" + os.urandom(4000))
    return path


def _big(path: Path) -> Path:
    with open(path, "wb") as handle:  # sparse: 200 MB on paper, nothing on the disk
        handle.write(jpeg_bytes()[:1000])
        handle.truncate(200 * 1024 * 1024)
    return path


BAD_FILES = {
    "bukan-gambar.jpg": (
        lambda p: p.write_text("ini surat, bukan foto") and p,
        "bukan file gambar",
    ),
    "terpotong.jpg": (lambda p: p.write_bytes(jpeg_bytes()[:20000]) and p, "terpotong"),
    "iphone.heic": (_heic, "HEIC"),
    "video.jpg": (_big, "lebih dari 40 MB"),
    "kosong.jpg": (lambda p: p.write_bytes(b"") is not None and p, "kosong"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_refused_with_a_reason(tmp_path, db_path, name):
    make, reason = BAD_FILES[name]
    path = tmp_path / name
    make(path)
    with pytest.raises(PhotoError) as caught:
        photos.store_photo(db_path, path)
    assert reason in caught.value.message and name in caught.value.message
    assert (
        not list(photos.photo_dir(db_path).glob("*"))
        if photos.photo_dir(db_path).exists()
        else True
    )


def test_add_without_input_stores_the_visit_and_names_each_photo_left_out(
    komsos, tmp_path, db_path, sample_args
):
    good = make_jpeg(tmp_path / "depan.jpg", "2023:01:16 09:31:05", KRAJAN)
    bad = []
    for name, (make, _) in sorted(BAD_FILES.items()):
        bad += ["--foto", str(make(tmp_path / name) or tmp_path / name)]
    result = komsos("add", "--no-input", *sample_args, "--foto", good, *bad,
                    "--foto", tmp_path / "hilang.jpg")  # fmt: skip
    for name in [*BAD_FILES, "hilang.jpg"]:
        assert f"Foto {name} tidak disimpan" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "komsos edit 1 --foto FILE" in result.stderr
    visit = _visit(db_path)
    assert [f["nama"] for f in visit["foto"]] == ["depan.jpg"]
    assert len(_stored_files(db_path)) == 1


@pytest.mark.skipif(os.name == "nt", reason="FIFO khusus POSIX")
def test_a_source_that_stops_during_the_copy_is_refused(tmp_path, db_path):
    """A file that goes away while it is read (a phone unplugged): a cut stream, refused."""
    import threading

    fifo = tmp_path / "dari-hp.jpg"
    os.mkfifo(fifo)
    data = jpeg_bytes()

    def phone() -> None:
        with open(fifo, "wb") as handle:
            handle.write(data[: len(data) // 2])  # then the cable comes out

    writer = threading.Thread(target=phone)
    writer.start()
    with pytest.raises(PhotoError, match="terpotong"):
        photos.store_photo(db_path, fifo)
    writer.join()
    assert _stored_files(db_path) == []
    assert list(photos.photo_dir(db_path).iterdir()) == []


# --- add, edit, remove ------------------------------------------------------------------------


def test_add_with_two_phone_photos_keeps_metadata_and_takes_the_place_from_gps(
    komsos, tmp_path, db_path, sample_args
):
    a = make_jpeg(tmp_path / "IMG_1.jpg", "2023:01:16 09:31:05", KRAJAN)
    b = make_jpeg(tmp_path / "IMG_2.jpg", "2023:01:16 09:40:00", KRAJAN, colour=(200, 10, 10))
    visit = komsos.json("add", "--no-input", *sample_args, "--foto", a, "--foto", b)
    assert [f["nama"] for f in visit["foto"]] == ["IMG_1.jpg", "IMG_2.jpg"]
    assert set(visit["foto"][0]) == {"hash", "nama", "ukuran", "waktu", "koordinat"}
    assert visit["koordinat"]["sumber"] == "foto"
    assert visit["koordinat"]["lat"] == pytest.approx(KRAJAN[0], abs=1e-5)
    for entry in visit["foto"]:
        assert (
            photos.photo_path(db_path, entry["hash"]).read_bytes()
            == (tmp_path / entry["nama"]).read_bytes()
        )
    shown = komsos("show", "1").stdout
    assert "IMG_1.jpg, diambil Senin, 16 Januari 2023 pukul 09.31 WIB" in shown
    assert "dari GPS foto" in shown
    listed = komsos("foto", "1").stdout
    assert listed.startswith("1. IMG_1.jpg") and "2. IMG_2.jpg" in listed


def test_edit_adds_removes_and_clears_photos(komsos, tmp_path, db_path, add_sample):
    add_sample("--foto", make_jpeg(tmp_path / "a.jpg", "2023:01:16 09:00:00"))
    komsos(
        "edit",
        "1",
        "--foto",
        make_jpeg(tmp_path / "b.jpg", "2023:01:16 10:00:00", colour=(9, 9, 9)),
    )
    assert [f["nama"] for f in _visit(db_path)["foto"]] == ["a.jpg", "b.jpg"]
    komsos("edit", "1", "--hapus-foto", "1")
    assert [f["nama"] for f in _visit(db_path)["foto"]] == ["b.jpg"]
    wrong = komsos("edit", "1", "--hapus-foto", "5", code=2)
    assert "foto nomor 1 sampai 1" in wrong.stderr
    komsos("edit", "1", "--foto", "")
    assert "foto" not in _visit(db_path)
    assert "belum punya foto" in komsos("foto", "1").stdout


def test_photos_are_shared_between_visits_and_pruned_only_when_nothing_names_them(
    komsos, tmp_path, db_path, add_sample
):
    photo = make_jpeg(tmp_path / "bersama.jpg", "2023:01:16 09:00:00")
    add_sample("--foto", photo)
    add_sample("--foto", photo, "--warga", "Suparno")
    (stored,) = _stored_files(db_path)
    komsos("delete", "1", "--yes")
    assert stored.exists()  # visit 2 still names it
    komsos("edit", "2", "--hapus-foto", "1")
    assert stored.exists()  # the backups made before the change still name it
    # Once the backups that name it are gone and it has not been touched for an hour:
    for backup in (db_path.parent / "komsos.json.backup").glob("*.json"):
        backup.unlink()
    old = time.time() - 2 * photos.PRUNE_GRACE_SECONDS
    os.utime(stored, (old, old))
    assert photos.prune(db_path) == [stored]
    assert not stored.exists()


def test_restore_brings_back_a_visit_with_its_photos(komsos, tmp_path, db_path, add_sample):
    photo = make_jpeg(tmp_path / "bukti.jpg", "2023:01:16 09:00:00")
    add_sample("--foto", photo)
    komsos("delete", "1", "--yes")
    old = time.time() - 2 * photos.PRUNE_GRACE_SECONDS
    for path in _stored_files(db_path):
        os.utime(path, (old, old))
    photos.prune(db_path)
    komsos("restore", "--yes")
    (entry,) = _visit(db_path)["foto"]
    assert photos.photo_path(db_path, entry["hash"]).read_bytes() == photo.read_bytes()


def test_photos_move_with_the_database_folder(komsos, tmp_path, db_path, add_sample, monkeypatch):
    photo = make_jpeg(tmp_path / "pindah.jpg", "2023:01:16 09:00:00")
    add_sample("--foto", photo)
    moved = tmp_path / "flashdisk" / "komsos"
    moved.parent.mkdir()
    shutil.move(str(db_path.parent / "komsos.json.foto"), str(moved.parent / "komsos.json.foto"))
    shutil.move(str(db_path), str(moved.parent / "komsos.json"))
    monkeypatch.setenv("KOMSOS_DB", str(moved.parent / "komsos.json"))
    listed = komsos("foto", "1").stdout
    assert str(moved.parent / "komsos.json.foto") in listed
    assert "tidak ada di komputer ini" not in listed


def test_old_records_with_photo_paths_still_load_and_edit(komsos, tmp_path, db_path, add_sample):
    add_sample()
    data = json.loads(db_path.read_text(encoding="utf-8"))
    doc = data["kunjungan"]["1"]
    doc["foto"] = ["/sdcard/DCIM/lama.jpg"]
    db_path.write_text(json.dumps(data), encoding="utf-8")
    assert "/sdcard/DCIM/lama.jpg (path lama" in komsos("show", "1").stdout
    komsos("edit", "1", "--foto", make_jpeg(tmp_path / "baru.jpg", "2023:01:16 09:00:00"))
    foto = _visit(db_path)["foto"]
    assert foto[0] == "/sdcard/DCIM/lama.jpg" and foto[1]["nama"] == "baru.jpg"
    assert komsos.json("show", "1")["foto"][0] == "/sdcard/DCIM/lama.jpg"


# --- dates and places -------------------------------------------------------------------------


def test_photo_of_another_day_warns_without_input_and_is_refused_with_strict(
    komsos, tmp_path, db_path, sample_args
):
    kemarin = make_jpeg(tmp_path / "kemarin.jpg", "2023:01:15 16:00:00")
    warned = komsos("add", "--no-input", *sample_args, "--foto", kemarin)
    assert (
        "diambil Minggu, 15 Januari 2023, bukan pada tanggal kunjungan (Senin, 16 Januari 2023)"
        in warned.stderr
    )
    assert _visit(db_path)["foto"][0]["nama"] == "kemarin.jpg"
    db_path.unlink()
    refused = komsos("add", "--no-input", *sample_args, "--foto", kemarin, "--strict-foto", code=2)
    assert "--strict-foto" in refused.stderr and "tidak ada yang disimpan" in refused.stderr
    assert not db_path.exists() or not json.loads(db_path.read_text())["kunjungan"]


def test_a_new_visit_date_is_checked_against_the_photos_kept(komsos, tmp_path, db_path, add_sample):
    add_sample("--foto", make_jpeg(tmp_path / "senin.jpg", "2023:01:16 09:00:00"))
    warned = komsos("edit", "1", "--tanggal", "2023-01-17")
    assert (
        "Foto senin.jpg diambil Senin, 16 Januari 2023, bukan pada tanggal kunjungan"
        in warned.stderr
    )
    refused = komsos("edit", "1", "--tanggal", "2023-01-18", "--strict-foto", code=2)
    assert "--strict-foto" in refused.stderr
    assert _visit(db_path)["tanggal"] == "2023-01-17"


def test_typed_koordinat_is_checked_and_kept_with_its_source(
    komsos, tmp_path, db_path, sample_args
):
    visit = komsos.json("add", "--no-input", *sample_args, "--koordinat", "-7.5921, 110.7012")
    assert visit["koordinat"] == {"lat": -7.5921, "lon": 110.7012, "sumber": "ketik"}
    paris = komsos("edit", "1", "--koordinat", "48.8566, 2.3522", code=2)
    assert "jauh di luar wilayah Indonesia" in paris.stderr
    swapped = komsos("edit", "1", "--koordinat", "110.7012, -7.5921", code=2)
    assert "tertukar" in swapped.stderr
    komsos("edit", "1", "--koordinat", "7°35'31.6\"S 110°42'04.3\"E")
    assert _visit(db_path)["koordinat"]["sumber"] == "ketik"


def test_photo_far_from_the_typed_place_gives_a_warning(komsos, tmp_path, db_path, sample_args):
    far = make_jpeg(tmp_path / "jauh.jpg", "2023:01:16 09:00:00", KARTASURA)
    near = make_jpeg(
        tmp_path / "dekat.jpg", "2023:01:16 09:05:00", (-7.5930, 110.7020), colour=(1, 2, 3)
    )
    result = komsos("add", "--no-input", *sample_args, "--koordinat", "-7.5921, 110.7012",
                    "--foto", far, "--foto", near)  # fmt: skip
    assert (
        "GPS foto jauh.jpg" in result.stderr and "km dari koordinat yang diketik" in result.stderr
    )
    assert "dekat.jpg" not in result.stderr
    assert _visit(db_path)["koordinat"]["sumber"] == "ketik"


def test_a_photo_gps_far_outside_indonesia_is_not_the_place_of_the_visit(
    komsos, tmp_path, db_path, sample_args
):
    photo = make_jpeg(tmp_path / "basi.jpg", "2023:01:16 09:00:00", (51.5, -0.12))
    result = komsos("add", "--no-input", *sample_args, "--foto", photo)
    assert "jauh di luar Indonesia" in result.stderr
    assert "koordinat" not in _visit(db_path)


# --- a crash during the copy ------------------------------------------------------------------


def _komsos_process(db_path: Path, *args: str):
    import subprocess
    import sys

    env = {**os.environ, "KOMSOS_DB": str(db_path), "KOMSOS_LOCK_TIMEOUT": "60"}
    return subprocess.Popen(
        [sys.executable, "-m", "komsos_cli", *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )  # fmt: skip


def _consistent(db_path: Path) -> list[dict]:
    """Every photo a stored visit names is in the store, whole, under its hash."""
    data = json.loads(db_path.read_text(encoding="utf-8"))
    visits = list(data["kunjungan"].values())
    for visit in visits:
        for entry in visit.get("foto", []):
            path = photos.photo_path(db_path, entry["hash"])
            assert photos.hash_file(path) == entry["hash"]
    for path in _stored_files(db_path):
        assert photos.hash_file(path) == path.stem  # no half photo under a hash name
    return visits


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL dan FIFO khusus POSIX")
@pytest.mark.parametrize("command", ["add", "edit"])
def test_sigkill_during_a_photo_copy_leaves_visit_and_photos_consistent(
    komsos, tmp_path, db_path, sample_args, command
):
    import signal

    before = komsos.json("add", "--no-input", *sample_args)
    fifo = tmp_path / "IMG_dari_kabel.jpg"
    os.mkfifo(fifo)
    data = jpeg_bytes(size=(3000, 2000))
    args = (["add", "--no-input", *sample_args, "--warga", "Suparno"] if command == "add"
            else ["edit", "1", "--topik", "topik baru"])  # fmt: skip
    proc = _komsos_process(db_path, *args, "--foto", fifo)
    with open(fifo, "wb") as phone:
        phone.write(data[: len(data) // 2])
        phone.flush()
        deadline = time.monotonic() + 30
        while not list(photos.photo_dir(db_path).glob(".masuk-*")):
            assert time.monotonic() < deadline, "komsos tidak mulai menyalin"
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    visits = _consistent(db_path)
    assert visits == [{k: v for k, v in before.items() if k != "id"}]  # unchanged, no new visit
    # The half copy is a temp file; the next photo command goes on, and it is pruned later.
    good = make_jpeg(tmp_path / "utuh.jpg", "2023:01:16 09:00:00")
    komsos("edit", "1", "--foto", good)
    (leftover,) = photos.photo_dir(db_path).glob(".masuk-*")
    old = time.time() - 2 * photos.PRUNE_GRACE_SECONDS
    os.utime(leftover, (old, old))
    assert photos.prune(db_path) == [leftover]
    assert [f["nama"] for f in _consistent(db_path)[0]["foto"]] == ["utuh.jpg"]


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL khusus POSIX")
def test_sigkill_at_random_moments_of_adds_with_photos(komsos, tmp_path, db_path, sample_args):
    import random
    import signal

    rng = random.Random(13)
    komsos("add", "--no-input", *sample_args)
    for i in range(8):
        photo = make_jpeg(tmp_path / f"f{i}.jpg", "2023:01:16 09:00:00", size=(2400, 1800),
                          colour=(i * 20, 50, 90))  # fmt: skip
        proc = _komsos_process(db_path, "add", "--no-input", *sample_args, "--warga",
                               f"Warga {i}", "--foto", photo)  # fmt: skip
        time.sleep(rng.uniform(0.1, 0.8))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        _consistent(db_path)


# --- the questions of `komsos add` ------------------------------------------------------------

ALL_ASKED_FIELDS = [
    "--tanggal", "2023-01-16", "--waktu", "09.30", "--pangkat", "Serka", "--babinsa", "Sugianto",
    "--kegiatan", "komsos", "--tema", "umum", "--warga", "Harjanto", "--sapaan", "Bapak",
    "--umur", "52", "--pekerjaan", "pengrajin blangkon", "--keterangan", "-", "--dukuh", "Kauman",
    "--rt", "3", "--rw", "4", "--desa", "Krajan", "--kecamatan", "Gatak", "--kabupaten",
    "Sukoharjo", "--provinsi", "Jawa Tengah", "--topik", "memberikan motivasi", "--kutipan",
    "Kami siap membantu", "--kutipan-warga", "Terima kasih", "--harapan", "warga makin maju",
    "--pendamping", "Kopda Dede Herman", "--situasi", "aman", "--catatan", "-",
]  # fmt: skip


@pytest.mark.skipif(os.name == "nt", reason="pseudo-terminal khusus POSIX")
def test_the_prompt_says_when_a_photo_is_of_another_day_and_asks(tmp_path, db_path):
    from tests_support import Terminal

    kemarin = make_jpeg(tmp_path / "kemarin.jpg", "2023:01:15 16:00:00")
    hari_ini = make_jpeg(tmp_path / "hari-ini.jpg", "2023:01:16 09:35:00", colour=(5, 5, 5))
    env = {**os.environ, "KOMSOS_DB": str(db_path), "TERM": "dumb", "KOMSOS_WIDTH": "200"}
    t = Terminal(["add", *ALL_ASKED_FIELDS], env, tmp_path)

    def answer(prompt: str, times: int, reply: str) -> None:
        import select

        deadline = time.monotonic() + 30
        while t.screen.count(prompt) < times:
            assert time.monotonic() < deadline, f"{prompt!r} x{times} tidak muncul:\n{t.screen}"
            if select.select([t.master], [], [], 0.2)[0]:
                t.screen += os.read(t.master, 4096).decode("utf-8", "replace")
        t.send(reply)

    answer("Foto dokumentasi ke-1", 1, str(kemarin))
    answer("Tetap pakai foto ini?", 1, "t")
    assert "bukan pada tanggal kunjungan (Senin, 16 Januari 2023)" in " ".join(t.screen.split())
    answer("Foto dokumentasi ke-1", 2, str(tmp_path / "tidak-ada.jpg"))
    answer("Foto dokumentasi ke-1", 3, str(hari_ini))
    answer("Foto dokumentasi ke-2", 1, str(kemarin))
    answer("Tetap pakai foto ini?", 2, "ya")
    answer("Foto dokumentasi ke-3", 1, "")
    answer("Koordinat lokasi", 1, "110.7012, -7.5921")
    answer("Koordinat lokasi", 2, "-7.5921, 110.7012")
    assert t.wait() == 0, t.screen
    screen = " ".join(t.screen.split())
    assert "Foto tidak-ada.jpg tidak disimpan: file tidak ditemukan" in screen
    assert "tertukar" in screen
    visit = _visit(db_path)
    assert [f["nama"] for f in visit["foto"]] == ["hari-ini.jpg", "kemarin.jpg"]
    assert visit["koordinat"] == {"lat": -7.5921, "lon": 110.7012, "sumber": "ketik"}


# --- for any valid input ----------------------------------------------------------------------


_LAT = st.floats(min_value=-11.0, max_value=6.0, allow_nan=False)
_LON = st.floats(min_value=95.0, max_value=141.0, allow_nan=False)


@given(lat=_LAT, lon=_LON, sumber=st.sampled_from(["foto", "ketik"]))
def test_any_point_in_indonesia_reads_back_from_its_text_and_its_cell(lat, lon, sumber):
    from komsos_cli import koordinat

    lat, lon = round(lat, 6), round(lon, 6)
    assert koordinat.parse(koordinat.teks({"lat": lat, "lon": lon})) == (lat, lon)
    point = {"lat": lat, "lon": lon, "sumber": sumber}
    assert koordinat.from_cell(koordinat.cell_text(point)) == point


@given(
    nama=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
    .map(str.strip)
    .filter(lambda n: n and "|" not in n and "/" not in n),
    digest=st.text("0123456789abcdef", min_size=64, max_size=64),
    ukuran=st.integers(min_value=0, max_value=40 * 1024 * 1024),
    waktu=st.none()
    | st.datetimes(min_value=datetime(2000, 1, 1)).map(
        lambda d: d.replace(microsecond=0).isoformat()
    ),
    point=st.none()
    | st.tuples(_LAT, _LON).map(lambda p: {"lat": round(p[0], 6), "lon": round(p[1], 6)}),
)
def test_any_photo_entry_reads_back_from_its_spreadsheet_cell(nama, digest, ukuran, waktu, point):
    entry = {"hash": digest, "nama": nama, "ukuran": ukuran, "waktu": waktu, "koordinat": point}
    assert photos.from_cell(photos.cell_text(entry)) == entry
