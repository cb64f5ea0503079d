"""``--output FILE`` and ``--force``, the same for every command that writes a file.

The checks themselves are ``fileio.output_target`` (the database, its lock and its backups are
never an output; only regular files are written, through a symbolic link to its target). Here:
an existing file is replaced only after the user says so at a terminal, or with ``--force``.
"Komsos did not write it" cannot be known for sure (the user may have edited the file since, or
it may be an export imported from someone else), so any existing file is asked about.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

from komsos_cli.errors import EXIT_ERROR, InputError

FORCE_HELP = "Timpa file --output yang sudah ada tanpa bertanya."


def force_option() -> bool:
    return typer.Option(False, "--force", help=FORCE_HELP)


def output_path(ctx: typer.Context, output: Path | None, force: bool) -> Path | None:
    """The real file to write for ``--output`` (None: write to stdout), checked and agreed."""
    if output is None:
        return None
    from komsos_cli.cli.app import confirmed, interactive, store_from
    from komsos_cli.fileio import output_target

    target, exists = output_target(output, store_from(ctx).protected_paths())
    if exists and not force:
        if not interactive(False):
            raise InputError(
                f"File {output} sudah ada. Tambahkan --force untuk menimpanya, "
                "atau pilih nama file lain."
            )
        if not confirmed(f"File {output} sudah ada. Timpa?", False):
            raise typer.Exit(EXIT_ERROR)
    return target


def folder_argument(output: str | Path | None) -> tuple[Path | None, bool]:
    """``--output`` as a path, and whether it was typed as a folder (``situs/``).

    The trailing separator says "a folder" even before the folder exists; ``Path`` drops it,
    so a command that takes a folder asks for the option as text and passes it here."""
    if output is None:
        return None, False
    text = str(output)
    return Path(text), isinstance(output, str) and text.endswith(("/", os.sep))
