"""The visit record (kunjungan): its fields, validation and normalisation.

Pure functions over plain dicts; nothing here knows about typer, rich or the database.
"""

from __future__ import annotations

import functools
import re
import uuid as uuid_module
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from komsos_cli import companions
from komsos_cli.companions import PANGKAT_TNI_AD, TNI
from komsos_cli.dates import parse_date, parse_time
from komsos_cli.errors import FieldError, MissingFieldsError

SCHEMA_VERSION = 1

# The ranks live with the companions, who carry them too (Bhabinkamtibmas Bripka Agus Salim).
_PANGKAT_LOOKUP = TNI

KEGIATAN = ("komsos", "anjangsana", "sambang", "pendampingan", "karya-bakti")
TEMA = (
    "umum", "usaha", "pertanian", "perikanan", "kesehatan", "kamtibmas", "sosial", "gotong-royong",
)  # fmt: skip
DEFAULT_KEGIATAN = "komsos"
DEFAULT_TEMA = "umum"
DEFAULT_SITUASI = "aman dan kondusif"

SAPAAN = {
    "bapak": "Bapak", "bpk": "Bapak", "pak": "Bapak", "ibu": "Ibu", "bu": "Ibu",
    "saudara": "Saudara", "sdr": "Saudara", "saudari": "Saudari", "sdri": "Saudari",
    "mbah": "Mbah", "kakek": "Kakek", "nenek": "Nenek", "adik": "Adik",
}  # fmt: skip

JENIS_DESA = {
    "desa": "Desa", "ds": "Desa", "kelurahan": "Kelurahan", "kel": "Kelurahan",
    "nagari": "Nagari", "gampong": "Gampong", "kampung": "Kampung", "kp": "Kampung",
    "kalurahan": "Kalurahan",
}  # fmt: skip
# The local kinds of a kecamatan (record key jenis_kecamatan; absent means kecamatan): Distrik in
# the Papua provinces, Kemantren in Kota Yogyakarta, Kapanewon in the kabupaten of DI Yogyakarta.
JENIS_KECAMATAN = {
    "kecamatan": "kecamatan", "kec": "kecamatan", "distrik": "distrik", "kemantren": "kemantren",
    "kapanewon": "kapanewon",
}  # fmt: skip
JENIS_KABUPATEN = {"kabupaten": "Kabupaten", "kab": "Kabupaten", "kota": "Kota", "kot": "Kota"}
_DUKUH_PREFIX = {
    "dk": "Dukuh", "dkh": "Dukuh", "dukuh": "Dukuh", "dusun": "Dusun", "dsn": "Dusun",
    "lingkungan": "Lingkungan", "ling": "Lingkungan", "lingk": "Lingkungan", "jorong": "Jorong",
    "banjar": "Banjar", "br": "Banjar", "kampung": "Kampung", "kp": "Kampung",
}  # fmt: skip

ZONA_WAKTU = {
    "WIB": (
        "Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Kepulauan Riau", "Jambi",
        "Sumatera Selatan", "Kepulauan Bangka Belitung", "Bengkulu", "Lampung", "DKI Jakarta",
        "Jawa Barat", "Banten", "Jawa Tengah", "DI Yogyakarta", "Jawa Timur", "Kalimantan Barat",
        "Kalimantan Tengah",
    ),
    "WITA": (
        "Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur", "Kalimantan Selatan",
        "Kalimantan Timur", "Kalimantan Utara", "Sulawesi Utara", "Gorontalo", "Sulawesi Tengah",
        "Sulawesi Barat", "Sulawesi Selatan", "Sulawesi Tenggara",
    ),
    "WIT": (
        "Maluku", "Maluku Utara", "Papua", "Papua Barat", "Papua Selatan", "Papua Tengah",
        "Papua Pegunungan", "Papua Barat Daya",
    ),
}  # fmt: skip
PROVINSI = tuple(p for names in ZONA_WAKTU.values() for p in names)
_PROVINSI_ALIAS = {
    "nad": "Aceh", "nanggroe aceh darussalam": "Aceh", "sumut": "Sumatera Utara",
    "sumbar": "Sumatera Barat", "kepri": "Kepulauan Riau", "sumsel": "Sumatera Selatan",
    "babel": "Kepulauan Bangka Belitung", "bangka belitung": "Kepulauan Bangka Belitung",
    "jakarta": "DKI Jakarta", "dki": "DKI Jakarta", "jabar": "Jawa Barat", "jateng": "Jawa Tengah",
    "diy": "DI Yogyakarta", "yogyakarta": "DI Yogyakarta", "daerah istimewa yogyakarta": "DI Yogyakarta",
    "jatim": "Jawa Timur", "kalbar": "Kalimantan Barat", "kalteng": "Kalimantan Tengah",
    "ntb": "Nusa Tenggara Barat", "ntt": "Nusa Tenggara Timur", "kalsel": "Kalimantan Selatan",
    "kaltim": "Kalimantan Timur", "kaltara": "Kalimantan Utara", "sulut": "Sulawesi Utara",
    "sulteng": "Sulawesi Tengah", "sulbar": "Sulawesi Barat", "sulsel": "Sulawesi Selatan",
    "sultra": "Sulawesi Tenggara", "malut": "Maluku Utara", "pabar": "Papua Barat",
}  # fmt: skip
_PROVINSI_LOOKUP = {p.lower(): p for p in PROVINSI} | _PROVINSI_ALIAS

