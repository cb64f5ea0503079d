"""komsos: log Babinsa Komsos visits, write press releases and Koramil recaps."""

__version__ = "0.1.0"


def main() -> None:
    """The `komsos` command.

    `--version` is answered before typer and the command modules are imported: it is what
    scripts and installers call to check the tool, and it should cost no more than Python.
    The top-level help page comes from a cache the same way (see quickhelp).
    """
    import sys

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
    except BrokenPipeError:
        reader_left()


def reader_left() -> None:
    """`komsos ... | head -1`: the reader of stdout left. Point stdout at nothing, so that the
    flush at exit does not complain either, and exit quietly with 1."""
    import os
    import sys

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
