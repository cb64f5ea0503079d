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
        print(f"komsos {__version__}")
        return
    from komsos_cli import quickhelp

    if quickhelp.wanted(args):
        text = quickhelp.cached()
        if text is None:
            from komsos_cli.cli import top_level_help

            text = top_level_help()
            quickhelp.remember(text)
        sys.stdout.write(text)
        return
    from komsos_cli.cli import for_this_run

    for_this_run(args)()