# The record's keys, in the order they are stored, printed and exported.
FIELDS = (
    "id", "uuid", "tanggal", "waktu", "pangkat", "babinsa", "nrp", "pendamping", "koramil",
    "kodim", "kegiatan", "tema", "sapaan", "warga", "umur", "pekerjaan", "keterangan", "kelompok",
    "dukuh", "rt", "rw", "jenis_desa", "desa", "jenis_kecamatan", "kecamatan", "jenis_kabupaten",
    "kabupaten", "provinsi", "topik", "kutipan", "kutipan_warga", "harapan", "situasi", "foto",
    "koordinat", "catatan", "pilihan_kata", "dibuat", "diubah",
)  # fmt: skip
# Fields a user may set (with `add`/`edit` flags or prompts).
INPUT_FIELDS = tuple(f for f in FIELDS if f not in ("id", "uuid", "dibuat", "diubah"))
_INPUT_FIELD_SET = frozenset(INPUT_FIELDS)
LIST_FIELDS = ("pendamping", "foto")
# Record fields filled from the profile when not given.
PROFILE_DEFAULTS = ("pangkat", "babinsa", "nrp", "koramil", "kodim", "jenis_kecamatan",
                    "kecamatan", "kabupaten", "jenis_kabupaten", "provinsi")  # fmt: skip

LABELS = {
    "id": "nomor", "uuid": "UUID", "dibuat": "dibuat", "diubah": "diubah",
    "tanggal": "tanggal", "waktu": "waktu", "pangkat": "pangkat", "babinsa": "nama Babinsa",
    "nrp": "NRP", "pendamping": "pendamping", "koramil": "Koramil", "kodim": "Kodim",
    "kegiatan": "kegiatan", "tema": "tema", "sapaan": "sapaan", "warga": "nama warga",
    "umur": "umur", "pekerjaan": "pekerjaan", "keterangan": "keterangan", "kelompok": "kelompok",
    "dukuh": "dukuh/dusun", "rt": "RT", "rw": "RW", "jenis_desa": "jenis desa", "desa": "desa",
    "jenis_kecamatan": "jenis kecamatan", "kecamatan": "kecamatan",
    "jenis_kabupaten": "jenis kabupaten", "kabupaten": "kabupaten", "provinsi": "provinsi",
    "topik": "topik", "kutipan": "kutipan Babinsa",
    "kutipan_warga": "kutipan warga", "harapan": "harapan", "situasi": "situasi wilayah",
    "foto": "foto", "koordinat": "koordinat", "catatan": "catatan",
    "pilihan_kata": "pilihan kata rilis",
}  # fmt: skip

_KEEP_LOWER = {"bin", "binti", "dan", "de", "van", "der", "al"}
_ACRONYMS = {
    "dki",
    "di",
    "ntb",
    "ntt",
    "rt",
    "rw",
    "umkm",
    "kub",
    "pkk",
    "tni",
    "polri",
    "ii",
    "iii",
    "iv",
}


