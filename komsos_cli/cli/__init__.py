"""The command-line interface: a thin layer over the core modules.

Each command module registers its commands on ``app`` when imported; they import their heavy
dependencies inside the command functions, so importing them all here stays cheap.
"""

from komsos_cli.cli import (  # noqa: F401  (registers commands)
    exchange_cmds,
    maintenance,
    profile,
    release_cmds,
    visits,
    wilayah_cmds,
)
from komsos_cli.cli.app import app

# Command modules of other groups register here too (release, exchange, rekap, wilayah).


def main() -> None:
    app()


__all__ = ["app", "main"]
