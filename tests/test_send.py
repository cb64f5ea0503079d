"""`komsos send` and `komsos import FILE.komsos`: one verified file per Babinsa and month."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from send_support import MARCH, members, rezip, two_babinsa

PASSWORD = "Gatak-0726-aman"


@pytest.fixture
def babinsa(komsos, tmp_path):
    return two_babinsa(komsos, tmp_path)


@pytest.fixture
def sends(komsos, babinsa, tmp_path):
    """Each Babinsa's March, sent into the folder ``kiriman``; {"sugianto": file, ...}."""
    folder = tmp_path / "kiriman"
    folder.mkdir()
    out = {}
    for who, db in babinsa.items():
        result = komsos("--db", db, "send", "--month", "2023-03", "-o", folder)
        out[who] = next(folder.glob(f"*{who.split()[0]}*"))
        assert str(out[who]) in result.stdout
    return out


@pytest.fixture
def office(tmp_path):
    return tmp_path / "kantor.json"


def visits_of(komsos, db) -> list[dict]:
    return komsos.json("--db", db, "list")


def test_one_file_per_babinsa_named_after_him_and_the_month(sends):
    assert sends["sugianto"].name == "serka-sugianto-2023-03.komsos"
    assert sends["budi"].name == "sertu-budi-santoso-2023-03.komsos"


def test_the_file_holds_visits_profile_and_a_manifest_of_every_member(sends, babinsa, komsos):
    contents = members(sends["budi"])
    assert set(contents) == {"manifest.json", "kunjungan.jsonl", "profil.json"}
    manifest = json.loads(contents["manifest.json"])
    assert manifest["skema"] == "komsos-kirim" and manifest["versi"] == 1
    assert manifest["periode"] == {"dari": "2023-03-01", "sampai": "2023-03-31"}
    assert manifest["pengirim"]["nrp"] == "21100456"
    march = [m for m in MARCH if m[0] == "budi" and m[1].startswith("2023-03")]
    assert manifest["jumlah"] == {"kunjungan": len(march), "foto": 0}
    for name, entry in manifest["anggota"].items():
        assert entry["sha256"] == hashlib.sha256(contents[name]).hexdigest()
        assert entry["ukuran"] == len(contents[name])
    lines = contents["kunjungan.jsonl"].decode().splitlines()
    sent = [json.loads(line) for line in lines]
    assert sorted(v["tanggal"] for v in sent) == sorted(m[1] for m in march)
    stored = {v["uuid"] for v in visits_of(komsos, babinsa["budi"]) if v["tanggal"] < "2023-04"}
    assert {v["uuid"] for v in sent} == stored
    profile = json.loads(contents["profil.json"])
    assert (profile["pangkat"], profile["babinsa"], profile["nrp"]) == (
        "Sertu",
        "Budi Santoso",
        "21100456",
    )
    assert (profile["koramil"], profile["kodim"]) == ("07/Gatak", "0726/Sukoharjo")
    assert [d["desa"] for d in profile["desa_binaan"]] == ["Trosemi", "Sanggung", "Klaseman"]
    assert {(d["kecamatan"], d["kabupaten"]) for d in profile["desa_binaan"]} == {
        ("Gatak", "Sukoharjo")
    }


def test_an_office_imports_both_months_and_knows_both_babinsa(komsos, sends, office):
    for path in sends.values():
        result = komsos("--db", office, "import", path)
        assert "manifest cocok" in result.stderr
        assert "Profil" in result.stdout and ": baru." in result.stdout
    stored = visits_of(komsos, office)
    assert len(stored) == sum(1 for m in MARCH if m[1].startswith("2023-03"))
    data = json.loads(office.read_text())
    profiles = sorted(data["profil_babinsa"].values(), key=lambda p: p["nrp"])
    assert [p["babinsa"] for p in profiles] == ["Sugianto", "Budi Santoso"]
    assert [d["desa"] for d in profiles[1]["desa_binaan"]] == ["Trosemi", "Sanggung", "Klaseman"]


def test_the_same_send_imported_twice_doubles_nothing(komsos, sends, office):
    komsos("--db", office, "import", sends["sugianto"], sends["budi"])
    first = visits_of(komsos, office)
    before = json.loads(office.read_text())
    again = komsos("--db", office, "import", sends["budi"], sends["sugianto"])
    assert "ditambahkan 0, diperbarui 0" in again.stdout
    assert "sama seperti yang tersimpan" in again.stdout
    assert visits_of(komsos, office) == first
    after = json.loads(office.read_text())
    assert after["kunjungan"] == before["kunjungan"]
    assert after["profil_babinsa"] == before["profil_babinsa"]


