"""komsos: log Babinsa Komsos visits, write press releases and Koramil recaps."""

__version__ = "0.1.0"


def main() -> None:
    """The `komsos` command.

    `--version` is answered before typer and the command modules are imported: it is what
    scripts and installers call to check the tool, and it should cost no more than Python.
    """
    import sys

    if sys.argv[1:] in (["--version"], ["-V"]):
        print(f"komsos {__version__}")
        return
    from komsos_cli.cli import for_this_run

    for_this_run(sys.argv[1:])()