# Control characters (NUL, BEL, ESC, DEL, the C1 range) and the bidirectional overrides: from
# an imported file they would reach the terminal raw (a window title, a cleared screen, text
# shown backwards) and hide a formula from the export's guard. No field keeps them; the
# whitespace ones (tab, newline) become one space like any other run of whitespace.
_CONTROLS = {
    code: " " if chr(code).isspace() else None
    for code in (
        *range(0x20),
        0x7F,
        *range(0x80, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    )
}


def collapse(text: Any) -> str:
    """Trim and collapse every run of whitespace (tabs, newlines) to one space; drop every
    other control character."""
    # str.split() splits on exactly the characters re's \s matches (str.isspace), and is
    # several times faster than re.sub + strip; an import normalises millions of values.
    text = str(text)
    # Most text is already clean: in a printable string the only whitespace is " " (every
    # other isspace() character is a control or separator, not printable), so one pass of
    # isprintable() and two checks prove that nothing would change.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.translate(_CONTROLS).split())


def _capitalise_word(word: str, first: bool) -> str:
    lower = word.lower()
    if lower in _ACRONYMS:
        return word.upper()
    if not first and lower in _KEEP_LOWER:
        return lower
    # Capitalise each hyphen part, leave letters after an apostrophe alone (Ma'ruf, not Ma'Ruf).
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def capitalise_name(text: Any) -> str:
    """Capitalise a name or place sensibly.

    Text typed all in lower or all in upper case gets each word capitalised; text in mixed case
    is the user's deliberate spelling (McDonald, RSUD) and only its first letter is raised.
    """
    cleaned = collapse(text)
    if not cleaned:
        return ""
    if cleaned == cleaned.lower() or cleaned == cleaned.upper():
        return " ".join(_capitalise_word(w, i == 0) for i, w in enumerate(cleaned.split(" ")))
    raised = cleaned[0].upper() + cleaned[1:]
    # Raising the first letter must not turn the text into all capitals ("aA" -> "AA"), or a
    # second pass would lower it again; normalising twice must change nothing.
    return cleaned if raised == raised.upper() else raised


_QUOTE_PAIRS = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»"}


def _strip_quotes(text: str) -> str:
    while len(text) >= 2 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        text = text[1:-1].strip()
    return text


def _starts_with_common_word(text: str) -> bool:
    """Whether a phrase's capital first letter is only the start of a sentence.

    "Memberikan motivasi ..." starts with a common word; "Karang Taruna Tunas Muda", "Bapak
    Harjanto semakin sukses" and "UMKM ..." start with a name, which keeps its capitals.
    """
    words = text.split(" ", 2)  # only the first two words matter; texts can be long
    first = words[0]
    if len(first) > 1 and first[1:].lower() != first[1:]:
        return False  # an acronym or a mixed-case name
    if len(words) > 1 and words[1][:1].isupper():
        return False  # a run of capitalised words is a name
    return first.lower() not in SAPAAN


def _phrase(text: Any, *, lower_first: bool = False, capital_first: bool = False) -> str:
    """A phrase or sentence: trimmed, quotes and a closing full stop or comma removed."""
    cleaned = collapse(text)
    # Quotes and a closing mark can hide each other ("'A';"): strip both until neither is left,
    # so that normalising twice changes nothing.
    previous = None
    while cleaned != previous:
        previous = cleaned
        cleaned = _strip_quotes(cleaned).rstrip(" .,;")
    if not cleaned:
        return ""
    if lower_first and _starts_with_common_word(cleaned):
        cleaned = cleaned[0].lower() + cleaned[1:]
    if capital_first:
        cleaned = cleaned[0].upper() + cleaned[1:]
    return cleaned


def _split_prefix(text: str, prefixes: Mapping[str, str]) -> tuple[str | None, str]:
    """``"Kel. Sondakan"`` -> ``("Kelurahan", "Sondakan")``."""
    m = re.match(r"^([A-Za-z]+)\.?\s+(.+)$", text)
    if m and m[1].lower() in prefixes:
        return prefixes[m[1].lower()], m[2].strip()
    m = re.match(r"^([A-Za-z]+)\.(\S.*)$", text)  # "Dk.Kauman", "Kab.Sukoharjo"
    if m and m[1].lower() in prefixes:
        return prefixes[m[1].lower()], m[2].strip()
    return None, text


# --- field normalisers: each takes what the user typed and returns the stored value --------------


def norm_pangkat(value: Any, field: str = "pangkat") -> str:
    key = collapse(value).lower().rstrip(".")
    if key in _PANGKAT_LOOKUP:
        return _PANGKAT_LOOKUP[key]
    raise FieldError(
        field,
        f"Pangkat '{collapse(value)}' tidak dikenal. Pangkat TNI AD: {', '.join(PANGKAT_TNI_AD[:12])}, ...",
    )


def norm_person(value: Any, field: str) -> str:
    name = capitalise_name(value)
    if not name:
        return ""
    if not re.search(r"[^\W\d_]", name):
        raise FieldError(field, f"{LABELS[field].capitalize()} '{name}' harus berisi huruf.")
    if len(name) > 80:
        raise FieldError(
            field, f"{LABELS[field].capitalize()} terlalu panjang (maksimal 80 huruf)."
        )
    return name


def norm_nrp(value: Any) -> str:
    nrp = re.sub(r"[\s.]", "", str(value))
    if not nrp:
        return ""
    if not nrp.isdigit() or not 5 <= len(nrp) <= 20:
        raise FieldError("nrp", f"NRP '{collapse(value)}' harus berupa angka (5-20 digit).")
    return nrp


def norm_pendamping(value: Any) -> str:
    """A companion as "Role/Rank Name" (see ``komsos_cli.companions``)."""
    title, name = companions.split(value)
    return f"{title} {norm_person(name, 'pendamping')}"


_UNIT_PREFIX = {f: re.compile(rf"^{f}\s+", re.I) for f in ("koramil", "kodim")}
_RT_RW_PREFIX = {f: re.compile(rf"^{f}\.?\s*", re.I) for f in ("rt", "rw")}


def norm_unit(value: Any, field: str) -> str:
    """``"Koramil 07 gatak"`` -> ``"07/Gatak"``; ``"1802-07/Aimas"`` stays."""
    text = collapse(value)
    text = _UNIT_PREFIX[field].sub("", text)
    if not text:
        return ""
    m = re.match(r"^(\d[\d.\-]*)\s*(?:/|\s)\s*(.+)$", text)
    if m:
        return f"{m[1]}/{capitalise_name(m[2])}"
    if re.fullmatch(r"\d[\d.\-]*", text):
        return text
    raise FieldError(
        field,
        f"{LABELS[field]} '{text}' tidak dikenali. Tulis nomor dan nama, mis. "
        + ("'07/Gatak'." if field == "koramil" else "'0726/Sukoharjo'."),
    )


def norm_choice(value: Any, field: str, choices: Iterable[str]) -> str:
    key = collapse(value).lower().replace(" ", "-").replace("_", "-")
    key = {"karyabakti": "karya-bakti", "gotongroyong": "gotong-royong"}.get(key, key)
    choices = tuple(choices)
    if key in choices:
        return key
    import difflib  # only when the value is wrong: a typo ("pertanain") gets its likely choice

    close = difflib.get_close_matches(key, choices, n=1, cutoff=0.75)
    hint = f" Maksud Anda: {close[0]}?" if close else ""
    raise FieldError(
        field,
        f"{LABELS[field].capitalize()} '{collapse(value)}' tidak dikenal.{hint} "
        f"Pilihan: {', '.join(choices)}.",
    )


def norm_sapaan(value: Any) -> str:
    text = collapse(value).rstrip(".")
    if not text:
        return ""
    return SAPAAN.get(text.lower(), capitalise_name(text))


def norm_umur(value: Any) -> int | None:
    text = collapse(value).lower()
    if text == "":
        return None
    m = re.fullmatch(r"(\d{1,3})\s*(?:tahun|thn|th)?\.?", text)
    if not m or not 1 <= int(m[1]) <= 120:
        raise FieldError("umur", f"Umur '{collapse(value)}' harus bilangan bulat antara 1 dan 120.")
    return int(m[1])


def norm_rt_rw(value: Any, field: str) -> str:
    text = collapse(value)
    text = _RT_RW_PREFIX[field].sub("", text)
    if text == "":
        return ""
    if not re.fullmatch(r"\d{1,3}", text) or int(text) == 0:
        raise FieldError(field, f"{field.upper()} '{collapse(value)}' harus angka 1-999, mis. 03.")
    return text.zfill(3 if len(text) == 3 or int(text) >= 100 else 2)


def norm_desa(value: Any) -> tuple[str | None, str]:
    """Return (jenis_desa or None, desa)."""
    jenis, name = _split_prefix(collapse(value), JENIS_DESA)
    return jenis, capitalise_name(name)


def norm_kabupaten(value: Any) -> tuple[str | None, str]:
    jenis, name = _split_prefix(collapse(value), JENIS_KABUPATEN)
    return jenis, capitalise_name(name)


def norm_kecamatan_kind(value: Any) -> tuple[str | None, str]:
    """Return (jenis_kecamatan or None, kecamatan): ``"Kapanewon Depok"`` -> ``("kapanewon",
    "Depok")``."""
    jenis, name = _split_prefix(collapse(value), JENIS_KECAMATAN)
    return jenis, capitalise_name(name)


def norm_kecamatan(value: Any) -> str:
    return norm_kecamatan_kind(value)[1]


def norm_dukuh(value: Any) -> str:
    prefix, name = _split_prefix(collapse(value), _DUKUH_PREFIX)
    name = capitalise_name(name)
    return f"{prefix} {name}" if prefix and name else name


def norm_provinsi(value: Any) -> str:
    text = re.sub(r"^(provinsi|prov\.?)\s+", "", collapse(value), flags=re.I)
    if not text:
        return ""
    key = text.lower().replace(".", "")
    if key in _PROVINSI_LOOKUP:
        return _PROVINSI_LOOKUP[key]
    import difflib

    close = difflib.get_close_matches(key, list(_PROVINSI_LOOKUP), n=1, cutoff=0.75)
    hint = f" Maksud Anda: {_PROVINSI_LOOKUP[close[0]]}?" if close else ""
    raise FieldError("provinsi", f"Provinsi '{text}' tidak dikenal.{hint}")


_HASH = re.compile(r"[0-9a-f]{64}")
_PHOTO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


def norm_foto(value: Any) -> dict[str, Any] | str:
    """One photo of a visit as the record keeps it (see komsos_cli/photos.py).

    A dict ``{"hash", "nama", "ukuran", "waktu", "koordinat"}`` is checked (it may come from a
    file another machine wrote); a string is an old record's path, kept as it is. Turning a
    file the user names into such a dict (copying it into the store) is photos.store_photo's.
    """
    if not isinstance(value, Mapping):
        return str(value).strip()
    digest = str(value.get("hash") or "")
    if not _HASH.fullmatch(digest):
        raise FieldError("foto", f"Hash foto '{digest[:80]}' tidak sah (harus SHA-256).")
    nama = Path(str(value.get("nama") or "")).name[:200] or f"{digest[:12]}.jpg"
    try:
        ukuran = int(value.get("ukuran") or 0)
    except (TypeError, ValueError):
        raise FieldError("foto", f"Ukuran foto {nama} bukan angka.") from None
    waktu = value.get("waktu") or None
    if waktu is not None and not _PHOTO_TIME.fullmatch(str(waktu)):
        raise FieldError("foto", f"Waktu foto {nama} '{str(waktu)[:40]}' tidak sah.")
    koordinat = value.get("koordinat") or None
    if koordinat is not None:
        try:
            koordinat = {"lat": float(koordinat["lat"]), "lon": float(koordinat["lon"])}
        except (KeyError, TypeError, ValueError):
            raise FieldError("foto", f"Koordinat foto {nama} tidak sah.") from None
        if not (-90 <= koordinat["lat"] <= 90 and -180 <= koordinat["lon"] <= 180):
            raise FieldError("foto", f"Koordinat foto {nama} tidak sah.")
    return {"hash": digest, "nama": nama, "ukuran": max(ukuran, 0), "waktu": waktu,
            "koordinat": koordinat}  # fmt: skip


def norm_koordinat(value: Any) -> dict[str, Any] | str:
    if not isinstance(value, Mapping) and not collapse(value):
        return ""
    from komsos_cli.koordinat import norm_koordinat as normalise

    return normalise(value)


# The wording choice a release stored (release.choice): "a1b2c3=4.0 d4e5f6=2". Not typed by
# anyone, it travels with the record through export and import; anything else is dropped.
_PILIHAN = re.compile(r"[0-9a-f]{6}=\d{1,3}(?:\.\d{1,3})*")


def norm_pilihan_kata(value: Any) -> str:
    return " ".join(t for t in collapse(value).split() if _PILIHAN.fullmatch(t))


def norm_tanggal(value: Any, today: date | None = None) -> str:
    today = today or date.today()
    parsed = value if isinstance(value, date) else parse_date(str(value), today=today)
    if parsed > today:
        raise FieldError(
            "tanggal", f"Tanggal {parsed.isoformat()} belum terjadi (hari ini {today.isoformat()})."
        )
    if parsed.year < 2000:
        raise FieldError("tanggal", f"Tanggal {parsed.isoformat()} terlalu lama; periksa tahunnya.")
    return parsed.isoformat()


_TEXT_LIMIT = 2000


def _text(
    field: str, lower_first: bool = False, capital_first: bool = False
) -> Callable[[Any], str]:
    def normalise(value: Any) -> str:
        result = _phrase(value, lower_first=lower_first, capital_first=capital_first)
        if len(result) > _TEXT_LIMIT:
            raise FieldError(
                field,
                f"{LABELS[field].capitalize()} terlalu panjang (maksimal {_TEXT_LIMIT} huruf).",
            )
        return result

    return normalise


_SIMPLE: dict[str, Callable[[Any], Any]] = {
    "waktu": lambda v: parse_time(v) if collapse(v) else "",
    "pangkat": norm_pangkat,
    "babinsa": lambda v: norm_person(v, "babinsa"),
    "nrp": norm_nrp,
    "koramil": lambda v: norm_unit(v, "koramil"),
    "kodim": lambda v: norm_unit(v, "kodim"),
    "kegiatan": lambda v: norm_choice(v, "kegiatan", KEGIATAN),
    "tema": lambda v: norm_choice(v, "tema", TEMA),
    "sapaan": norm_sapaan,
    "warga": lambda v: norm_person(v, "warga"),
    "umur": norm_umur,
    "pekerjaan": _text("pekerjaan", lower_first=True),
    "keterangan": _text("keterangan"),
    "kelompok": _text("kelompok", lower_first=True),
    "dukuh": norm_dukuh,
    "rt": lambda v: norm_rt_rw(v, "rt"),
    "rw": lambda v: norm_rt_rw(v, "rw"),
    "provinsi": norm_provinsi,
    "topik": _text("topik", lower_first=True),
    "kutipan": _text("kutipan", capital_first=True),
    "kutipan_warga": _text("kutipan_warga", capital_first=True),
    "harapan": _text("harapan", lower_first=True),
    "situasi": _text("situasi", lower_first=True),
    "catatan": _text("catatan"),
    "pilihan_kata": lambda v: norm_pilihan_kata(v),
}


# Fields whose values repeat from visit to visit (people, units, places, choices, times): an
# import of 100,000 visits meets a few hundred distinct values of each, so their normal forms
# are remembered instead of worked out again. These normalisers are pure functions of the text
# and return immutable values; a value that raises is not remembered. Free texts (topik,
# kutipan, ...) differ in every visit and are not cached.
_REPEATING = frozenset(
    (
        "waktu", "pangkat", "babinsa", "nrp", "koramil", "kodim", "kegiatan", "tema", "sapaan",
        "warga", "umur", "pekerjaan", "dukuh", "rt", "rw", "provinsi", "situasi",
    )
)  # fmt: skip
_CACHE_SIZE = 4096


class _Memo(dict):
    """``memo[value]``: the normal form of ``value``, worked out once.

    A dict lookup costs a fraction of an lru_cache call, and this runs for every field of every
    imported visit. A value that raises is not remembered; a full memo starts afresh (the
    values of one import fit many times over).
    """

    def __init__(self, normalise: Callable[[Any], Any]):
        super().__init__()
        self.normalise = normalise

    def __missing__(self, value: Any) -> Any:
        result = self.normalise(value)
        if len(self) >= _CACHE_SIZE:
            self.clear()
        self[value] = result
        return result


_MEMO = {field: _Memo(_SIMPLE[field]) for field in _REPEATING}
_cached_desa = _Memo(norm_desa)
_cached_kabupaten = _Memo(norm_kabupaten)
_cached_kecamatan = _Memo(norm_kecamatan_kind)
_cached_pendamping = _Memo(norm_pendamping)
# Relative dates ("kemarin") depend on the day too.
_cached_tanggal = functools.lru_cache(maxsize=_CACHE_SIZE)(
    lambda value, today: norm_tanggal(value, today)
)
# For imports (validate_record): a whole date, and a desa/kabupaten name kept whole.
_cached_whole_date = _Memo(lambda value: parse_date(value, relative=False))
_cached_capitalise = _Memo(capitalise_name)


def normalise_fields(raw: Mapping[str, Any], *, today: date | None = None) -> dict[str, Any]:
    """Normalise the fields present in ``raw`` (user input); return only what was given.

    An empty string clears an optional field. Raises FieldError for the first bad field.
    """
    for one, other in (("desa", "kelurahan"), ("kabupaten", "kota")):
        if raw.get(one) is not None and raw.get(other) is not None:
            raise FieldError(one, f"Pakai --{one} atau --{other}, jangan keduanya.")
    out: dict[str, Any] = {}
    for field, value in raw.items():
        if value is None:
            continue
        if type(value) is str:
            # The common case (flags, CSV cells, JSON strings), with remembered normal forms.
            memo = _MEMO.get(field)
            if memo is not None:
                out[field] = memo[value]
                continue
            normaliser = _SIMPLE.get(field)
            if normaliser is not None:
                out[field] = normaliser(value)
                continue
            if field == "desa":
                jenis, out["desa"] = _cached_desa[value]
                if jenis:
                    out["jenis_desa"] = jenis
                continue
            if field == "kabupaten":
                jenis, out["kabupaten"] = _cached_kabupaten[value]
                if jenis:
                    out["jenis_kabupaten"] = jenis
                continue
            if field == "kecamatan":
                jenis, out["kecamatan"] = _cached_kecamatan[value]
                if jenis:
                    out["jenis_kecamatan"] = jenis
                continue
            if field == "tanggal":
                out["tanggal"] = _cached_tanggal(value, today or date.today())
                continue
        if field == "tanggal":
            out["tanggal"] = norm_tanggal(value, today)
        elif field == "kelurahan":
            # The kind is given by the flag, so only a typed "Kel."/"Kelurahan" is a prefix:
            # "Kampung Baru" is a kelurahan's whole name.
            jenis, name = norm_desa(value)
            out["desa"] = name if jenis == "Kelurahan" else capitalise_name(value)
            out["jenis_desa"] = "Kelurahan"
        elif field == "desa":
            jenis, name = norm_desa(value)
            out["desa"] = name
            if jenis:
                out["jenis_desa"] = jenis
        elif field in ("kabupaten", "kota"):
            jenis, name = norm_kabupaten(value)
            out["kabupaten"] = name
            if field == "kota":
                out["jenis_kabupaten"] = "Kota"
            elif jenis:
                out["jenis_kabupaten"] = jenis
        elif field == "kecamatan":
            jenis, out["kecamatan"] = norm_kecamatan_kind(value)
            if jenis:
                out["jenis_kecamatan"] = jenis
        elif field in _KINDS:
            text = collapse(value).lower().rstrip(".")
            out[field] = _KINDS[field].get(text) or _bad_choice(
                field, value, _KINDS[field].values()
            )
        elif field == "pendamping":
            out["pendamping"] = [
                _cached_pendamping[v] if type(v) is str else norm_pendamping(v)
                for v in _as_list(value)
                if collapse(v)
            ]
        elif field == "foto":
            out["foto"] = [f for f in (norm_foto(v) for v in _as_list(value)) if f]
        elif field == "koordinat":
            out["koordinat"] = norm_koordinat(value)
        elif field in _SIMPLE:
            out[field] = _SIMPLE[field](value)
        else:
            raise FieldError(field, f"Kolom '{field}' tidak dikenal.")
    return out


_KINDS = {
    "jenis_desa": JENIS_DESA, "jenis_kecamatan": JENIS_KECAMATAN, "jenis_kabupaten": JENIS_KABUPATEN,
}  # fmt: skip


def _bad_choice(field: str, value: Any, choices: Iterable[str]) -> str:
    raise FieldError(
        field,
        f"{LABELS[field].capitalize()} '{collapse(value)}' tidak dikenal. Pilihan: {', '.join(sorted(set(choices)))}.",
    )


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def missing_required(record: Mapping[str, Any]) -> list[str]:
    """Names (as the user knows them) of required fields still empty."""
    missing = [name for name in ("pangkat", "babinsa") if not record.get(name)]
    if not record.get("warga") and not record.get("kelompok"):
        missing.append("warga atau kelompok")
    if not record.get("topik"):
        missing.append("topik")
    if not record.get("desa") and not record.get("kecamatan"):
        missing.append("desa atau kecamatan")
    return missing


def now_stamp() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def profile_defaults(profile: Mapping[str, Any]) -> dict[str, Any]:
    """Record fields a profile supplies: the first desa binaan becomes the default desa."""
    defaults = {k: profile[k] for k in PROFILE_DEFAULTS if profile.get(k)}
    desa = profile.get("desa") or []
    if desa:
        defaults["desa"] = desa[0]
        if profile.get("jenis_desa"):
            defaults["jenis_desa"] = profile["jenis_desa"]
    return defaults


_FIELD_INDEX = {key: i for i, key in enumerate(FIELDS)}
# The FIELDS order of a record's keys, by the keys as they come: the records of one file or one
# command come with the same keys in the same order, so this is worked out a few times, not
# once per record.
_ORDERS: dict[tuple[Any, ...], tuple[str, ...]] = {}


def order_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record with keys in FIELDS order and empty optional values dropped."""
    keys = tuple(record)
    order = _ORDERS.get(keys)
    if order is None:
        order = tuple(sorted((k for k in keys if k in _FIELD_INDEX), key=_FIELD_INDEX.get))
        if len(_ORDERS) < _CACHE_SIZE:
            _ORDERS[keys] = order
    # Drops None, "" and [] (without comparing every string with a list).
    return {
        key: value
        for key in order
        if (value := record[key]) is not None and (value or not isinstance(value, (str, list)))
    }


def new_visit(
    given: Mapping[str, Any], profile: Mapping[str, Any] | None = None, *, today: date | None = None
) -> dict[str, Any]:
    """Build a complete, valid visit from user input and the profile's defaults.

    ``given`` holds raw user input (flag values); it is normalised here. Raises
    MissingFieldsError naming every missing required field, or FieldError for a bad value.
    """
    today = today or date.today()
    record: dict[str, Any] = {
        "tanggal": today.isoformat(),
        "kegiatan": DEFAULT_KEGIATAN,
        "tema": DEFAULT_TEMA,
        "situasi": DEFAULT_SITUASI,
    }
    defaults = profile_defaults(profile or {})
    typed = normalise_fields(given, today=today)
    if typed.get("babinsa") and typed["babinsa"] != defaults.get("babinsa"):
        # Another soldier's visit: the profile's rank and NRP are not his.
        defaults.pop("pangkat", None)
        defaults.pop("nrp", None)
    if "kecamatan" in typed and "jenis_kecamatan" not in typed:
        defaults.pop("jenis_kecamatan", None)  # the profile's Kapanewon is not this kecamatan's
    record.update(defaults)
    record.update(typed)
    finish_place_kinds(record)
    missing = missing_required(record)
    if missing:
        raise MissingFieldsError(missing)
    stamp = now_stamp()
    record["uuid"] = str(uuid_module.uuid4())
    record["dibuat"] = stamp
    record["diubah"] = stamp
    return order_record(record)


_DUKUH_RW = re.compile(r"RW\.?\s*(\d{1,3})", re.I)


def finish_place_kinds(record: dict[str, Any]) -> None:
    """A desa or kabupaten without a stated kind is a Desa / Kabupaten; a dukuh typed as the
    RW itself ("RW 05") is the RW, said once."""
    m = _DUKUH_RW.fullmatch(record.get("dukuh") or "")
    if m and int(m[1]) and (not record.get("rw") or int(record["rw"]) == int(m[1])):
        record["rw"] = record.get("rw") or norm_rt_rw(m[1], "rw")
        record.pop("dukuh")
    if record.get("desa") and not record.get("jenis_desa"):
        record["jenis_desa"] = "Desa"
    if not record.get("desa"):
        record.pop("jenis_desa", None)
    if record.get("kabupaten") and not record.get("jenis_kabupaten"):
        record["jenis_kabupaten"] = "Kabupaten"
    if not record.get("kabupaten"):
        record.pop("jenis_kabupaten", None)
    # A kecamatan is a kecamatan unless the record says otherwise (Distrik, Kemantren, Kapanewon).
    if not record.get("kecamatan") or record.get("jenis_kecamatan") in (None, "", "kecamatan"):
        record.pop("jenis_kecamatan", None)


def edit_visit(
    record: Mapping[str, Any], given: Mapping[str, Any], *, today: date | None = None
) -> dict[str, Any]:
    """Apply user changes to a stored visit; only given fields change, ``diubah`` is updated."""
    changes = normalise_fields(given, today=today)
    updated = dict(record)
    if "desa" in changes and "jenis_desa" not in changes:
        updated.pop("jenis_desa", None)
    if "kabupaten" in changes and "jenis_kabupaten" not in changes:
        updated.pop("jenis_kabupaten", None)
    if "kecamatan" in changes and "jenis_kecamatan" not in changes:
        updated.pop("jenis_kecamatan", None)
    updated.update(changes)
    finish_place_kinds(updated)
    missing = missing_required(updated)
    if missing:
        raise MissingFieldsError(missing)
    updated["diubah"] = now_stamp()
    return order_record(updated)


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def validate_record(record: Mapping[str, Any], *, today: date | None = None) -> dict[str, Any]:
    """Check a complete record from outside (an import); return it normalised.

    The uuid and timestamps are kept as given; ``id`` is local to each database and dropped.
    The tanggal must be a whole date (no ``kemarin``: a file has no "today") and not after
    ``today`` (a date that has not happened yet is a typo).
    """
    given = {
        k: v
        for k, v in record.items()
        if k in _INPUT_FIELD_SET and not (v is None or (not v and isinstance(v, (str, list))))
    }
    if "umur" in given:
        given["umur"] = str(given["umur"])
    # A stored record states its kinds, so "Kampung Baru" with jenis_desa "Kelurahan" is the
    # kelurahan's whole name: only a record without a kind has its prefix read off the name.
    whole = {
        name: given.pop(name)
        for name, kind in (("desa", "jenis_desa"), ("kabupaten", "jenis_kabupaten"))
        if name in given and kind in given
    }
    if type(given.get("tanggal")) is str:
        given["tanggal"] = _cached_whole_date[given["tanggal"]]
    out = normalise_fields(given, today=today or date.today())
    for name, value in whole.items():
        out[name] = _cached_capitalise[value] if type(value) is str else capitalise_name(value)
    finish_place_kinds(out)
    missing = missing_required(out)
    if missing:
        raise MissingFieldsError(missing)
    try:
        text = str(record.get("uuid", ""))
        # The canonical form (what every export writes) is kept as it is; any other spelling
        # (capitals, braces, no dashes) is rewritten by uuid.UUID.
        out["uuid"] = text if _CANONICAL_UUID.fullmatch(text) else str(uuid_module.UUID(text))
    except ValueError:
        raise FieldError("uuid", f"UUID '{record.get('uuid', '')}' tidak sah.") from None
    for stamp in ("dibuat", "diubah"):
        value = record.get(stamp)
        if value:
            try:
                datetime.fromisoformat(str(value))
            except ValueError:
                raise FieldError(stamp, f"Waktu {stamp} '{value}' tidak sah.") from None
            out[stamp] = str(value)
    out.setdefault("dibuat", out.get("diubah") or now_stamp())
    out.setdefault("diubah", out["dibuat"])
    return order_record(out)


def with_kind(kind: str, name: str) -> str:
    """``Desa Krajan``; an official name that already begins with its kind is left alone
    (``Gampong Drien``, not ``Gampong Gampong Drien``)."""
    if not name:
        return ""
    if name.lower().startswith(kind.lower() + " "):
        return name
    return f"{kind} {name}"


def desa_lengkap(record: Mapping[str, Any]) -> str:
    return with_kind(record.get("jenis_desa") or "Desa", record.get("desa") or "")


def kecamatan_lengkap(record: Mapping[str, Any]) -> str:
    """``Kecamatan Gatak``, ``Distrik Aimas``, ``Kapanewon Depok``, ``Kemantren Gondokusuman``."""
    jenis = record.get("jenis_kecamatan") or "kecamatan"
    return with_kind(jenis.capitalize(), record.get("kecamatan") or "")


def kabupaten_lengkap(record: Mapping[str, Any]) -> str:
    return with_kind(record.get("jenis_kabupaten") or "Kabupaten", record.get("kabupaten") or "")


def zona_waktu(provinsi: str | None) -> str | None:
    for zone, names in ZONA_WAKTU.items():
        if provinsi in names:
            return zone
    return None


PROFILE_KEYS = {
    "pangkat": "pangkat", "babinsa": "babinsa", "nama": "babinsa", "nrp": "nrp",
    "koramil": "koramil", "kodim": "kodim", "desa": "desa", "kelurahan": "kelurahan",
    "kecamatan": "kecamatan", "kabupaten": "kabupaten", "kota": "kota", "provinsi": "provinsi",
    "target": "target",
    # The office's settings for its daily report to the Dandim (komsos_cli.dandim).
    "tembusan": "tembusan", "nomor": "nomor",
}  # fmt: skip
_OFFICE_TEXT_LIMIT = 120


def _office_setting(field: str, value: Any) -> Any:
    """``tembusan``: lines separated by ``;`` (or given as a list); ``nomor``: the prefix of the
    report's number, e.g. ``R/Laphar``."""
    items = [collapse(p) for item in _as_list(value) for p in str(item).split(";")]
    items = [p for p in items if p]
    for item in items:
        if len(item) > _OFFICE_TEXT_LIMIT:
            raise FieldError(
                field,
                f"Isi '{item[:30]}...' terlalu panjang (maksimal {_OFFICE_TEXT_LIMIT} huruf).",
            )
    if field == "tembusan":
        return items
    return "; ".join(items).strip("/ ")


def parse_target(value: Any, field: str = "target") -> int | None:
    """The monthly target of visits per desa (``9`` in DUKOPS offices); '' clears it."""
    text = str(value).strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 100:
        raise FieldError(
            field,
            f"{field} harus angka 1 sampai 100 (kunjungan per desa per bulan), bukan '{text}'.",
        )
    return int(text)


def normalise_profile(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise profile values; ``desa``/``kelurahan`` take one name or a comma-separated list."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if value is None:
            continue
        if key not in PROFILE_KEYS:
            raise FieldError(
                key, f"Kolom profil '{key}' tidak dikenal. Pilihan: {', '.join(PROFILE_KEYS)}."
            )
        field_name = PROFILE_KEYS[key]
        if field_name == "target":
            out["target"] = parse_target(value)
        elif field_name in ("tembusan", "nomor"):
            out[field_name] = _office_setting(field_name, value)
        elif field_name in ("desa", "kelurahan"):
            # `--desa "Krajan, Blimbing"` and `--desa Krajan --desa Blimbing` mean the same.
            names = [n for item in _as_list(value) for n in str(item).split(",")]
            desa_list = []
            for name in (n for n in names if collapse(n)):
                jenis, desa = norm_desa(name)
                desa_list.append(desa)
                if field_name == "kelurahan":
                    out["jenis_desa"] = "Kelurahan"
                elif jenis and "jenis_desa" not in out:
                    out["jenis_desa"] = jenis
            out["desa"] = desa_list
            if field_name == "desa" and "jenis_desa" not in out:
                out["jenis_desa"] = "Desa"
        else:
            out.update(normalise_fields({field_name: value}))
    if "kabupaten" in out and "jenis_kabupaten" not in out:
        out["jenis_kabupaten"] = "Kabupaten"
    return out
