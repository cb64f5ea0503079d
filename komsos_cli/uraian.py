"""One visit in a few plain words, for the office's documents: the Koramil's daily report to the
Dandim (``komsos_cli.dandim``) and the month's operational-report table (``komsos_cli.dukops``).

Every piece comes from the record, through the release's facts (``release.facts``) and its
topik grammar: who, when, what was done with whom, where, what came of it. Nothing is added
that the record does not say; a piece the record lacks is left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# What each kind of visit is, said after the Babinsa (and before the person or group visited).
KERJA = {
    "komsos": "melaksanakan Komsos dengan",
    "anjangsana": "melaksanakan anjangsana dengan",
    "sambang": "menyambangi",
    "pendampingan": "melaksanakan pendampingan kepada",
    "karya-bakti": "melaksanakan karya bakti bersama",
}
# The uraian of the operational report: one or two sentences of about this length.
URAIAN_MIN = 150
URAIAN_MAX = 250


@dataclass(frozen=True)
class Pieces:
    """A visit's facts as phrases (each "" when the record lacks it)."""

    babinsa: str  # "Serka Sugianto"
    nrp: str
    jam: str  # "09.30 WIB"
    kerja: str  # "melaksanakan Komsos dengan Bapak Harjanto (52), pengrajin blangkon"
    kerja_pendek: str  # the same without the appositives: "... dengan Bapak Harjanto"
    tempat: str  # "RT 02/RW 05, Desa Krajan, Kecamatan Gatak"
    tempat_pendek: str  # "Desa Krajan"
    bersama: str  # "Bripka Agus Salim dan Pratu Eko Wibowo"
    hasil: str  # what was done or advised, as a phrase after "Babinsa ..."
    tanggapan: str  # the visited person's words
    juru_bicara: str  # who said them: "Bapak Harjanto", "perwakilan kelompok tani"
    situasi: str
    wilayah: str  # "Desa Krajan" (else the kecamatan): where the situasi holds
    desa_binaan: bool  # the visited desa is the Babinsa's own (by his profile)


def hasil(topik: str) -> str:
    """The topik as a phrase that follows "Babinsa" (the release's topik grammar: a noun
    phrase gets its verb, ``penyuluhan stunting`` -> ``memberikan penyuluhan tentang
    stunting``)."""
    from komsos_cli.release.topik import as_verb_phrase

    text = " ".join(str(topik or "").split()).rstrip(".")
    return as_verb_phrase(text) if text else ""


def pieces(visit: Mapping[str, Any], desa_binaan: Sequence[str] | None = None) -> Pieces:
    from komsos_cli.release import facts, gabung

    f = facts(visit, desa_binaan)
    kegiatan = str(visit.get("kegiatan") or "komsos")
    kerja = KERJA.get(kegiatan, KERJA["komsos"])
    if kegiatan == "anjangsana" and f["perorangan"]:
        kerja = "melaksanakan anjangsana ke rumah"
    pendek = f["orang"] if f["perorangan"] else str(visit.get("kelompok") or "")
    return Pieces(
        babinsa=f["babinsa"],
        nrp=str(visit.get("nrp") or ""),
        jam=f["jam"],
        kerja=f"{kerja} {f['sasaran']}{f['sasaran_koma']}".strip(),
        kerja_pendek=f"{kerja} {pendek}".strip(),
        tempat=gabung([gabung([f["dukuh"], f["rt_rw"]]), f["desa"], f["kecamatan"]], ", "),
        tempat_pendek=f["desa"] or f["kecamatan"],
        bersama=f["pendamping_teks"],
        hasil=hasil(str(visit.get("topik") or "")),
        tanggapan=" ".join(str(visit.get("kutipan_warga") or "").split()),
        juru_bicara=f["juru_bicara"],
        situasi=" ".join(str(visit.get("situasi") or "").split()).rstrip("."),
        wilayah=f["wilayah"],
        desa_binaan=f["desa_binaan"],
    )


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def uraian(visit: Mapping[str, Any], desa_binaan: Sequence[str] | None = None) -> str:
    """One or two sentences (about 150-250 characters) of what happened at the visit.

    The fullest form that fits ``URAIAN_MAX`` is used: appositives and the smaller places go
    first when the record says much; the visited person's words, then the situation, are added
    when it says little. A record whose bare facts are longer stays whole: nothing is cut
    mid-phrase.
    """
    p = pieces(visit, desa_binaan)
    subject = p.babinsa + (f" bersama {p.bersama}" if p.bersama else "")
    result = _sentence(f"Babinsa {p.hasil}") if p.hasil else ""
    forms = []
    for kerja, tempat in (
        (p.kerja, p.tempat),
        (p.kerja_pendek, p.tempat),
        (p.kerja_pendek, p.tempat_pendek),
    ):
        where = f" di {tempat}" if tempat else ""
        forms.append(" ".join(x for x in (_sentence(f"{subject} {kerja}{where}"), result) if x))
    text = next((t for t in forms if len(t) <= URAIAN_MAX), forms[-1])
    for extra in (
        _sentence(f'{p.juru_bicara} menyampaikan, "{p.tanggapan.rstrip(".")}."')
        if p.tanggapan
        else "",
        _sentence(f"Situasi wilayah {p.situasi}") if p.situasi else "",
    ):
        if extra and len(text) < URAIAN_MIN and len(text) + 1 + len(extra) <= URAIAN_MAX:
            text = f"{text} {extra}"
    return text
