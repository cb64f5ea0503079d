"""Build a release or a report: the context a template sees, rendering, length fitting."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from komsos_cli.errors import InputError, KomsosError
from komsos_cli.formats import RELEASE, REPORT
from komsos_cli.release.catalog import DEFAULT_TEMPLATE, REPORT_TEMPLATE, _kind, _resolve, _user_dir
from komsos_cli.release.choice import CHOICE_KEY, _Chooser, _seed, recent_choices
from komsos_cli.release.environment import _render
from komsos_cli.release.facts import (
    _FREE_TEXT_ALLOWANCE,
    _MAX_PADDING,
    MAX_WORDS,
    TARGET_WORDS,
    _mentions,
    _record,
    _visit_date,
    facts,
)
from komsos_cli.release.formats import (
    Release,
    _check_format,
    _paragraphs,
    _wa_visit,
    format_release,
)
from komsos_cli.release.wording import _Terms, kutipan_dalam


def template_context(
    visit: Mapping[str, Any],
    *,
    variant: int = 0,
    format: str = "text",
    internal: bool = False,
    desa_binaan: Sequence[str] | None = None,
    others: Iterable[Mapping[str, Any]] = (),
) -> dict:
    """Everything a template sees: ``v`` (the record as stored, all keys), ``f`` (:func:`facts`),
    ``acak(kunci, n)``, ``pilih(kunci, daftar)``, ``urut(kunci, daftar)``, ``sebut(kata, ...)``,
    ``istilah(nama)``, ``format`` and ``varian``.

    The internal note (catatan) is blanked unless ``internal`` (the report to the Danramil): no
    release template, not even a user's, can publish it. Quotation marks inside the quotes become
    single ones (:func:`kutipan_dalam`). For WhatsApp, the formatting marks in the recorded words
    are neutralised (:func:`wa_aman`).

    ``others``: other visits in the database; those of the same Babinsa around the same date
    steer the wording away from what their releases used (see :mod:`.choice`). The chooser is
    in the context as ``_pilihan`` (not a name templates use).
    """
    chooser = _Chooser(
        _seed(visit),
        variant,
        _visit_date(visit).toordinal(),
        stored=str(visit.get(CHOICE_KEY) or ""),
        recent=recent_choices(visit, others),
    )
    if format == "whatsapp":
        visit = _wa_visit(visit)
    record = _record(visit)
    if not internal:
        record["catatan"] = ""
    for key in ("kutipan", "kutipan_warga"):
        record[key] = kutipan_dalam(record[key])
    return {
        "v": record,
        "f": facts(visit, desa_binaan),
        "acak": chooser.acak,
        "pilih": chooser.pilih,
        "urut": chooser.urut,
        "sebut": _mentions(record),
        "istilah": _Terms(),
        "format": format,
        "varian": int(variant),
        "_pilihan": chooser,
    }


def build_release(
    visit: Mapping[str, Any],
    *,
    template: str | Path | None = None,
    variant: int = 0,
    format: str = "text",
    user_dir: str | Path | None = None,
    desa_binaan: Sequence[str] | None = None,
    others: Iterable[Mapping[str, Any]] = (),
) -> Release:
    """Render a release template into its headline and paragraphs (no format markup yet), with
    the wording choice to store in the record (``Release.pilihan``)."""
    folder = _user_dir(user_dir)
    default = str(visit.get("tema") or DEFAULT_TEMPLATE)
    chosen = _resolve(template, default, folder)
    if chosen.source is None and _kind(chosen.name) == "laporan":
        raise InputError(f"Template '{chosen.name}' adalah template laporan, bukan rilis.")
    # Templates add general sentences when a record says little (``f.tambahan`` 1-3) and drop one
    # when long quotes make the release too long (-1): render, count, and render again if needed.
    limit = MAX_WORDS + max(0, facts(visit)["kata_bebas"] - _FREE_TEXT_ALLOWANCE)
    level = 0
    while True:
        context = template_context(
            visit, variant=variant, format=format, desa_binaan=desa_binaan, others=others
        )
        context["f"]["tambahan"] = level
        raw = _render(chosen, context, folder)
        parts = _paragraphs(raw)
        if not parts:
            raise (InputError if chosen.user else KomsosError)(
                f"Template '{chosen.name}' tidak menghasilkan teks apa pun."
            )
        result = Release(parts[0], tuple(parts[1:]), context["_pilihan"].choice(" ".join(parts)))
        words = result.words()
        if words < TARGET_WORDS and 0 <= level < _MAX_PADDING:
            level += 1
        elif words > limit and level == 0:
            level = -1
        else:
            return result


def render_release(
    visit: Mapping[str, Any],
    *,
    format: str = "text",
    template: str | Path | None = None,
    variant: int = 0,
    user_dir: str | Path | None = None,
    desa_binaan: Sequence[str] | None = None,
    others: Iterable[Mapping[str, Any]] = (),
) -> str:
    """The complete press release for one visit, in ``format`` (text, markdown, whatsapp, html).

    ``template`` is a template name (user templates first, then the built-in ones) or the path of
    a template file; by default the visit's tema picks it. ``variant`` picks another wording.
    ``desa_binaan``: the Babinsa's desa binaan (see :func:`desa_binaan`), None when unknown.
    ``others``: the database's other visits (see :func:`template_context`).
    """
    return release_with_choice(
        visit, format=format, template=template, variant=variant, user_dir=user_dir,
        desa_binaan=desa_binaan, others=others,
    )[0]  # fmt: skip


def release_with_choice(
    visit: Mapping[str, Any],
    *,
    format: str = "text",
    template: str | Path | None = None,
    variant: int = 0,
    user_dir: str | Path | None = None,
    desa_binaan: Sequence[str] | None = None,
    others: Iterable[Mapping[str, Any]] = (),
) -> tuple[str, str]:
    """:func:`render_release` and the wording choice to store in the record under
    ``choice.CHOICE_KEY`` (the same as stored when the visit already has one)."""
    fmt = _check_format(format, RELEASE)
    release = build_release(
        visit,
        template=template,
        variant=variant,
        format=fmt,
        user_dir=user_dir,
        desa_binaan=desa_binaan,
        others=list(others),
    )
    return format_release(release, fmt), release.pilihan


def render_report(
    visit: Mapping[str, Any],
    *,
    format: str = "text",
    template: str | Path | None = None,
    user_dir: str | Path | None = None,
    desa_binaan: Sequence[str] | None = None,
) -> str:
    """The daily report to the Danramil (``text`` or ``whatsapp``)."""
    fmt = _check_format(format, REPORT)
    folder = _user_dir(user_dir)
    chosen = _resolve(template, REPORT_TEMPLATE, folder)
    context = template_context(visit, format=fmt, internal=True, desa_binaan=desa_binaan)
    raw = _render(chosen, context, folder)
    lines = [" ".join(line.split()) for line in raw.replace("\r\n", "\n").strip().split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if not text:
        raise (InputError if chosen.user else KomsosError)(
            f"Template '{chosen.name}' tidak menghasilkan teks apa pun."
        )
    return text + "\n"
