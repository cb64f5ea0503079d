"""One registry of formats: every list of names and endings a user sees comes from it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from komsos_cli.errors import InputError
from komsos_cli.exporters import get_exporter
from komsos_cli.formats import EXPORT, IMPORT, REGISTRIES, REKAP, RELEASE, REPORT, Format, Registry
from komsos_cli.importers import detect_format


def test_each_use_knows_its_formats_from_their_declarations():
    assert EXPORT.names() == ["csv", "jsonl", "json", "xlsx"]
    assert {"csv", "json", "jsonl", "xlsx"} <= set(IMPORT.names())
    assert REKAP.names()[:3] == ["table", "csv", "html"]
    assert RELEASE.names() == ["text", "markdown", "whatsapp", "html"]
    assert REPORT.names() == ["text", "whatsapp"]
    for registry in REGISTRIES.values():
        assert registry.default in list(registry)


@pytest.mark.parametrize(
    ("registry", "word", "name"),
    [
        (EXPORT, "Excel", "xlsx"),
        (EXPORT, ".ndjson", "jsonl"),
        (REKAP, "tabel", "table"),
        (REKAP, "HTM", "html"),
        (RELEASE, "wa", "whatsapp"),
        (RELEASE, "md", "markdown"),
        (REPORT, "teks", "text"),
    ],
)
def test_aliases_any_case_and_a_leading_dot(registry, word, name):
    assert registry.get(word).name == name


@pytest.mark.parametrize("registry", list(REGISTRIES.values()), ids=list(REGISTRIES))
def test_unknown_name_lists_exactly_the_registered_names(registry):
    with pytest.raises(InputError) as caught:
        registry.get("pdf")
    assert caught.value.message == (
        f"Format 'pdf' tidak dikenal. Pilihan: {', '.join(registry.names())}."
    )


def test_exporter_classes_carry_their_declared_format():
    for fmt in EXPORT:
        exporter = get_exporter(fmt.name)
        assert exporter.format is fmt
        assert exporter.extension == fmt.suffixes[0]
        assert EXPORT.by_suffix(exporter.extension) is fmt


def test_import_detection_follows_the_declared_endings(tmp_path):
    for suffix, name in IMPORT.suffix_map().items():
        head = b"PK\x03\x04" if name in ("xlsx", "komsos") else b"No;Tanggal\r\n"
        if name in ("json", "jsonl"):
            head = b"{}"
        assert detect_format(tmp_path / f"a{suffix}", head) == name


def test_a_second_format_under_a_taken_word_is_refused():
    registry = Registry("uji")
    registry.add(Format("csv", aliases=("koma",)))
    with pytest.raises(ValueError, match="koma"):
        registry.add(Format("lain", aliases=("koma",)))


def test_help_and_errors_name_what_the_registry_holds(komsos, tmp_path):
    page = komsos("export", "--help").stdout
    assert "csv (bawaan), jsonl, json atau xlsx" in " ".join(page.split())
    assert "{formats:" not in page
    page = komsos("import", "--help").stdout
    assert all(suffix in page for suffix in IMPORT.suffix_map())
    result = komsos("rekap", "-o", tmp_path / "rekap.pdf", code=2)
    assert REKAP.suffixes_text() in " ".join(result.stderr.split())
    result = komsos("export", "--format", "pdf", code=2)
    assert "Pilihan: csv, jsonl, json, xlsx." in result.stderr


def test_listing_names_imports_no_writer_library():
    code = (
        "import sys; from komsos_cli.formats import REGISTRIES\n"
        "[r.names() for r in REGISTRIES.values()]\n"
        "print(sorted(m for m in ('xlsxwriter', 'openpyxl', 'jinja2', 'docx', 'pyzipper')"
        " if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
