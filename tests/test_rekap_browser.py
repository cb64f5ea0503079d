"""The HTML recap as a browser renders it: headless Chromium (Debian package ``chromium``)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from exchange_support import PROFILE

CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"))
     if p and Path(p).exists()),
    None,
)  # fmt: skip
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium tidak terpasang (Debian: apt-get install chromium); uji tampilan HTML dilewati",
)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'chromium-profile'}", *args,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, timeout=120)


@pytest.fixture
def report(tmp_path, komsos) -> Path:
    db = tmp_path / "koramil.json"
    komsos("--db", db, *PROFILE)
    for day, desa in (
        ("2023-01-02", "Krajan"),
        ("2023-01-02", "Krajan"),
        ("2023-01-09", "Trosemi"),
    ):
        komsos(
            "--db", db, "add", "--no-input", "--tanggal", day, "--desa", desa,
            "--warga", "Harjanto", "--topik", "memberikan motivasi agar lebih produktif",
        )  # fmt: skip
    out = tmp_path / "rekap.html"
    komsos("--db", db, "rekap", "--month", "2023-01", "--output", out)
    return out


def test_rendered_dom_has_tables_chart_and_no_network(report, tmp_path):
    run = chromium(tmp_path, "--dump-dom", report.as_uri())
    dom = run.stdout.decode("utf-8")
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    # The browser parsed the page into the four tables and the chart, with the counts.
    assert dom.count('<table class="rekap">') == 4
    assert re.search(r'<b id="jumlah-kunjungan">3</b>', dom)
    bars = re.findall(r'<rect class="batang"[^>]*height="([\d.]+)"', dom)
    assert len(bars) == 31
    assert float(bars[1]) > float(bars[8]) > 0 and float(bars[0]) == 0  # 2 Jan: 2, 9 Jan: 1
    assert "Desa binaan belum dikunjungi" in dom and "Desa Blimbing" in dom
    # Nothing to fetch: no element that loads a resource.
    assert not re.search(r"<(img|link|script|iframe|object|embed)\b", dom)


def test_prints_to_a_pdf_with_pages(report, tmp_path):
    pdf = tmp_path / "rekap.pdf"
    run = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri())
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    blob = pdf.read_bytes()
    assert blob.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", blob))
    assert 1 <= pages <= 2  # one sheet here (DejaVu); fonts differ between machines
    # The page is A4 portrait (@page size): 595 x 842 points.
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", blob)
    assert boxes and all(
        abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes
    ), boxes
