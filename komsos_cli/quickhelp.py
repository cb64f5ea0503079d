"""The top-level help page, answered from a cache without loading typer.

`komsos` and `komsos --help` are what a new user types first and what scripts call to see the
commands; typer alone takes longer to import than the rest of that answer. The page typer
renders is saved once in the user's cache folder and printed from there afterwards. Its file
name carries everything the page depends on (komsos's version, the Python version, the help
width, and the size and time of the command modules, which change when komsos is installed
again or edited), so a stale page is never shown. Any trouble with the cache only means typer
renders the page again.
"""

from __future__ import annotations

import os
import sys
import zlib

TOP_LEVEL_HELP = ([], ["--help"], ["-h"])


def help_width() -> int:
    """The width of the help pages: the terminal's, at most 80, less 2 (click's margin).

    click would not go below 50, which broke a phone's 40 columns mid-word; komsos lays the
    help out down to 20 (cli/translation.py). Its cache below is keyed by this width.
    """
    import shutil

    return max(min(shutil.get_terminal_size().columns, 80) - 2, 20)


def _cache_file() -> str:
    from komsos_cli import __version__

    package = os.path.dirname(os.path.abspath(__file__))
    stamps = [__version__, sys.version, str(help_width())]
    for folder in (package, os.path.join(package, "cli")):
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    info = entry.stat()
                    stamps.append(f"{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    key = zlib.crc32("\n".join(stamps).encode())
    from komsos_cli.paths import cache_dir

    return os.path.join(cache_dir(), f"help-{__version__}-{key:08x}.txt")


def wanted(args: list[str]) -> bool:
    """Whether this command line asks for the top-level help page (and is not a completion)."""
    return args in TOP_LEVEL_HELP and not any(k.endswith("_COMPLETE") for k in os.environ)


def cached() -> str | None:
    try:
        with open(_cache_file(), encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def remember(text: str) -> None:
    try:
        target = _cache_file()
        os.makedirs(os.path.dirname(target), exist_ok=True)
        temporary = f"{target}.{os.getpid()}.tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, target)
        folder, name = os.path.split(target)
        version = name.split("-")[1]
        for old in os.listdir(folder):  # pages of other versions
            if old.startswith("help-") and old.endswith(".txt") and old.split("-")[1] != version:
                os.remove(os.path.join(folder, old))
    except OSError:
        pass  # a read-only home: the page is rendered every time, as before the cache