def test_dry_run_shows_everything_and_stores_nothing(komsos, sends, office):
    result = komsos("--db", office, "import", "--dry-run", sends["budi"])
    assert "Uji coba (--dry-run)" in result.stdout
    assert "ditambahkan 10" in result.stdout
    assert "Akan ditambahkan:" in result.stdout and "Sertu Budi Santoso" in result.stdout
    assert "Profil Sertu Budi Santoso (NRP 21100456): akan dicatat." in result.stdout
    assert "Foto: 0 akan disimpan" in result.stdout
    assert not office.exists() or not visits_of(komsos, office)


def test_the_newest_profile_per_nrp_wins(komsos, babinsa, tmp_path, office):
    db = babinsa["sugianto"]
    old = tmp_path / "lama.komsos"
    komsos("--db", db, "send", "--month", "2023-03", "-o", old)
    komsos("--db", db, "profile", "set", "desa", "Krajan, Blimbing, Tempel")
    new = tmp_path / "baru.komsos"
    komsos("--db", db, "send", "--month", "2023-03", "-o", new)
    # Same second? Make the newer send unmistakably newer.
    contents = members(new)
    profile = json.loads(contents["profil.json"])
    profile["dikirim"] = "2099-01-01T00:00:00+07:00"
    _replace_member(new, contents, "profil.json", json.dumps(profile).encode())
    komsos("--db", office, "import", new)
    result = komsos("--db", office, "import", old)
    assert "lebih lama dari yang tersimpan, tidak dipakai" in result.stdout
    (kept,) = json.loads(office.read_text())["profil_babinsa"].values()
    assert [d["desa"] for d in kept["desa_binaan"]] == ["Krajan", "Blimbing", "Tempel"]


def _replace_member(path: Path, contents: dict[str, bytes], name: str, data: bytes) -> None:
    """A member changed and the manifest updated to match (an honest newer file)."""
    manifest = json.loads(contents["manifest.json"])
    manifest["anggota"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "ukuran": len(data)}
    contents = {**contents, name: data, "manifest.json": json.dumps(manifest).encode()}
    rezip(path, contents)


# --- refused whole, the database untouched ------------------------------------------------------


@pytest.fixture
def office_with_data(komsos, sends, office):
    """An office that imported Sugianto's month; its file's bytes, to compare after."""
    komsos("--db", office, "import", sends["sugianto"])
    return office.read_bytes()


def refused(komsos, office, path, *extra: str):
    result = komsos("--db", office, "import", *extra, path, code=2)
    assert "tidak ada yang diimpor" in result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def test_a_changed_visit_line_is_refused(komsos, sends, office, office_with_data, tmp_path):
    contents = members(sends["budi"])
    contents["kunjungan.jsonl"] = contents["kunjungan.jsonl"].replace(b"Trosemi", b"Trosemo", 1)
    bad = tmp_path / "diubah.komsos"
    rezip(bad, contents)
    message = refused(komsos, office, bad)
    assert "kunjungan.jsonl tidak cocok dengan sidik SHA-256" in " ".join(message.split())
    assert office.read_bytes() == office_with_data


def test_a_member_the_manifest_does_not_list_is_refused(
    komsos, sends, office, office_with_data, tmp_path
):
    contents = {**members(sends["budi"]), "tambahan.txt": b"titipan"}
    bad = tmp_path / "tambahan.komsos"
    rezip(bad, contents)
    assert "tidak tercatat di manifest: tambahan.txt" in " ".join(
        refused(komsos, office, bad).split()
    )
    assert office.read_bytes() == office_with_data


def test_a_newer_or_unknown_schema_is_refused(komsos, sends, office, office_with_data, tmp_path):
    contents = members(sends["budi"])
    manifest = json.loads(contents["manifest.json"])
    newer = tmp_path / "baru.komsos"
    rezip(newer, {**contents, "manifest.json": json.dumps({**manifest, "versi": 2}).encode()})
    assert "komsos yang lebih baru" in refused(komsos, office, newer)
    other = tmp_path / "lain.komsos"
    rezip(other, {**contents, "manifest.json": json.dumps({**manifest, "skema": "x"}).encode()})
    assert "skema manifest tidak dikenal" in refused(komsos, office, other)
    assert office.read_bytes() == office_with_data


