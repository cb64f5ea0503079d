"""`export --partisi` (the hive layout the Kodim's warehouse reads) and `komsos schema`,
read back with DuckDB and checked with jsonschema."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from month_support import fill_month

from komsos_cli import models
from komsos_cli.partisi import safe_name

# The query the README gives (a Kodim's month per Koramil and desa).
README_QUERY = """
SELECT koramil, desa, count(*) AS kunjungan, count(DISTINCT nrp) AS babinsa
FROM read_json_auto('{root}/**/*.jsonl', hive_partitioning = true, union_by_name = true)
WHERE kodim = '0726-Sukoharjo' AND tahun = 2023 AND bulan = '03'
GROUP BY koramil, desa
ORDER BY koramil, desa
"""


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_the_month_lands_in_the_hive_layout_and_duckdb_reads_it_per_koramil_and_desa(
    komsos, db_path, tmp_path
):
    visits = fill_month(komsos, db_path)
    root = tmp_path / "gudang"
    komsos("export", "--partisi", root)
    assert _files(root) == [
        "kodim=0723-Klaten/tahun=2023/bulan=03/12-Delanggu.jsonl",
        "kodim=0726-Sukoharjo/tahun=2023/bulan=03/07-Gatak.jsonl",
        "kodim=0726-Sukoharjo/tahun=2023/bulan=03/08-Baki.jsonl",
        "kodim=0726-Sukoharjo/tahun=2023/bulan=04/07-Gatak.jsonl",
    ]
    rows = duckdb.sql(README_QUERY.format(root=root.as_posix())).fetchall()
    expected: dict[tuple[str, str], list[str]] = {}
    for v in visits:
        if v["kodim"] == "0726/Sukoharjo" and v["tanggal"].startswith("2023-03"):
            expected.setdefault((v["koramil"], v["desa"]), []).append(v["nrp"])
    assert rows == [(k, d, len(n), len(set(n))) for (k, d), n in sorted(expected.items())]


def test_exporting_again_replaces_the_senders_file_and_nothing_doubles(komsos, db_path, tmp_path):
    fill_month(komsos, db_path)
    root = tmp_path / "gudang"
    komsos("export", "--partisi", root, "--month", "2023-03")
    first = {name: (root / name).read_bytes() for name in _files(root)}
    komsos("export", "--partisi", root, "--month", "2023-03")
    komsos("export", "--partisi", root, "--month", "2023-03")
    assert {name: (root / name).read_bytes() for name in _files(root)} == first
    total = duckdb.sql(
        f"SELECT count(*) FROM read_json_auto('{root.as_posix()}/**/*.jsonl', "
        "hive_partitioning = true, union_by_name = true)"
    ).fetchall()
    assert total == [(6,)]
    assert not list(root.rglob("*.tmp"))


def test_another_koramils_export_joins_the_folder_beside_the_first(komsos, db_path, tmp_path):
    fill_month(komsos, db_path)
    root = tmp_path / "gudang"
    komsos("export", "--partisi", root)
    before = {name: (root / name).read_bytes() for name in _files(root)}
    other = tmp_path / "kartasura.json"
    komsos("--db", other, "add", "--no-input", "--pangkat", "Serda", "--babinsa", "Rudi",
           "--koramil", "09/Kartasura", "--kodim", "0726/Sukoharjo", "--tanggal", "2023-03-16",
           "--warga", "Darmo", "--desa", "Ngabeyan", "--topik", "silaturahmi")  # fmt: skip
    komsos("--db", other, "export", "--partisi", root)
    after = {name: (root / name).read_bytes() for name in _files(root)}
    added = set(after) - set(before)
    assert added == {"kodim=0726-Sukoharjo/tahun=2023/bulan=03/09-Kartasura.jsonl"}
    assert {name: after[name] for name in before} == before


def test_exported_records_satisfy_the_printed_schema(komsos, db_path, tmp_path):
    fill_month(komsos, db_path)
    schema = json.loads(komsos("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    root = tmp_path / "gudang"
    komsos("export", "--partisi", root)
    lines = [line for f in root.rglob("*.jsonl") for line in f.read_text("utf-8").splitlines()]
    assert len(lines) == 7
    for line in lines:
        validator.validate(json.loads(line))
    broken = {**json.loads(lines[0]), "tanggal": "16/03/2023", "kegiatan": "rapat"}
    assert len(list(validator.iter_errors(broken))) == 2


def test_the_schema_knows_every_field_of_the_record_and_its_version(komsos):
    schema = json.loads(komsos("skema").stdout)
    assert schema["$id"].endswith(f"v{models.SCHEMA_VERSION}")
    assert schema["properties"]["schema_version"]["const"] == models.SCHEMA_VERSION
    assert set(models.FIELDS) <= set(schema["properties"])
    assert schema["properties"]["tema"]["enum"] == list(models.TEMA)
    for key in models.LIST_FIELDS:
        assert schema["properties"][key]["type"] == "array"


@pytest.mark.parametrize(
    "args",
    [("--format", "csv"), ("--output", "x.jsonl"), ("--delimiter", ",")],
)
def test_partisi_refuses_what_it_cannot_honour(komsos, tmp_path, args):
    result = komsos("export", "--partisi", tmp_path / "gudang", *args, code=2)
    assert "--partisi" in result.stderr
    assert not (tmp_path / "gudang").exists()


@given(st.text(max_size=40))
def test_any_unit_name_becomes_a_safe_folder_name(text):
    name = safe_name(text, "tanpa-kodim")
    assert name and len(name) <= 81
    assert all(c.isascii() and (c.isalnum() or c in "._-") for c in name)
    assert name.split(".")[0].lower() not in {"con", "prn", "aux", "nul", "com1", "lpt1"}
    assert not name.startswith((".", "-"))


def test_partitioned_files_and_the_months_word_file_are_owner_only(komsos, db_path, tmp_path):
    # Both hold the warga of every visit, as an export does (0600), unlike a release.
    fill_month(komsos, db_path)
    root = tmp_path / "gudang"
    komsos("export", "--partisi", root, "--month", "2023-03")
    modes = {p.stat().st_mode & 0o777 for p in root.rglob("*.jsonl")}
    assert modes == {0o600}
    word = tmp_path / "rekap.docx"
    komsos("rekap", "--month", "2023-03", "-o", word)
    assert word.stat().st_mode & 0o777 == 0o600
