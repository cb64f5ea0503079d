"""`komsos release` / `rilis`, `komsos report` / `lapor` and `komsos templates` through the real
CLI, with a real TinyDB file under tmp_path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from komsos_cli.release import render_release, render_report

FULL = [
    "--waktu", "09.30", "--kegiatan", "anjangsana", "--tema", "usaha", "--dukuh", "Dk. Kauman",
    "--rt", "3", "--rw", "4", "--keterangan", "tutup kepala tradisional khas Jawa",
    "--pendamping", "Kopda Dede Herman", "--kutipan", "Kami siap membantu",
    "--kutipan-warga", "Terima kasih, Pak", "--harapan", "usaha warga semakin maju",
    "--catatan", "Catatan internal yang tidak boleh terbit",
]  # fmt: skip


@pytest.fixture
def visit(add_sample) -> dict:
    return add_sample(*FULL)


def test_release_prints_the_release_of_the_stored_visit(komsos, visit):
    out = komsos("release", str(visit["id"])).stdout
    assert out == render_release(visit)
    assert "Bapak Harjanto (52), pengrajin blangkon (tutup kepala tradisional khas Jawa)" in out
    assert "Dukuh Kauman RT 03/RW 04, Desa Krajan, Kecamatan Gatak, Kabupaten Sukoharjo" in out
    assert "Senin (16/01/2023) pukul 09.30 WIB" in out
    assert "Catatan internal" not in out
    assert komsos("rilis", str(visit["id"])).stdout == out  # the Indonesian alias
    assert komsos("release", visit["uuid"][:8]).stdout == out  # by the start of its UUID


@pytest.mark.parametrize(
    "fmt, start",
    [("text", ""), ("markdown", "# "), ("whatsapp", "*"), ("html", "<h2>")],
)
def test_release_formats(komsos, visit, fmt, start):
    out = komsos("release", "1", "--format", fmt).stdout
    assert out.startswith(start) and out == render_release(visit, format=fmt)


def test_release_variant_changes_wording_and_is_stable(komsos, visit):
    first = komsos("release", "1", "--variant", "1").stdout
    assert first == komsos("release", "1", "--variant", "1").stdout
    assert first != komsos("release", "1").stdout
    assert first == render_release(visit, variant=1)


def test_release_output_file_is_written_whole(komsos, visit, tmp_path):
    target = tmp_path / "rilis" / "kunjungan-1.md"
    result = komsos("release", "1", "--format", "markdown", "--output", str(target))
    assert result.stdout == ""
    assert "disimpan ke" in result.stderr
    assert target.read_text(encoding="utf-8") == render_release(visit, format="markdown")
    target.write_text("lama", encoding="utf-8")
    komsos("rilis", "1", "-o", str(target), "--force")
    assert target.read_text(encoding="utf-8") == render_release(visit)
    assert sorted(p.name for p in target.parent.iterdir()) == ["kunjungan-1.md"]  # no temp files


def test_report_and_its_alias(komsos, visit):
    out = komsos("report", "1").stdout
    assert out == render_report(visit)
    assert out.startswith("Kepada Yth. Danramil 07/Gatak\n")
    assert "Ijin melaporkan, pada hari Senin, 16 Januari 2023, pukul 09.30 WIB" in out
    assert out.rstrip().endswith("Demikian dilaporkan.")
    wa = komsos("lapor", "1", "--format", "whatsapp").stdout
    assert wa.startswith("*Kepada Yth. Danramil 07/Gatak*")


def test_usage_errors_are_indonesian_with_exit_2(komsos, visit):
    bad = komsos("release", "1", "--format", "pdf", code=2)
    assert "Format 'pdf' tidak dikenal" in bad.stderr and "Traceback" not in bad.stderr
    assert "Pilihan: text, whatsapp" in komsos("report", "1", "-f", "html", code=2).stderr
    assert "tidak ditemukan" in komsos("release", "99", code=2).stderr
    assert "Template 'brosur' tidak ada" in komsos("release", "1", "-t", "brosur", code=2).stderr
    assert "bilangan bulat" in komsos("release", "1", "--variant", "dua", code=2).stderr


def test_release_with_a_template_file_and_a_warning_for_missing_facts(komsos, visit, tmp_path):
    path = tmp_path / "singkat.j2"
    path.write_text("{{ f.babinsa }} menyapa {{ f.orang }}\n\n{{ v.topik | awal }}.\n", "utf-8")
    result = komsos("release", "1", "--template", str(path))
    assert (
        result.stdout
        == "Serka Sugianto menyapa Bapak Harjanto\n\nMemberikan motivasi agar lebih produktif.\n"
    )
    assert "Peringatan" in result.stderr and "Fakta" in result.stderr


def test_a_template_reaching_python_internals_fails_clearly(komsos, visit, tmp_path):
    path = tmp_path / "jahat.j2"
    path.write_text("Judul\n\n{{ cycler.__init__.__globals__.os.popen('id').read() }}\n", "utf-8")
    result = komsos("release", "1", "--template", str(path), code=2)
    assert "ditolak" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_templates_list_show_and_user_override(komsos, komsos_home):
    listing = komsos("templates", "list").stdout
    for name in ("umum", "usaha", "gotong-royong", "laporan", "_dasar"):
        assert name in listing
    assert "bawaan" in listing and "Template pengguna" in listing
    user_dir = komsos_home / "config" / "templates"
    user_dir.mkdir(parents=True)
    (user_dir / "usaha.j2").write_text(
        "{#- Rilis usaha buatan Kodim. -#}\nJudul\n\nIsi.\n", "utf-8"
    )
    listing = komsos("templates", "list").stdout
    assert "pengguna" in listing and "Rilis usaha buatan Kodim." in listing
    shown = komsos("templates", "show", "usaha")
    assert shown.stdout == "{#- Rilis usaha buatan Kodim. -#}\nJudul\n\nIsi.\n"
    assert "pengguna" in shown.stderr
    assert 'import "_dasar.j2"' in komsos("templates", "show", "umum").stdout
    assert "tidak ada" in komsos("templates", "show", "brosur", code=2).stderr


def test_templates_check(komsos, tmp_path):
    ok = komsos("templates", "check", "kesehatan").stdout
    assert "lolos pemeriksaan" in ok and ok.count("OK ") == 3
    lazy = tmp_path / "malas.j2"
    lazy.write_text("{{ f.babinsa }}\n\n{{ f.babinsa }} berkunjung ().\n", "utf-8")
    bad = komsos("templates", "check", str(lazy), code=1)
    assert "MASALAH" in bad.stdout and "kurung kosong" in bad.stdout and "masalah" in bad.stderr
    evil = tmp_path / "jahat.j2"
    evil.write_text("{{ ''.__class__.__mro__ }}\n", "utf-8")
    assert "ditolak" in komsos("templates", "check", str(evil), code=2).stderr
    broken = tmp_path / "rusak.j2"
    broken.write_text("{% if %}\n", "utf-8")
    assert "sintaks salah" in komsos("templates", "check", str(broken), code=2).stderr


def test_help_is_indonesian(komsos):
    text = komsos("release", "--help").stdout
    assert "rilis berita" in text and "--variant" in text and "--template" in text
    assert "Usage" not in text
    assert "Danramil" in komsos("report", "--help").stdout
    assert "check" in komsos("templates", "--help").stdout


def test_version_does_not_load_jinja2(tmp_path: Path):
    code = (
        "import sys\n"
        "from komsos_cli.cli import main\n"
        "sys.argv = ['komsos', '--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('jinja2' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert run.stdout.strip().endswith("False"), run.stdout + run.stderr


# --- the wording choice is stored and travels (issue 10, the month) ----------------------------


def _stored(db_path: Path) -> list[dict]:
    import json

    data = json.loads(db_path.read_text("utf-8"))
    return list(data["kunjungan"].values())


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl", "json"])
def test_release_stores_its_wording_and_the_choice_travels(komsos, add_sample, db_path, tmp_path,
                                                           monkeypatch, fmt):  # fmt: skip
    first = add_sample(*FULL)
    add_sample("--tanggal", "2023-01-17", "--warga", "Sumarni", "--sapaan", "Ibu")
    out = komsos("release", str(first["id"])).stdout
    stored = {v["warga"]: v.get("pilihan_kata") for v in _stored(db_path)}
    assert stored["Harjanto"] and stored["Sumarni"] is None  # only the rendered one
    assert komsos("release", str(first["id"])).stdout == out
    assert "pilihan" not in komsos("show", str(first["id"])).stdout.lower()
    # The second visit's release knows the first: it avoids the first one's sentences.
    second = komsos("release", "2").stdout
    general = [s for s in out.split("\n\n")[2].split(". ") if "Harjanto" not in s]
    assert not any(s and s in second for s in general)
    # Export, import into another database: the release stays the same.
    path = tmp_path / f"ekspor.{fmt}"
    komsos("export", "-o", str(path), "--format", fmt)
    monkeypatch.setenv("KOMSOS_DB", str(tmp_path / "lain.json"))
    komsos("import", str(path))
    again = [v for v in _stored(tmp_path / "lain.json") if v["warga"] == "Harjanto"][0]
    assert again["pilihan_kata"] == stored["Harjanto"]
    number = str(list(json_ids(tmp_path / "lain.json", "Harjanto"))[0])
    assert komsos("release", number).stdout == out


def json_ids(path: Path, warga: str):  # type: ignore[no-untyped-def]
    import json

    data = json.loads(path.read_text("utf-8"))
    return (k for k, v in data["kunjungan"].items() if v["warga"] == warga)


def test_a_variant_is_not_stored(komsos, add_sample, db_path):
    visit = add_sample(*FULL)
    komsos("release", str(visit["id"]), "--variant", "2")
    assert all(not v.get("pilihan_kata") for v in _stored(db_path))
