"""The typer application, its global options, and the one place errors become exit codes.

Only typer is imported at module level: `komsos --version` and `--help` must not pay for
tinydb, jinja2 or rich tables. Command modules import what they need inside their functions.
"""

from __future__ import annotations

import copy
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from komsos_cli import __version__
from komsos_cli.errors import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_USAGE, InputError, KomsosError

_COMPLETION_HELP = {
    "install_completion": "Pasang pelengkapan perintah (Tab) untuk shell ini.",
    "show_completion": "Tampilkan skrip pelengkapan perintah untuk shell ini.",
}
# Option placeholders in help; typer's own are English type names (<str>, <int>).
_METAVARS = {
    "str": "TEKS",
    "int": "ANGKA",
    "int range": "ANGKA",
    "path": "FILE",
    "file": "FILE",
    "filename": "FILE",
}
# The usage line, in `--help` and in usage errors alike.
_USAGE_WORDS = {
    "Usage:": "Cara pakai:",
    "[OPTIONS]": "[OPSI]",
    "COMMAND": "PERINTAH",
    "[ARGS]": "[ARGUMEN]",
}
# The headings of click's plain help layout.
_HEADINGS = {
    "\nOptions:\n": "\nOpsi:\n",
    "\nCommands:\n": "\nPerintah:\n",
    "\nArguments:\n": "\nArgumen:\n",
}


def _translated_usage(usage: str) -> str:
    for english, indonesian in _USAGE_WORDS.items():
        usage = usage.replace(english, indonesian)
    return usage


# The notes click puts after an option's help, translated before click wraps the text (a
# longer Indonesian phrase put in afterwards would run past the terminal's edge).
_NOTE_WORDS = (
    ("env var: ", "variabel lingkungan: "),
    ("default: ", "bawaan: "),
    ("; required]", "; wajib]"),
    ("[required]", "[wajib]"),
    ("x>=", "minimal "),
)


def _translated_notes(param: Any) -> None:
    if getattr(param, "_komsos_notes", False):
        return
    english_record = param.get_help_record

    def get_help_record(ctx):  # type: ignore[no-untyped-def]
        record = english_record(ctx)
        if record is None:
            return None
        name, text = record
        at = text.rfind("[")  # the notes are the last bracket
        if at >= 0:
            notes = text[at:]
            for english, indonesian in _NOTE_WORDS:
                notes = notes.replace(english, indonesian)
            text = text[:at] + notes
        return name, text

    param.get_help_record = get_help_record
    param._komsos_notes = True


class _IndonesianHelp:
    def get_help(self, ctx):  # type: ignore[no-untyped-def]
        text = super().get_help(ctx)  # type: ignore[misc]
        usage, gap, rest = text.partition("\n\n")  # the usage line is the first paragraph
        for english, indonesian in _HEADINGS.items():
            rest = rest.replace(english, indonesian)
        return _translated_usage(usage) + gap + rest

    def format_help(self, ctx, formatter):  # type: ignore[no-untyped-def]
        # Plain help, not typer's rich panels: rendering those imports rich, markdown-it and
        # pygments (about 110 ms), which made `--help` cost twice what importing typer does.
        self.rich_markup_mode = None
        if hasattr(self, "list_commands"):
            # Show each command's whole first paragraph, not click's first 45 characters.
            for name in self.list_commands(ctx):
                sub = self.get_command(ctx, name)
                if sub is not None and not sub.short_help and sub.help:
                    sub.short_help = " ".join(sub.help.split("\n\n")[0].split())
        for param in self.params:  # type: ignore[attr-defined]
            _translated_notes(param)
            if param.name in _COMPLETION_HELP:
                param.help = _COMPLETION_HELP[param.name]
            if param.param_type_name == "argument" and param.metavar is not None:
                # typer prints the type beside a named argument ("ID <str>"); the name is enough.
                param.type = copy.copy(param.type)
                param.type.get_metavar = lambda *args, **kwargs: ""  # type: ignore[method-assign]
            is_flag = getattr(param, "is_flag", False)
            if param.param_type_name == "option" and param.metavar is None and not is_flag:
                param.metavar = _METAVARS.get(param.type.name, "NILAI")
        return super().format_help(ctx, formatter)  # type: ignore[misc]

    def get_usage(self, ctx):  # type: ignore[no-untyped-def]
        return _translated_usage(super().get_usage(ctx))  # type: ignore[misc]

    def get_help_option(self, ctx):  # type: ignore[no-untyped-def]
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Tampilkan bantuan ini lalu keluar."
        return option


class KomsosCommand(_IndonesianHelp, TyperCommand):
    pass