def test_an_invalid_visit_with_a_matching_hash_is_refused(
    komsos, sends, office, office_with_data, tmp_path
):
    contents = members(sends["budi"])
    line = json.loads(contents["kunjungan.jsonl"].decode().splitlines()[0])
    line["tanggal"] = "31/02/2023"
    bad = tmp_path / "tanggal.komsos"
    _replace_member(bad, contents, "kunjungan.jsonl", (json.dumps(line) + "\n").encode())
    # The manifest now counts ten visits but one line is there, and it is not valid either.
    assert "kunjungan.jsonl baris 1" in " ".join(refused(komsos, office, bad).split())
    assert office.read_bytes() == office_with_data


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_file_cut_anywhere_is_refused(komsos, sends, office, office_with_data, tmp_path, data):
    whole = sends["budi"].read_bytes()
    cut = data.draw(st.integers(min_value=0, max_value=len(whole) - 1), label="cut")
    short = tmp_path / "terpotong.komsos"
    short.write_bytes(whole[:cut])
    message = " ".join(komsos("--db", office, "import", short, code=2).stderr.split())
    assert "tidak ada yang diimpor" in message
    assert "rusak atau terpotong" in message
    assert office.read_bytes() == office_with_data


# --- the password -------------------------------------------------------------------------------


@pytest.fixture
def locked(komsos, babinsa, tmp_path, monkeypatch):
    monkeypatch.setenv("KOMSOS_SANDI", PASSWORD)
    path = tmp_path / "bersandi.komsos"
    result = komsos("--db", babinsa["budi"], "send", "--month", "2023-03", "--sandi", "-o", path)
    assert "bersandi AES-256" in result.stdout
    monkeypatch.delenv("KOMSOS_SANDI")
    return path


def test_a_locked_file_is_aes_256_and_its_contents_unreadable_without_the_password(locked):
    import zipfile

    import pyzipper

    with zipfile.ZipFile(locked) as archive:
        infos = archive.infolist()
        assert all(info.flag_bits & 0x1 for info in infos)
        assert {info.compress_type for info in infos} == {99}  # the WinZip AES method
        with pytest.raises((RuntimeError, NotImplementedError)):
            archive.read("kunjungan.jsonl")
    with pyzipper.AESZipFile(locked) as archive:
        archive.setpassword(PASSWORD.encode())
        assert b"Trosemi" in archive.read("kunjungan.jsonl")
    assert b"Trosemi" not in locked.read_bytes() and b"Budi" not in locked.read_bytes()


def test_a_locked_file_without_or_with_a_wrong_password_is_refused(
    komsos, locked, office, office_with_data, monkeypatch
):
    assert "file bersandi" in refused(komsos, office, locked)
    monkeypatch.setenv("KOMSOS_SANDI", "bukan-sandinya")
    assert "sandi salah" in refused(komsos, office, locked)
    assert office.read_bytes() == office_with_data
    monkeypatch.setenv("KOMSOS_SANDI", PASSWORD)
    result = komsos("--db", office, "import", locked)
    assert "ditambahkan 10" in result.stdout and "bersandi" in result.stderr


