"""The HTML recap as a browser renders it: headless Chromium (Debian package ``chromium``)."""

from __future__ import annotations

import html as html_module
import json
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


# Measures, at many page widths, whether any unit name (span.satuan) or the signing date is
# broken over two lines. Injected into a copy of the page for this test only: the recap itself
# has no script.
MEASURE = """
<script>
const broken = new Set();
let wrapped = false;
const title = document.querySelector("h1");
for (let width = 240; width <= 760; width += 4) {
  document.body.style.maxWidth = width + "px";
  document.body.style.padding = "0";
  if (title.getBoundingClientRect().height > 2.5 * parseFloat(getComputedStyle(title).fontSize))
    wrapped = true;
  for (const span of document.querySelectorAll(".satuan, .tanggal"))
    if (span.getClientRects().length > 1) broken.add(span.textContent);
}
const out = document.createElement("pre");
out.id = "hasil";
out.textContent = JSON.stringify({wrapped, broken: [...broken]});
document.body.appendChild(out);
</script>
"""


def test_unit_names_and_the_date_are_never_broken_over_two_lines(tmp_path, komsos):
    db = tmp_path / "kodim.json"
    komsos(
        "--db", db, "init", "--no-input", "--pangkat", "Serka", "--babinsa", "Yohanis",
        "--nrp", "31000111", "--koramil", "1702-05/Kurulu", "--kodim", "1702/Jayawijaya",
        "--kecamatan", "Kurulu", "--kabupaten", "Jayawijaya",
    )  # fmt: skip
    for koramil in ("1702-05/Kurulu", "1702-06/Bolakme", "1702-11/Wamena Kota"):
        komsos(
            "--db", db, "add", "--no-input", "--tanggal", "2023-01-09", "--koramil", koramil,
            "--warga", "Markus", "--topik", "memberikan motivasi", "--kecamatan", "Kurulu",
        )  # fmt: skip
    page = tmp_path / "rekap.html"
    komsos("--db", db, "rekap", "--month", "2023-01", "--output", page)
    html = page.read_text("utf-8")
    assert html.count('class="satuan"') >= 5 and 'class="tanggal"' in html
    measured = tmp_path / "diukur.html"
    measured.write_text(html.replace("</body>", MEASURE + "</body>"), "utf-8")
    run = chromium(tmp_path, "--window-size=800,1200", "--dump-dom", measured.as_uri())
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    found = re.search(r'<pre id="hasil">(.*?)</pre>', run.stdout.decode("utf-8"))
    assert found, run.stdout.decode("utf-8")[-2000:]
    result = json.loads(html_module.unescape(found[1]))
    assert result["wrapped"]  # the title did wrap at the narrow widths ...
    assert result["broken"] == []  # ... but never inside a unit name or the date