_ERROR_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"No such command '(.+)'\."), "Perintah '{0}' tidak dikenal."),
    (re.compile(r"No such option: (\S+)(?:\s+Did you mean (.+)\?)?"), "Opsi {0} tidak dikenal."),
    (re.compile(r"Missing option '(.+)'\.?"), "Opsi {0} wajib diisi."),
    (re.compile(r"Missing argument '(.+)'\.?"), "Argumen {0} wajib diisi."),
    (re.compile(r"Missing parameter: (.+)"), "Parameter {0} wajib diisi."),
    (re.compile(r"Option '(.+)' requires an argument\.?"), "Opsi {0} memerlukan nilai."),
    (re.compile(r"Option '(.+)' does not take a value\.?"), "Opsi {0} tidak memerlukan nilai."),
    (re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)"),
     "Argumen berlebih: {0}. Bila itu bagian dari sebuah nilai, tulis nilainya dalam tanda "
     "kutip, mis. --tanggal \"hari ini\"."),
    (re.compile(r"Invalid value for (.+?): '(.*)' is not a valid int(?:eger)?\.?"),
     "Nilai untuk {0} harus bilangan bulat, bukan '{1}'."),
    (re.compile(r"Invalid value for (.+?): (.+)"), "Nilai untuk {0} tidak sah: {1}"),
    (re.compile(r"Missing command\.?"), "Perintah belum ditulis."),
]  # fmt: skip


# The reasons click gives inside "Invalid value for ...: <reason>".
_REASON_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?:File|Path) '(.+?)' is a directory\."), "'{0}' adalah folder, bukan file."),
    (re.compile(r"Directory '(.+?)' is a file\."), "'{0}' adalah file, bukan folder."),
    (re.compile(r"(?:File|Path|Directory) '(.+?)' does not exist\."), "'{0}' tidak ditemukan."),
    (re.compile(r"(?:File|Path|Directory) '(.+?)' is not (?:readable|writable)\."), "'{0}' tidak bisa dibuka (izin)."),
    (re.compile(r"(-?[\d.]+) is not in the range (.+?)\."), "{0} di luar batas yang boleh ({1})."),
    (re.compile(r"'(.*?)' is not a valid float\."), "'{0}' bukan angka."),
    (re.compile(r"\(env var: '(.+?)'\)"), "(variabel lingkungan {0})"),
]  # fmt: skip


def translate_click_message(message: str) -> str:
    for pattern, template in _REASON_PATTERNS:
        message = pattern.sub(lambda m, t=template: t.format(*m.groups()), message)
    for pattern, template in _ERROR_PATTERNS:
        m = pattern.search(message)
        if m:
            text = template.format(*[g or "" for g in m.groups()])
            if "Did you mean" in message and (hint := re.search(r"Did you mean (.+?)\?", message)):
                text += f" Maksud Anda: {hint[1]}?"
            return text
    return message


def _error(message: str, details: list[str] | None = None) -> None:
    print(f"Galat: {message}", file=sys.stderr)
    for line in details or []:
        print(f"  {line}", file=sys.stderr)


class KomsosGroup(_IndonesianHelp, TyperGroup):
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
            _error(translate_click_message(exc.format_message()))
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


# Options of the top level that take a value (the command word comes after it).
_GLOBAL_VALUE_OPTIONS = ("--db",)


def _command_word(args: list[str]) -> tuple[str | None, list[str]]:
    """The command named on this command line and the top-level options before it
    (``komsos --db F add ...`` -> ``("add", ["--db", "F"])``)."""
    skip = False
    for i, arg in enumerate(args):
        if skip:
            skip = False
        elif arg in _GLOBAL_VALUE_OPTIONS:
            skip = True
        elif arg == "--":
            return (args[i + 1] if i + 1 < len(args) else None), args[:i]
        elif not arg.startswith("-"):
            return arg, args[:i]
    return None, args


def _no_parameters() -> None:
    """Stands in for a command's function where only its name and help are shown."""


def for_this_run(args: list[str]) -> typer.Typer:
    """The app as typer needs it to run this command line.

    Before it runs one command, typer builds every command of the app (about forty with the
    aliases, each with its parameters read from the function's signature): a third of the
    start-up of `komsos add`. The command named on the line is built alone; for the top
    level's help, the commands are built without their parameters, which that page does not
    show. Anything else (no such command, shell completion) gets the whole app.
    """
    if any(key.endswith("_COMPLETE") for key in os.environ):
        return app
    name, options = _command_word(args)
    trimmed = copy.copy(app)
    if name is not None:
        trimmed.registered_commands = [c for c in app.registered_commands if c.name == name]
        trimmed.registered_groups = [g for g in app.registered_groups if g.name == name]
        if not trimmed.registered_commands and not trimmed.registered_groups:
            return app  # click's message, with its suggestions, needs every name
        return trimmed
    if args and not {"-h", "--help"} & set(options):
        return app  # no command and no help asked for: whatever click makes of it
    stubs = []
    for info in app.registered_commands:
        stub = copy.copy(info)
        stub.callback = _no_parameters
        stubs.append(stub)
    trimmed.registered_commands = stubs
    groups = []
    for info in app.registered_groups:
        group = copy.copy(info)
        group.typer_instance = copy.copy(info.typer_instance)
        group.typer_instance.registered_commands = []
        group.typer_instance.registered_groups = []
        groups.append(group)
    trimmed.registered_groups = groups
    return trimmed


def top_level_help() -> str:
    """The page `komsos --help` prints, as text (for the cache in komsos_cli.quickhelp)."""
    group = typer.main.get_command(for_this_run(["--help"]))
    with group.make_context("komsos", ["--help"], resilient_parsing=True) as ctx:
        return ctx.get_help() + "\n"
