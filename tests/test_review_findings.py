"""Regressions for what a newcomer's walk through komsos found (one test per finding)."""

from __future__ import annotations

from photo_support import KRAJAN, make_jpeg


def test_release_to_a_new_folder_typed_with_a_slash_makes_the_folder(komsos, add_sample, tmp_path):
    # README: `komsos rilis 5 -f html -o situs/` gives situs/rilis-5.html and the photos beside
    # it. With situs/ not there yet, the release used to become a *file* named "situs".
    photo = make_jpeg(tmp_path / "IMG_1.jpg", "2023:01:16 09:31:05", KRAJAN, size=(400, 300))
    add_sample("--foto", str(photo))
    web = tmp_path / "situs"
    komsos("release", "1", "-f", "html", "-o", f"{web}/")
    assert web.is_dir()
    assert sorted(p.name for p in web.iterdir()) == ["kunjungan-1-foto-1.jpg", "rilis-1.html"]
    assert "<figure" in (web / "rilis-1.html").read_text(encoding="utf-8")


def test_a_folder_for_a_one_file_release_is_refused_and_nothing_is_written(
    komsos, add_sample, tmp_path
):
    add_sample()
    out = komsos("release", "1", "-f", "whatsapp", "-o", f"{tmp_path / 'baru'}/", code=2)
    assert "menunjuk sebuah folder" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "baru").exists()
    out = komsos("release", "1", "-f", "html", "-o", f"{tmp_path / 'a' / 'b'}/", code=2)
    assert "tidak ada" in out.stderr and not (tmp_path / "a").exists()
