"""Topik grammar, names, places and small text helpers the templates use as filters."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from komsos_cli.errors import KomsosError

_INITIAL = re.compile(r"^[^\W\d_]{1,2}\.$|^[^\W\d_]$")
# Any short word closed by a period is an abbreviation (Moch., Muh., Mhd., Drs., dst.): like an
# initial, it is never what a person is called by.
_ABBREVIATION = re.compile(r"^[^\W\d_]{1,5}\.$")

# Words that open a name but are not what people are called by: Balinese birth-order names and
# titles, Acehnese, Bugis, Buton, Makassar, Javanese and Sundanese titles, Arabic first names
# that nearly everyone carries, pilgrimage and academic titles.
_NAME_OPENERS = {
    "i", "ni", "la", "wa", "andi", "made", "wayan", "nyoman", "ketut", "putu", "gede", "komang",
    "kadek", "gusti", "ngurah", "ode", "h", "hj", "haji", "hajjah", "muh", "moh", "mhd", "moch",
    "much", "mochd", "muhd", "teuku", "tengku", "tgk", "cut", "raden", "rd", "daeng", "kh", "drs",
    "dra", "dr", "ir", "muhammad", "muhamad", "mohammad", "mohamad", "mochammad", "mochamad",
    "muhammat", "mokhammad",
}  # fmt: skip
# Two-word titles: their words alone are ordinary given names (Bagus, Ayu, Agung).
_TITLE_PAIRS = {("ida", "bagus"), ("ida", "ayu"), ("anak", "agung"), ("cokorda", "gede")}


def _opener(words: list[str], i: int) -> int:
    """How many words from ``i`` are a title or an initial (0 when ``words[i]`` is a name)."""
    word = words[i]
    if _INITIAL.match(word) or _ABBREVIATION.match(word):
        return 1
    pair = tuple(w.lower().rstrip(".") for w in words[i : i + 2])
    if len(pair) == 2 and pair in _TITLE_PAIRS:
        return 2
    return 1 if word.lower().rstrip(".") in _NAME_OPENERS else 0


_TITLE_LOWER = {
    "di", "ke", "dari", "dan", "yang", "untuk", "dengan", "pada", "kepada", "oleh", "atau",
    "serta", "bagi", "dalam", "tentang", "terhadap", "sebagai", "agar", "supaya",
}  # fmt: skip


_HOPE_STARTERS = {"agar", "supaya", "semoga", "diharapkan", "harapannya", "harapan", "dengan"}


def name_opener(word: str) -> bool:
    """Whether ``word`` alone is a known title, an initial or a known abbreviation, not a name
    (a sentence's closing period does not make ``Dede.`` an abbreviation)."""
    return bool(_INITIAL.match(word)) or word.lower().rstrip(".") in _NAME_OPENERS


def first_name(name: str) -> str:
    """The name a person is called by: the first word that is not an initial, an abbreviation
    or a title (``Moch. Ali Mustofa`` -> ``Ali``, ``Teuku Muhammad Nasir`` -> ``Nasir``)."""
    words = [w for w in str(name).split() if w]
    i = 0
    while i < len(words) - 1:
        skip = _opener(words, i)
        if not skip:
            return words[i]
        i += skip
    if i < len(words) and not (_INITIAL.match(words[i]) or _ABBREVIATION.match(words[i])):
        return words[i]
    # Only initials and titles ("Ode M."): the first that is not an initial, else the whole name.
    plain = [w for w in words if not (_INITIAL.match(w) or _ABBREVIATION.match(w))]
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


# Words a typed name may already open with that say how the person is addressed: the record's
# sapaan is then not put in front again ("Mbah Karto", never "Bapak Mbah Karto").
_HONORIFICS = {
    "bapak", "ibu", "pak", "bu", "mbah", "mak", "mbok", "nenek", "kakek", "nek", "kek", "haji",
    "hajah", "hajjah", "h", "hj", "neng", "ustadz", "ustaz", "ustadzah", "ustazah", "kyai", "kiai",
    "kh", "pendeta", "pdt", "romo", "pastor", "suster", "mama", "bapa", "opa", "oma", "abah",
    "umi", "mas", "mbak", "kang", "teh", "ceu", "uda", "uni", "bang", "kak", "tuan", "nyonya",
}  # fmt: skip


def sebut_warga(sapaan: str, warga: str) -> tuple[str, str]:
    """A resident's first and later mention: ``("Ibu Maria Hanyeq", "Ibu Maria")``.

    A name that opens with its own honorific keeps it and gets no sapaan in front
    (``Mbah Karto``); the later mention is the honorific with the name the person is called by.
    Without any honorific the full name is repeated: a bare given name reads curt."""
    words = str(warga).split()
    if not words:
        return "", ""
    own = words[0].lower().rstrip(".") in _HONORIFICS and len(words) > 1
    sebutan = "" if own else str(sapaan or "").strip()
    depan = words[0] if own else sebutan
    rest = " ".join(words[1:]) if own else str(warga).strip()
    full = gabung([sebutan, warga])
    if not depan:
        return full, full
    return full, gabung([depan, short_name(rest)])
