"""The typer application, its global options, and the one place errors become exit codes.

Only typer is imported at module level: `komsos --version` and `--help` must not pay for
tinydb, jinja2 or rich tables. Command modules import what they need inside their functions.
The Indonesian words of the help pages and usage errors are in ``cli/translation.py``; how a
run builds only the commands it needs is in ``cli/startup.py``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from komsos_cli import __version__
from komsos_cli.cli.translation import (
    IndonesianHelp,
    translate_click_message,
    usage_error_message,
)
from komsos_cli.errors import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_USAGE, InputError, KomsosError


class KomsosCommand(IndonesianHelp, TyperCommand):
    pass


def _error(message: str, details: list[str] | None = None) -> None:
    print(f"Galat: {message}", file=sys.stderr)
    for line in details or []:
        print(f"  {line}", file=sys.stderr)


class KomsosGroup(IndonesianHelp, TyperGroup):
    """Runs the app and turns every known failure into a message on stderr and an exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore[no-untyped-def,override]
        from typer import exceptions as typer_exc
        from typer._click import exceptions as click_exc

        try:
            code = super().main(
                args=args,
                prog_name=prog_name or "komsos",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except KomsosError as exc:
            _error(exc.message, exc.details)
            sys.exit(exc.exit_code)
        except click_exc.NoArgsIsHelpError as exc:
            print(exc.format_message())
            sys.exit(0)
        except click_exc.UsageError as exc:
            _error(usage_error_message(exc))
            if exc.ctx is not None:
                print(f"Coba '{exc.ctx.command_path} --help' untuk bantuan.", file=sys.stderr)
            sys.exit(EXIT_USAGE)
        except click_exc.ClickException as exc:
            _error(translate_click_message(exc.format_message()))
            sys.exit(exc.exit_code)
        except typer_exc.Abort:
            # Ctrl-D at a prompt: the user left; nothing was stored.
            print("\nDibatalkan.", file=sys.stderr)
            sys.exit(1)
        except typer_exc.Exit as exc:
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            from komsos_cli import reader_left

            reader_left()
        except KeyboardInterrupt:
            print("\nDibatalkan.", file=sys.stderr)
            sys.exit(EXIT_INTERRUPTED)
        except Exception as exc:
            from komsos_cli import reader_gone, reader_left

            if reader_gone(exc):  # Windows: a pipe whose reader left reads EINVAL
                reader_left()
            # The last line: a user never gets a traceback. Most often the cause is a database
            # file edited by hand into a shape komsos does not expect.
            if os.environ.get("KOMSOS_DEBUG"):
                raise
            _error(
                f"Terjadi kesalahan yang tidak terduga ({type(exc).__name__}: {exc}).",
                [
                    "Bila file database pernah diubah dengan tangan atau program lain, periksa "
                    "isinya atau pulihkan cadangan dengan: komsos restore",
                    "Rinciannya tampil bila perintah diulang dengan KOMSOS_DEBUG=1; "
                    "sampaikan ke pengelola komsos.",
                ],
            )
            sys.exit(EXIT_ERROR)
        if code == EXIT_INTERRUPTED:
            print("\nDibatalkan.", file=sys.stderr)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=KomsosGroup,
    name="komsos",
    help=(
        "Catat kunjungan Komsos Babinsa, tulis rilis berita dari fakta yang dicatat, "
        "dan siapkan rekap bulanan untuk Koramil."
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"komsos {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    ctx: typer.Context,
    db: Path | None = typer.Option(
        None,
        "--db",
        envvar="KOMSOS_DB",
        help="File database yang dipakai (bawaan: di folder data pengguna).",
        show_envvar=True,
        dir_okay=False,
    ),
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        callback=_version,
        is_eager=True,
        help="Tampilkan versi lalu keluar.",
    ),
) -> None:
    ctx.obj = {"db": db}


def command(name: str, alias: str | None = None, **kwargs: Any) -> Callable:
    """Register a command under its English name and, hidden from the list, its Indonesian alias."""

    def decorator(func: Callable) -> Callable:
        help_text = kwargs.pop("help", None) or (func.__doc__ or "").strip()
        shown = f"{help_text} (alias: {alias})" if alias else help_text
        app.command(name, help=shown, cls=KomsosCommand, **kwargs)(func)
        if alias:
            app.command(alias, help=help_text, hidden=True, cls=KomsosCommand, **kwargs)(func)
        return func

    return decorator


def store_from(ctx: typer.Context):  # type: ignore[no-untyped-def]
    """The Store for the database chosen with --db / KOMSOS_DB / the default path."""
    from komsos_cli.paths import resolve_db_path
    from komsos_cli.storage import Store

    root = ctx.find_root()
    explicit = (root.obj or {}).get("db") if root.obj else None
    path = resolve_db_path(explicit)
    # `explicit` holds KOMSOS_DB too (the option reads it).
    if explicit and not path.parent.is_dir():
        # A mistyped --db would otherwise start a new, empty database in new folders, and
        # the Babinsa would think his visits were gone.
        raise InputError(
            f"Folder {path.parent} tidak ada. Periksa --db (atau KOMSOS_DB); "
            "komsos tidak membuat folder untuk database yang ditunjuk sendiri."
        )
    return Store(path)


def interactive(no_input: bool) -> bool:
    """Prompt only when a person is at a terminal and did not say --no-input."""
    if no_input or os.environ.get("KOMSOS_NO_INPUT"):
        return False
    return sys.stdin.isatty()


def confirmed(question: str, yes: bool) -> bool:
    """Ask before a destructive step; without a terminal only ``--yes`` may proceed."""
    if yes:
        return True
    if not interactive(False):
        raise KomsosError(
            f"{question} Tambahkan --yes untuk melanjutkan tanpa bertanya.", exit_code=EXIT_USAGE
        )
    from rich.markup import escape
    from rich.prompt import Prompt

    out = console(stderr=True)
    while True:
        reply = Prompt.ask(
            escape(f"{question} [y/t]"), console=out, default="t", show_default=False
        )
        answer = (reply or "").strip().lower()
        if answer in _YES:
            return True
        if answer in _NO:
            print("Dibatalkan; tidak ada yang berubah.", file=sys.stderr)
            return False
        out.print("Jawab y (ya) atau t (tidak).")


_YES = {"y", "ya", "iya", "yes"}
_NO = {"t", "tidak", "tdk", "n", "no", "ga", "gak", "nggak"}


def console(stderr: bool = False):  # type: ignore[no-untyped-def]
    from rich.console import Console

    width = int(os.environ["KOMSOS_WIDTH"]) if os.environ.get("KOMSOS_WIDTH") else None
    return Console(stderr=stderr, width=width, highlight=False, soft_wrap=False)


def print_json(data: Any) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
