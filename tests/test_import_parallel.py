"""A big JSON Lines file is read by two processes: the result is exactly the one-process result.

The helper is a real `python -m komsos_cli.importers` process; these tests make every file
"big" and say there are two cores, then compare with the same file read by this process alone.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests_support import VISIT as PLAIN_VISIT

import komsos_cli.importers as importers
from komsos_cli.models import new_visit

VISIT = {**PLAIN_VISIT, "tanggal": "2023-01-16"}


def jsonl_file(path: Path, count: int, *, spoil: dict[int, bytes] | None = None) -> Path:
    """``count`` visits as JSON Lines with a BOM, CRLF endings and blank lines; ``spoil``
    replaces some lines (by their index among the visits)."""
    lines = []
    for n in range(count):
        record = new_visit({**VISIT, "warga": f"Warga {n}", "umur": str(20 + n % 50)})
        record["uuid"] = str(uuid.UUID(int=n + 1))
        line = json.dumps(record, ensure_ascii=False).encode()
        lines.append((spoil or {}).get(n, line))
        if n % 7 == 3:
            lines.append(b"   ")
    path.write_bytes(b"\xef\xbb\xbf" + b"\r\n".join(lines) + b"\r\n")
    return path


@pytest.fixture
def helpers(monkeypatch: pytest.MonkeyPatch) -> list[bool | str]:
    """Every JSON Lines file gets a helper; records whether each helper's answer was used
    ("raised": its answer was an error about the whole file)."""
    monkeypatch.setattr(importers, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(importers, "_cores", lambda: 2)
    used: list[bool | str] = []
    finish = importers._JsonlHelper.finish

    def spy(self, report, *, lines_before):  # type: ignore[no-untyped-def]
        used.append("raised")
        used[-1] = finish(self, report, lines_before=lines_before)
        return used[-1]

    monkeypatch.setattr(importers._JsonlHelper, "finish", spy)
    return used


def read_alone(path: Path, monkeypatch: pytest.MonkeyPatch) -> importers.FileReport:
    with monkeypatch.context() as m:
        m.setattr(importers, "PARALLEL_MIN_BYTES", 1 << 62)
        return importers.read_file(path)


def same(a: importers.FileReport, b: importers.FileReport) -> None:
    assert (a.rows, a.records, a.errors, a.warnings) == (b.rows, b.records, b.errors, b.warnings)


@pytest.mark.parametrize("share", [0.05, 0.45, 0.95])
def test_two_processes_read_what_one_reads(tmp_path, monkeypatch, helpers, share):
    monkeypatch.setattr(importers, "_HELPER_SHARE", share)
    spoil = {
        2: b'{"uuid": "tidak-sah", "warga": "x"}',  # an invalid visit
        5: b'{"warga": "tanpa kurung"',  # not JSON
        31: b"[1, 2]",  # not an object
        37: b'{"uuid": "00000000-0000-0000-0000-000000000001", "topik": ""}',
        38: b'{"tanggal": "2023-02-30"}',
    }
    path = jsonl_file(tmp_path / "besar.jsonl", 40, spoil=spoil)
    both = importers.read_file(path)
    assert helpers == [True]
    alone = read_alone(path, monkeypatch)
    same(both, alone)
    assert both.rows == 40 and len(both.records) == 35
    lines = [e.line for e in both.errors]
    assert lines == sorted(lines) and len(lines) == 5
    text = path.read_bytes().decode("utf-8-sig").split("\r\n")
    for error in both.errors:  # each error names the line that holds the spoiled text
        assert text[error.line - 1].encode() in spoil.values()


@pytest.mark.parametrize(
    ("spoiled", "message", "names_line"),
    [
        (
            json.dumps({"schema_version": 99, **VISIT}).encode(),
            "versi komsos yang lebih baru",
            False,
        ),
        (b'{"warga": "\xff\xfe"}', "bukan teks UTF-8", True),
    ],
)
def test_a_whole_file_error_in_the_helpers_half_refuses_the_whole_file(
    tmp_path, monkeypatch, helpers, spoiled, message, names_line
):
    path = jsonl_file(tmp_path / "rusak.jsonl", 30, spoil={27: spoiled})
    both = importers.read_file(path)
    assert helpers == ["raised"]
    same(both, read_alone(path, monkeypatch))
    (error,) = both.errors
    assert error.whole_file and message in error.message
    if names_line:
        assert path.read_bytes().split(b"\r\n")[error.line - 1] == spoiled
    assert both.records == []


def test_a_helper_that_fails_leaves_the_work_to_this_process(tmp_path, monkeypatch, helpers):
    monkeypatch.setattr(importers.sys, "executable", str(tmp_path / "tidak-ada-python"))
    path = jsonl_file(tmp_path / "besar.jsonl", 25, spoil={20: b"{"})
    both = importers.read_file(path)
    assert helpers == []  # no helper could start
    same(both, read_alone(path, monkeypatch))

    broken = tmp_path / "python-rusak"
    broken.write_text("#!/bin/sh\necho bukan-pickle\n")
    broken.chmod(0o755)
    monkeypatch.setattr(importers.sys, "executable", str(broken))
    again = importers.read_file(path)
    assert helpers == [False]  # it ran, and its answer was not used
    same(again, both)


def test_an_import_through_the_cli_with_a_helper_stores_every_visit(
    tmp_path, monkeypatch, helpers, komsos
):
    path = jsonl_file(tmp_path / "besar.jsonl", 60)
    result = komsos("--db", tmp_path / "koramil.json", "import", path)
    assert "ditambahkan 60" in result.stdout
    assert helpers == [True]
    listed = komsos.json("--db", tmp_path / "koramil.json", "list")
    assert sorted(v["warga"] for v in listed) == sorted(f"Warga {n}" for n in range(60))


def test_the_helper_does_not_run_python_files_of_the_current_folder(tmp_path, monkeypatch, helpers):
    folder = tmp_path / "unduhan"
    folder.mkdir()
    marker = tmp_path / "dijalankan"
    for name in ("csv.py", "pickle.py", "sitecustomize.py"):
        (folder / name).write_text(f"open({str(marker)!r}, 'a').write({name!r})\n")
    (folder / "komsos_cli").mkdir()
    (folder / "komsos_cli" / "__init__.py").write_text(f"open({str(marker)!r}, 'a').write('k')\n")
    path = jsonl_file(folder / "ekspor.jsonl", 20)
    monkeypatch.chdir(folder)
    both = importers.read_file(path)
    assert helpers == [True]
    assert not marker.exists()
    assert len(both.records) == 20


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=30),
        st.builds(
            lambda value, before, after: before + value + after,
            st.sampled_from(['{"a": 1}', "[1, 2]", '"x"', "1", "null", '{"a": "\\u00e9"}']),
            st.text(alphabet=" \t\r\n\x0b\x0c\x1c\x85\xa0\u2028\u3000x", max_size=3),
            st.text(alphabet=" \t\r\n\x0b\x0c\x1c\x85\xa0\u2028\u3000x,}", max_size=3),
        ),
    )
)
def test_a_line_is_read_exactly_as_json_loads_reads_it(text):
    try:
        expected = json.loads(text)
    except json.JSONDecodeError as exc:
        with pytest.raises(json.JSONDecodeError) as raised:
            importers._json_line(text)
        assert str(raised.value) == str(exc)
        return
    assert importers._json_line(text) == expected or expected != expected  # NaN
