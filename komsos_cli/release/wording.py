"""Topik grammar, names, places and small text helpers the templates use as filters."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from komsos_cli.errors import KomsosError

_INITIAL = re.compile(r"^[^\W\d_]{1,2}\.$|^[^\W\d_]$")

# Words that open a name but are not what people are called by: Balinese birth-order names and
# titles, Bugis/Buton titles, Javanese/Arabic initials.
_NAME_OPENERS = {
    "i", "ni", "la", "wa", "andi", "made", "wayan", "nyoman", "ketut", "putu", "gede", "komang",
    "kadek", "gusti", "ngurah", "ida", "bagus", "ayu", "ode", "h", "hj", "muh", "moh", "mhd",
}  # fmt: skip


_TITLE_LOWER = {
    "di", "ke", "dari", "dan", "yang", "untuk", "dengan", "pada", "kepada", "oleh", "atau",
    "serta", "bagi", "dalam", "tentang", "terhadap", "sebagai", "agar", "supaya",
}  # fmt: skip


_HOPE_STARTERS = {"agar", "supaya", "semoga", "diharapkan", "harapannya", "harapan", "dengan"}


def first_name(name: str) -> str:
    """The name a person is called by: the first word that is not an initial or a title."""
    words = [w for w in str(name).split() if w]
    for i, word in enumerate(words):
        if _INITIAL.match(word):
            continue
        if word.lower().rstrip(".") in _NAME_OPENERS and i < len(words) - 1:
            continue
        return word
    # Only initials and titles ("Ode M."): the first that is not an initial, else the whole name.
    plain = [w for w in words if not _INITIAL.match(w)]
    return plain[0] if plain else " ".join(words)


_BIRTH_ORDER = {"wayan", "putu", "gede", "made", "kadek", "nengah", "nyoman", "komang", "ketut"}


def short_name(name: str) -> str:
    """The name used after the first mention (with the rank in front).

    Initials are never all that is left: ``A. Rahman`` -> ``Rahman``. Balinese names keep the
    birth-order name with the own name and drop only I/Ni (and Luh): ``I Made Sudarta`` ->
    ``Made Sudarta``, as Balinese Kodim posts write ``Serka Made Sudarta``; a birth-order name
    alone says too little (half the soldiers of a Koramil are Made or Wayan). Other names:
    the first word that is not an initial or a title (:func:`first_name`).
    """
    words = [w for w in str(name).split() if w]
    lowered = [w.lower().rstrip(".") for w in words]
    if len(words) >= 2 and lowered[0] in ("i", "ni"):
        rest = words[1:]
        if rest and rest[0].lower() == "luh" and len(rest) > 1:
            rest = rest[1:]
        if rest and rest[0].lower() in _BIRTH_ORDER and len(rest) > 1:
            own = [w for w in rest[1:] if not _INITIAL.match(w)]
            return " ".join([rest[0], *own[:1]]) if own else rest[0]
        return first_name(" ".join(rest))
    if lowered and lowered[0] in _BIRTH_ORDER and len(words) > 1:
        own = [w for w in words[1:] if not _INITIAL.match(w)]
        return " ".join([words[0], *own[:1]]) if own else words[0]
    return first_name(name)


def daftar(items: Iterable[Any]) -> str:
    """Indonesian enumeration: ``A``, ``A dan B``, ``A, B, dan C``."""
    parts = [str(i).strip() for i in items if str(i or "").strip()]
    if len(parts) <= 1:
        return "".join(parts)
    if len(parts) == 2:
        return f"{parts[0]} dan {parts[1]}"
    return ", ".join(parts[:-1]) + ", dan " + parts[-1]


def gabung(items: Iterable[Any], sep: str = " ") -> str:
    """Join the non-empty items (stripped) with ``sep``."""
    return sep.join(str(i).strip() for i in items if str(i or "").strip())


def _raise_first(word: str) -> str:
    return re.sub(r"[^\W\d_]", lambda m: m[0].upper(), word, count=1)


def judul(text: str) -> str:
    """Headline case: raise the first letter of each word, except small function words; both
    halves of a full reduplication, as EYD asks (``Mama-Mama``, ``Bapak-Bapak``)."""
    out = []
    for i, word in enumerate(str(text).split()):
        bare = word.strip("\"'(“‘")
        if i > 0 and bare.lower() in _TITLE_LOWER:
            out.append(word)
            continue
        halves = word.split("-")
        letters = [re.sub(r"[\W\d_]", "", h).lower() for h in halves]
        if len(halves) == 2 and letters[0] and letters[0] == letters[1]:
            out.append("-".join(_raise_first(h) for h in halves))
        else:
            out.append(_raise_first(word))
    return " ".join(out)


def _content_words(text: Any) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]+", str(text).lower()) if len(w) >= 3}


def tanpa_ulang(opsi: Iterable[Any], teks: Any) -> list[Any]:
    """The options that share no word (of three letters or more) with ``teks``: a headline
    that already says "dengan Bapak Budi" or "Kampung Jiwika" does not say it twice."""
    used = _content_words(teks)
    return [o for o in opsi if not _content_words(o) & used]


def awal(text: str) -> str:
    """Raise the first letter (for a phrase that opens a sentence)."""
    text = str(text)
    return text[:1].upper() + text[1:]


def _ends_open(quote: str) -> bool:
    return quote.rstrip().endswith(("?", "!", "…"))


def kutip_koma(quote: str) -> str:
    """The inside of ``"...," ujar X``: a comma unless the words end in ? or !."""
    return quote if _ends_open(quote) else quote + ","


def kutip_titik(quote: str) -> str:
    """The inside of ``X mengatakan, "..."``: a full stop unless the words end in ? or !."""
    return quote if _ends_open(quote) else quote + "."


def _words(text: str) -> int:
    return len(str(text).split())


# A dukuh/dusun stored with one of these words in front already says what it is.
_DUKUH_KINDS = {
    "dukuh", "dusun", "padukuhan", "pedukuhan", "lingkungan", "banjar", "jorong", "korong",
    "kampung", "kampong", "lorong", "huta", "lembang", "perumahan", "perum", "kompleks",
    "komplek", "asrama", "blok", "gang", "jalan", "rw",
}  # fmt: skip


# Where a village's part is called a dukuh (elsewhere, and where the province is unknown: dusun).
_DUKUH_PROVINCES = {"Jawa Tengah", "DI Yogyakarta", "Jawa Timur"}


_DESA_KINDS = {"desa", "kelurahan", "nagari", "gampong", "kampung", "kampong", "kel", "ds"}


def dukuh_lengkap(dukuh: str, provinsi: str = "") -> str:
    """``Dukuh Kauman`` in Central/East Java and Yogyakarta, ``Dusun Kauman`` elsewhere; a name
    stored with its kind (``Banjar Kaja``, ``Lingkungan II``) stays as it is."""
    name = " ".join(str(dukuh or "").split())
    if not name:
        return ""
    first = re.split(r"[\s.]", name, maxsplit=1)[0].lower()
    if first in _DUKUH_KINDS and len(name) > len(first):
        return name
    return ("Dukuh " if provinsi in _DUKUH_PROVINCES else "Dusun ") + name


def _nama_desa(name: Any) -> str:
    """A desa name for comparison: lower case, without the kind in front."""
    words = str(name or "").lower().replace(".", " ").split()
    if len(words) > 1 and words[0] in _DESA_KINDS:
        words = words[1:]
    return " ".join(words)


def kutipan_dalam(quote: str) -> str:
    """A quote's own quotation marks as single ones, so that they nest inside the release's
    double quotes: ``Ingat, "bersatu kita teguh"`` -> ``Ingat, 'bersatu kita teguh'``."""
    return str(quote).replace('"', "'").replace("\u201c", "\u2018").replace("\u201d", "\u2019")


_TERMS = {
    "komsos": ("Komunikasi Sosial (Komsos)", "Komsos"),
    "binter": ("pembinaan teritorial (Binter)", "Binter"),
    "kamtibmas": ("keamanan dan ketertiban masyarakat (kamtibmas)", "kamtibmas"),
    "umkm": ("usaha mikro, kecil, dan menengah (UMKM)", "UMKM"),
}


class _Terms:
    """Abbreviations spelled out at their first mention in a text, short afterwards."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, nama: str) -> str:
        key = str(nama).lower()
        if key not in _TERMS:
            raise KomsosError(f"Istilah '{nama}' tidak dikenal. Pilihan: {', '.join(_TERMS)}.")
        full, short = _TERMS[key]
        if key in self.seen:
            return short
        self.seen.add(key)
        return full
