"""komsos: log Babinsa Komsos visits, write press releases and Koramil recaps."""

__version__ = "0.1.0"


def main() -> None:
    """The `komsos` command.

    `--version` is answered before typer and the command modules are imported: it is what
    scripts and installers call to check the tool, and it should cost no more than Python.
    The top-level help page comes from a cache the same way (see quickhelp).
    """
    import sys

    _safe_streams()
    args = sys.argv[1:]
    if args in (["--version"], ["-V"]):
        _write_out(f"komsos {__version__}\n")
        return
    from komsos_cli import quickhelp

    if quickhelp.wanted(args):
        text = quickhelp.cached()
        if text is None:
            from komsos_cli.cli import top_level_help

            text = top_level_help()
            quickhelp.remember(text)
        _write_out(text)
        return
    from komsos_cli.cli import for_this_run

    for_this_run(args)()


def _write_out(text: str) -> None:
    """Print what the fast paths answer, quietly when nobody reads it (as the app does)."""
    import sys

    if sys.stdout is None:  # stdout closed (`komsos --help >&-`)
        return
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        if not reader_gone(exc):
            raise
        reader_left()


def _safe_streams() -> None:
    """Windows writes a redirected stdout (``komsos rekap > rekap.txt``) in the ANSI code page,
    which lacks characters komsos prints (the bars, Papuan and Acehnese names): UTF-8 there, as
    the exports are. Elsewhere a stream that cannot encode a character prints '?' instead of
    stopping the command halfway. A console on Windows is UTF-8 already (Python 3.6+)."""
    import os
    import sys

    for stream in (sys.stdout, sys.stderr):
        encoding = str(getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if stream is None or encoding == "utf8":
            continue
        try:
            if os.name == "nt":
                stream.reconfigure(encoding="utf-8", errors="replace")
            else:
                stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):
            pass  # not a text stream komsos can change (a test runner's capture)


def reader_gone(exc: BaseException) -> bool:
    """Whether a failed write means stdout's reader left: a broken pipe, which Windows reports
    as EINVAL ("Invalid argument") when the reader of a pipe is gone."""
    import errno
    import os

    if isinstance(exc, BrokenPipeError):
        return True
    return os.name == "nt" and isinstance(exc, OSError) and exc.errno == errno.EINVAL


def reader_left() -> None:
    """`komsos ... | head -1`: the reader of stdout left. Point stdout at nothing, so that the
    flush at exit does not complain either, and exit quietly with 1."""
    import os
    import sys

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
