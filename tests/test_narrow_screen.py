"""A phone's screen: at 40 columns the help pages and `templates list` stay within the width and
break lines between words only. Each case runs the installed `komsos` entry point, as a shell
does, at 40 and at 80 columns."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ENTRY_POINT = shutil.which("komsos", path=str(Path(sys.executable).parent)) or shutil.which(
    "komsos"
)
pytestmark = pytest.mark.skipif(ENTRY_POINT is None, reason="komsos is not installed here")


def run(columns: int, *args: str, cache: Path) -> str:
    env = {**os.environ, "COLUMNS": str(columns), "KOMSOS_CACHE_DIR": str(cache)}
    env.pop("KOMSOS_WIDTH", None)  # the tests' fixed width for rich; here the terminal's
    result = subprocess.run(
        [ENTRY_POINT, *args], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def words(text: str) -> list[str]:
    return text.split()


PAGES = [("--help",), ("add", "--help"), ("list", "--help"), ("templates", "--help")]


@pytest.mark.parametrize("args", PAGES, ids=" ".join)
@pytest.mark.parametrize("columns", [40, 80])
def test_help_stays_within_the_width(tmp_path, args, columns):
    page = run(columns, *args, cache=tmp_path / "cache")
    too_long = [line for line in page.splitlines() if len(line.rstrip()) > columns]
    assert not too_long, "\n".join(too_long)


@pytest.mark.parametrize("args", PAGES, ids=" ".join)
def test_at_40_columns_no_word_is_broken(tmp_path, args):
    """The same words at 40 and at 200 columns: a word cut in two would be two other words."""
    narrow = run(40, *args, cache=tmp_path / "cache")
    wide = run(200, *args, cache=tmp_path / "cache")
    assert narrow != wide
    assert words(narrow) == words(wide)


def test_the_cached_top_level_page_is_the_one_for_this_width(tmp_path):
    cache = tmp_path / "cache"
    first = run(40, "--help", cache=cache)  # rendered and remembered
    assert run(80, "--help", cache=cache) != first
    assert run(40, "--help", cache=cache) == first  # from the cache
    assert len(list(cache.glob("help-*.txt"))) == 2


@pytest.mark.parametrize("columns", [40, 80])
def test_templates_list_keeps_every_description_whole(tmp_path, columns):
    from komsos_cli.release import list_templates

    page = run(columns, "templates", "list", cache=tmp_path / "cache")
    assert max(len(line.rstrip()) for line in page.splitlines()) <= columns
    if columns == 40:
        # No table squeezed to four thin columns: every description reads in order.
        flowing = " ".join(words(page))
        for info in list_templates():
            assert " ".join(words(info.description)) in flowing, info.name
            assert not re.search(r"\w…", page)  # nothing cut off with an ellipsis