def test_a_tampered_locked_file_is_refused(
    komsos, locked, office, office_with_data, monkeypatch, tmp_path
):
    import struct
    import zipfile

    blob = bytearray(locked.read_bytes())
    with zipfile.ZipFile(locked) as archive:
        info = archive.getinfo("kunjungan.jsonl")
    name_len, extra_len = struct.unpack(
        "<HH", blob[info.header_offset + 26 : info.header_offset + 30]
    )
    data_at = info.header_offset + 30 + name_len + extra_len
    blob[data_at + info.compress_size // 2] ^= 0xFF  # inside the encrypted visits
    bad = tmp_path / "rusak.komsos"
    bad.write_bytes(bytes(blob))
    monkeypatch.setenv("KOMSOS_SANDI", PASSWORD)
    message = " ".join(refused(komsos, office, bad).split())
    assert "kunjungan.jsonl rusak, terpotong atau diubah" in message
    short = tmp_path / "terpotong.komsos"
    short.write_bytes(locked.read_bytes()[: data_at + info.compress_size])
    assert "rusak atau terpotong" in " ".join(refused(komsos, office, short).split())
    assert office.read_bytes() == office_with_data


SEVEN_ZIP = shutil.which("7zz") or shutil.which("7z")


@pytest.mark.skipif(SEVEN_ZIP is None, reason="7-Zip (7zz/7z) is not installed")
def test_seven_zip_opens_a_locked_file_with_the_password_only(locked, tmp_path):
    good = subprocess.run(
        [SEVEN_ZIP, "t", f"-p{PASSWORD}", str(locked)], capture_output=True, text=True
    )
    assert good.returncode == 0 and "Everything is Ok" in good.stdout
    wrong = subprocess.run([SEVEN_ZIP, "t", "-psalah", str(locked)], capture_output=True, text=True)
    assert wrong.returncode != 0 and "Wrong password" in wrong.stdout + wrong.stderr
    out = tmp_path / "buka"
    subprocess.run(
        [SEVEN_ZIP, "x", f"-p{PASSWORD}", f"-o{out}", str(locked)], check=True, capture_output=True
    )
    manifest = json.loads((out / "manifest.json").read_text())
    for name, entry in manifest["anggota"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == entry["sha256"]


def test_sandi_without_a_terminal_or_variable_is_refused_and_writes_nothing(
    komsos, babinsa, tmp_path
):
    path = tmp_path / "x.komsos"
    result = komsos(
        "--db", babinsa["budi"], "send", "--month", "2023-03", "--sandi", "-o", path, code=2
    )
    assert "KOMSOS_SANDI" in result.stderr and "baris perintah" in result.stderr
    assert not path.exists()


def _at_terminal(args: list[str], answers: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run komsos with a pseudo-terminal as its controlling terminal (getpass reads /dev/tty)."""
    import fcntl
    import pty
    import termios

    master, slave = pty.openpty()

    def own_terminal() -> None:
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        [sys.executable, "-m", "komsos_cli", *args],
        stdin=slave, stdout=slave, stderr=slave, env=env, preexec_fn=own_terminal,
    )  # fmt: skip
    os.close(slave)
    screen = b""
    for answer in answers:
        while b": " not in screen.rsplit(b"\n", 1)[-1]:
            screen += os.read(master, 1024)
        os.write(master, answer.encode() + b"\n")
        screen += os.read(master, 1024)
    while True:
        try:
            chunk = os.read(master, 1024)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    os.close(master)
    return proc.wait(timeout=60), screen.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_the_password_is_asked_twice_at_a_terminal(babinsa, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the installed package, not a source folder
    env = {k: v for k, v in os.environ.items() if k != "KOMSOS_SANDI"}
    env["KOMSOS_DB"] = str(babinsa["budi"])
    path = tmp_path / "terminal.komsos"
    code, screen = _at_terminal(
        ["send", "--month", "2023-03", "--sandi", "-o", str(path)], [PASSWORD, "lain"], env
    )
    assert code == 2 and "Kedua sandi tidak sama" in screen and not path.exists()
    assert PASSWORD not in screen  # never echoed
    code, screen = _at_terminal(
        ["send", "--month", "2023-03", "--sandi", "-o", str(path)], [PASSWORD, PASSWORD], env
    )
    assert code == 0, screen
    import pyzipper

    with pyzipper.AESZipFile(path) as archive:
        archive.setpassword(PASSWORD.encode())
        assert json.loads(archive.read("profil.json"))["nrp"] == "21100456"


def test_an_existing_send_file_is_replaced_only_with_force(komsos, babinsa, sends):
    before = sends["budi"].read_bytes()
    result = komsos(
        "--db", babinsa["budi"], "send", "--month", "2023-03", "-o", sends["budi"], code=2
    )
    assert "sudah ada" in result.stderr and "--force" in result.stderr
    assert sends["budi"].read_bytes() == before
    komsos("--db", babinsa["budi"], "send", "--month", "2023-03", "-o", sends["budi"], "--force")
    assert members(sends["budi"])["kunjungan.jsonl"] == members_of(before)["kunjungan.jsonl"]


def members_of(blob: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_skip_invalid_imports_the_good_send_and_never_part_of_a_refused_one(
    komsos, sends, office, tmp_path
):
    contents = members(sends["budi"])
    contents["kunjungan.jsonl"] = contents["kunjungan.jsonl"][:-40]
    bad = tmp_path / "rusak.komsos"
    rezip(bad, contents)
    message = refused(komsos, office, bad, sends["sugianto"])
    assert "tidak pernah diimpor sebagian" in message
    assert not office.exists() or not visits_of(komsos, office)
    result = komsos("--db", office, "import", "--skip-invalid", bad, sends["sugianto"])
    assert "ditambahkan 12" in result.stdout
    assert {v["nrp"] for v in visits_of(komsos, office)} == {"21100123"}


def test_a_send_holds_only_the_senders_own_visits(komsos, babinsa, tmp_path):
    # Sugianto's laptop also holds Budi's March (imported from his export); Sugianto's send
    # speaks for Sugianto only.
    export = tmp_path / "budi.jsonl"
    komsos("--db", babinsa["budi"], "export", "--month", "2023-03", "-o", export)
    komsos("--db", babinsa["sugianto"], "import", export)
    out = tmp_path / "sugianto.komsos"
    result = komsos("--db", babinsa["sugianto"], "send", "--month", "2023-03", "-o", out)
    lines = members(out)["kunjungan.jsonl"].decode().splitlines()
    own = [m for m in MARCH if m[0] == "sugianto" and m[1].startswith("2023-03")]
    assert len(lines) == len(own)
    assert {json.loads(line)["nrp"] for line in lines} == {"21100123"}
    assert "10 kunjungan Babinsa lain" in result.stderr
