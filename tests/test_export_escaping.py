"""Properties of the formula-injection escaping and of lists in one cell (hypothesis)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from komsos_cli.exporters import (
    COLUMN_KEYS,
    FORMULA_CHARS,
    XLSX_GUARD_PROPERTY,
    CsvExporter,
    XlsxExporter,
    join_list,
    neutralise,
    restore,
    split_list,
)
from komsos_cli.importers import _xlsx_cell

SETTINGS = settings(max_examples=200, deadline=None)
# Text that tends to hit the interesting cases: formula characters, quotes, separators.
tricky = st.text(alphabet=st.sampled_from("=+-@\t\r'\";; ,aZ0é\n"), max_size=12) | st.text()
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
TEXT_FIELDS = ("warga", "pekerjaan", "keterangan", "kelompok", "topik", "kutipan", "catatan")


@SETTINGS
@given(tricky)
def test_escaping_round_trips_any_string(text):
    assert restore(neutralise(text)) == text


@SETTINGS
@given(tricky)
def test_escaped_text_never_starts_with_a_formula_character(text):
    assert not neutralise(text).startswith(tuple(FORMULA_CHARS))


@SETTINGS
@given(
    st.text().filter(
        # A formula character after any leading spaces and control characters is guarded too.
        lambda t: not t.startswith("'") and not re.match(r"[\x00-\x20\x7f-\xa0]*[=+\-@\t\r]", t)
    )
)
def test_safe_text_is_left_alone(text):
    assert neutralise(text) == text
    assert restore(text) == text


@pytest.mark.parametrize(
    "text, escaped",
    [
        ("=1+1", "'=1+1"),
        ("-5", "'-5"),
        ("'=1+1", "''=1+1"),
        ("''@x", "'''@x"),
        ("'biasa", "'biasa"),
        ("Ma'ruf", "Ma'ruf"),
        ("", ""),
    ],
)
def test_escaping_examples(text, escaped):
    assert neutralise(text) == escaped and restore(escaped) == text


@SETTINGS
@given(st.lists(tricky.filter(bool), max_size=5))
def test_lists_in_one_cell_round_trip(items):
    assert split_list(join_list(items)) == items


def _visit(values: dict[str, str]) -> dict:
    return {"uuid": "0b0c7a43-5b8e-4f43-9d34-7c1d2a8f1e11", "tanggal": "2023-01-16", **values}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({f: tricky for f in TEXT_FIELDS}), st.lists(tricky.filter(bool)))
def test_no_exported_csv_cell_starts_with_a_formula_character(values, pendamping):
    buffer = io.BytesIO()
    CsvExporter().write([_visit({**values, "pendamping": pendamping})], buffer)
    rows = list(
        csv.reader(io.StringIO(buffer.getvalue().decode("utf-8-sig"), newline=""), delimiter=";")
    )
    assert len(rows) == 2
    cells = dict(zip(COLUMN_KEYS, rows[1], strict=True))
    for key, cell in cells.items():
        assert not cell.startswith(tuple(FORMULA_CHARS)), (key, cell)
    for key in TEXT_FIELDS:
        assert restore(cells[key]) == values[key]
    assert split_list(restore(cells["pendamping"])) == pendamping


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({f: tricky for f in TEXT_FIELDS}), st.lists(tricky.filter(bool)))
def test_xlsx_cells_hold_the_exact_text_guarded_by_the_quote_prefix(values, pendamping):
    openpyxl = pytest.importorskip("openpyxl")
    buffer = io.BytesIO()
    XlsxExporter().write([_visit({**values, "pendamping": pendamping})], buffer)
    buffer.seek(0)
    book = openpyxl.load_workbook(buffer)
    assert XLSX_GUARD_PROPERTY in {(p.name, p.value) for p in book.custom_doc_props.props}
    cells = {key: cell for key, cell in zip(COLUMN_KEYS, book.active[2], strict=True)}
    for key, cell in cells.items():
        assert cell.data_type != "f", key
        # Excel's invisible apostrophe on every cell it would evaluate (or take a ' from).
        if isinstance(cell.value, str) and cell.value.startswith(tuple(FORMULA_CHARS + "'")):
            assert cell.quotePrefix and cell.data_type == "s", (key, cell.value)
    # The text comes back exactly, without any unescaping; control characters travel as
    # OOXML escapes (_x000D_), which the importer's _xlsx_cell undoes.
    for key in TEXT_FIELDS:
        if values[key]:
            assert _xlsx_cell(cells[key].value) == values[key], key
    if pendamping:
        assert split_list(_xlsx_cell(cells["pendamping"].value)) == pendamping
