"""The photos of a visit in its HTML release: one ``<figure>`` each, captioned from the facts.

The caption says who, with whom, where and when, from the record and the photo's own EXIF
time (``stamp.when_line``: the photo's time, else the visit's); nothing else. The image files
are written beside the HTML by the CLI (``--foto-dir``), named as `komsos foto --cap` names
its copies, so that one folder serves the website and the WhatsApp group.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any


def caption(
    visit: Mapping[str, Any], binaan: Sequence[str] | None, entry: Mapping[str, Any]
) -> str:
    """``Serka Sugianto, Babinsa Desa Krajan, bersama Bapak Harjanto di Dukuh Kauman, Desa
    Krajan, Senin, 16 Januari 2023, pukul 09.31 WIB.``"""
    from komsos_cli.release.facts import facts
    from komsos_cli.release.wording import gabung
    from komsos_cli.stamp import unit_line, when_line

    f = facts(visit, binaan)
    who = gabung([f["babinsa"], unit_line(visit, binaan)], ", ")
    met = f["orang"] or str(visit.get("kelompok") or "")
    place = gabung([f["dukuh"], f["desa"], f["kecamatan"]], ", ")
    text = who
    if met:
        text += f", bersama {met}"
    if place:
        text += f" di {place}"
    return f"{text}, {when_line(visit, entry)}."


def figures_html(
    visit: Mapping[str, Any],
    binaan: Sequence[str] | None,
    photos: Sequence[Mapping[str, Any]],
    sources: Sequence[str],
) -> str:
    """The ``<figure>`` elements for ``photos``, their images at ``sources`` (relative URLs)."""
    out = []
    for entry, src in zip(photos, sources, strict=True):
        text = html.escape(caption(visit, binaan, entry), quote=True)
        out.append(
            f'<figure class="foto-kunjungan"><img src="{html.escape(src, quote=True)}" '
            f'alt="{text}"><figcaption>{text}</figcaption></figure>'
        )
    return "\n".join(out) + ("\n" if out else "")
