"""click's English help and messages in Bahasa Indonesia, laid out for the terminal's width.

The help pages stay click's plain layout (not typer's rich panels, which would import rich,
markdown-it and pygments for every `--help`); this module swaps its words (the usage line,
the headings, the option placeholders and notes, the messages of usage errors) and gives it a
formatter that wraps on word boundaries only and, on a phone's narrow screen, puts each
option's help under its name instead of in a column too thin for a word.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import typer
from typer._click.formatting import HelpFormatter

from komsos_cli.quickhelp import help_width

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


def _wrap(text: str, width: int, indent: str, first: str | None = None) -> list[str]:
    """Lines of at most ``width`` characters, broken between words only (never inside a word,
    nor at a hyphen: "2023-01-16" stays whole). Blank lines separate paragraphs."""
    import textwrap  # only a help page needs it, not a command's run

    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        if lines:
            lines.append("")
        lines += textwrap.wrap(
            " ".join(paragraph.split()),
            width=width,
            initial_indent=indent if first is None or lines else first,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    return lines


# Below this many characters for the help beside an option, the help goes under the option.
_NARROWEST_COLUMN = 24


class IndonesianFormatter(HelpFormatter):
    """click's help layout with Indonesian headings and usage, wrapped within the terminal."""

    def __init__(self, indent_increment: int = 2, width=None, max_width=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(indent_increment, width or help_width(), max_width)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        lead = " " * self.current_indent + (prefix or "Cara pakai: ") + prog + " "
        words = _translated_usage(args)
        if len(lead) + 12 > self.width:  # the arguments on their own line
            self.write(lead.rstrip() + "\n")
            lead = " " * (self.current_indent + 4)
        self.write("\n".join(_wrap(words, self.width, " " * len(lead), first=lead)) + "\n")

    def write_heading(self, heading: str) -> None:
        heading = _HEADINGS.get(f"\n{heading}:\n", f"{heading}:").strip()
        self.write(f"{'':>{self.current_indent}}{heading}\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write("\n".join(_wrap(text, self.width, indent)) + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:  # type: ignore[no-untyped-def]
        rows = list(rows)
        indent = " " * self.current_indent
        first_col = min(max((len(term) for term, _ in rows), default=0), col_max) + col_spacing
        text_width = self.width - self.current_indent - first_col
        for term, text in rows:
            if text_width < _NARROWEST_COLUMN:  # a phone: the help under the name
                self.write(f"{indent}{term}\n")
                if text:
                    self.write("\n".join(_wrap(text, self.width, indent + "    ")) + "\n")
                continue
            lines = _wrap(text, text_width, "") if text else []
            if len(term) <= first_col - col_spacing:
                head = f"{indent}{term:<{first_col}}"
            else:
                self.write(f"{indent}{term}\n")
                head = " " * (len(indent) + first_col)
            self.write(f"{head}{lines[0] if lines else ''}".rstrip() + "\n")
            for line in lines[1:]:
                self.write(" " * (len(indent) + first_col) + line + "\n")


class IndonesianContext(typer.Context):
    formatter_class = IndonesianFormatter


class IndonesianHelp:
    """Mixed into the command and group classes in front of typer's own."""

    context_class = IndonesianContext

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
            if param.help and "{formats:" in param.help:
                from komsos_cli.formats import fill_help

                param.help = fill_help(param.help)
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

    def get_help_option(self, ctx):  # type: ignore[no-untyped-def]
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Tampilkan bantuan ini lalu keluar."
        return option


_ERROR_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"No such command '(.+)'\."), "Perintah '{0}' tidak dikenal."),
    (re.compile(r"No such option: (\S+)"), "Opsi {0} tidak dikenal."),
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


# Options a Babinsa types in Indonesian where komsos's own are English; only the ones the command
# has are offered.
_OPTION_WORDS = {
    "--bulan": ("--month",), "--dari": ("--from",), "--mulai": ("--from",),
    "--sampai": ("--to",), "--hingga": ("--to",), "--tanggal": ("--from", "--to"),
    "--cari": ("--search",), "--batas": ("--limit",), "--jumlah": ("--limit",),
    "--keluaran": ("--output",), "--simpan": ("--output",), "--bentuk": ("--format",),
    "--ya": ("--yes",), "--paksa": ("--force",), "--varian": ("--variant",),
    "--templat": ("--template",), "--menurut": ("--by",), "--per": ("--by",),
    "--tanpa-tanya": ("--no-input",), "--ketat": ("--strict-wilayah",),
    "--jam": ("--waktu",), "--pukul": ("--waktu",),
}  # fmt: skip


def _option_names(ctx: Any) -> set[str]:
    names: set[str] = set()
    for param in getattr(getattr(ctx, "command", None), "params", ()):
        if param.param_type_name == "option" and not getattr(param, "hidden", False):
            names.update(param.opts + param.secondary_opts)
    return names


def no_such_option(option: str, possibilities: Any, ctx: Any) -> str:
    """``Opsi --tangal tidak dikenal. Maksud Anda: --tanggal?``: the Indonesian word's English
    option, else the close spellings click found among the command's options."""
    import difflib

    known = _option_names(ctx)
    hints = [o for o in _OPTION_WORDS.get(option.lower(), ()) if o in known]
    if not hints:
        # click's own list is every loose match, alphabetical; the closest one is the hint.
        candidates = sorted(known) or list(possibilities or ())
        hints = difflib.get_close_matches(option.lower(), candidates, n=1, cutoff=0.7)
    text = f"Opsi {option} tidak dikenal."
    if hints:
        text += f" Maksud Anda: {' atau '.join(hints)}?"
    return text


def usage_error_message(exc: Any) -> str:
    """A usage error of click's, in Indonesian."""
    option = getattr(exc, "option_name", None)
    if option is not None and type(exc).__name__ == "NoSuchOption":
        return no_such_option(option, exc.possibilities, exc.ctx)
    return translate_click_message(exc.format_message())
