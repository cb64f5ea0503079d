"""Text, Markdown, WhatsApp and HTML: turning a rendered release into a format and back."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from komsos_cli.formats import RELEASE, REPORT, Format, Registry
from komsos_cli.release.wording import _words

_TEXT = Format("text", aliases=("teks", "txt"), suffixes=(".txt",), default=True)
_WHATSAPP = Format("whatsapp", aliases=("wa",))
for _fmt in (
    _TEXT,
    Format("markdown", aliases=("md",), suffixes=(".md",)),
    _WHATSAPP,
    Format("html", aliases=("htm",), suffixes=(".html", ".htm")),
):
    RELEASE.add(_fmt)
REPORT.add(_TEXT)
REPORT.add(_WHATSAPP)
RELEASE_FORMATS = tuple(RELEASE.names())
REPORT_FORMATS = tuple(REPORT.names())

# WhatsApp turns *x*, _x_, ~x~ and `x` into bold, italic, strikethrough and code, and has no
# escape character. In the user's own words these marks become look-alikes that WhatsApp leaves
# alone (plain_text maps them back). Web and e-mail addresses keep theirs: WhatsApp does not
# format inside a link, and a changed address would no longer work.
_WA_MARKS = {"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"}


_WA_SAFE = str.maketrans(_WA_MARKS)

_WA_BACK = str.maketrans({b: a for a, b in _WA_MARKS.items()})

_ADDRESS = re.compile(r"\S*(?:://|www\.|@)\S*")


def wa_aman(text: str) -> str:
    """``text`` with WhatsApp's formatting marks neutralised, web and e-mail addresses kept."""
    out, last = [], 0
    for m in _ADDRESS.finditer(text):
        out += [text[last : m.start()].translate(_WA_SAFE), m[0]]
        last = m.end()
    out.append(text[last:].translate(_WA_SAFE))
    return "".join(out)


def _wa_visit(visit: Mapping[str, Any]) -> dict[str, Any]:
    def safe(value: Any) -> Any:
        if isinstance(value, str):
            return wa_aman(value)
        if isinstance(value, (list, tuple)):
            return [safe(v) for v in value]
        return value

    return {key: safe(value) for key, value in visit.items()}


@dataclass(frozen=True)
class Release:
    judul: str
    paragraf: tuple[str, ...]
    pilihan: str = ""  # the wording choice to store in the record (choice.CHOICE_KEY)

    def words(self) -> int:
        return sum(_words(p) for p in self.paragraf)


def _paragraphs(raw: str) -> list[str]:
    chunks = re.split(r"\n[ \t]*\n", raw.replace("\r\n", "\n").strip())
    return [" ".join(c.split()) for c in chunks if c.strip()]


def _check_format(fmt: str, registry: Registry) -> str:
    return registry.get(fmt).name


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _md(text: str) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    # A paragraph that opens like a heading or a list item must stay a paragraph.
    return re.sub(r"^(#|[-+]\s|\d+[.)]\s)", r"\\\1", escaped)


def _html(text: str) -> str:
    # Text nodes only need &, < and >; quotes stay readable in the editor's source view.
    return html.escape(text, quote=False)


def format_release(release: Release, format: str = "text") -> str:
    fmt = _check_format(format, RELEASE)
    head, body = release.judul, release.paragraf
    if fmt == "markdown":
        return "\n\n".join([f"# {_md(head)}", *(_md(p) for p in body)]) + "\n"
    if fmt == "whatsapp":
        # *bold* is all WhatsApp renders reliably; a mark inside the headline would break it.
        return "\n\n".join([f"*{head.translate(_WA_SAFE)}*", *body]) + "\n"
    if fmt == "html":
        lines = [f"<h2>{_html(head)}</h2>", *(f"<p>{_html(p)}</p>" for p in body)]
        return "\n".join(lines) + "\n"
    return "\n\n".join([head, *body]) + "\n"


def plain_text(text: str, format: str = "text") -> str:
    """Undo the markup of ``format`` so that the self-check reads what a reader reads."""
    fmt = _check_format(format, RELEASE)
    if fmt == "markdown":
        text = re.sub(r"^# ", "", text)
        return re.sub(r"\\([\\`*_\[\]<>#+\-.)])", r"\1", text)
    if fmt == "whatsapp":
        return re.sub(r"^\*(.*)\*$", r"\1", text, count=1, flags=re.M).translate(_WA_BACK)
    if fmt == "html":
        text = re.sub(r"</(h2|p)>\s*", "\n\n", text)
        return html.unescape(re.sub(r"<[^>]+>", "", text))
    return text
