"""Press releases (rilis) and the daily report to the Danramil, written from recorded facts only.

The wording lives in Jinja2 templates (the top-level ``templates/`` folder, shipped inside the
package as ``komsos_cli/templates``). This module prepares the facts for them, picks wording
variants from the visit's UUID, renders in a sandbox, turns the result into text, Markdown,
WhatsApp or HTML, and checks the outcome (:func:`check_text`).

Nothing here knows about typer or rich. jinja2 is imported only inside the functions that render,
so that importing this module stays cheap.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from komsos_cli.dates import BULAN, HARI, hari, tanggal_angka, tanggal_panjang
from komsos_cli.errors import InputError, KomsosError, os_reason
from komsos_cli.models import (
    FIELDS,
    LIST_FIELDS,
    desa_lengkap,
    kabupaten_lengkap,
    zona_waktu,
)

RELEASE_FORMATS = ("text", "markdown", "whatsapp", "html")
REPORT_FORMATS = ("text", "whatsapp")
TEMPLATE_SUFFIX = ".j2"
REPORT_TEMPLATE = "laporan"
DEFAULT_TEMPLATE = "umum"

# A release should read like the Kodim's own posts: about 120-260 words (median near 175).
MIN_WORDS = 120
MAX_WORDS = 260
# Records that say little are padded with general sentences towards this length.
TARGET_WORDS = 150
# Long quotes and topics are the user's own words; a release may grow by what exceeds this.
_FREE_TEXT_ALLOWANCE = 70
_FREE_TEXT_FIELDS = ("pekerjaan", "keterangan", "kelompok", "topik", "kutipan", "kutipan_warga",
                     "harapan")  # fmt: skip
# How many extra general sentences a template may be asked for (see build_release).
_MAX_PADDING = 4
# A user template may not produce more than this (a runaway loop, a huge repetition).
_MAX_OUTPUT_CHARS = 100_000


# --- facts for the templates ------------------------------------------------------------------

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


def _record(visit: Mapping[str, Any]) -> dict[str, Any]:
    """Every record key present: missing text is "", missing lists are [] (never None)."""
    out: dict[str, Any] = {}
    for key in FIELDS:
        value = visit.get(key)
        if key in LIST_FIELDS:
            out[key] = [str(v) for v in value] if isinstance(value, (list, tuple)) else []
        elif value is None:
            out[key] = ""
        else:
            out[key] = (
                value if isinstance(value, int) and not isinstance(value, bool) else str(value)
            )
    return out


def _visit_date(visit: Mapping[str, Any]) -> date:
    try:
        return date.fromisoformat(str(visit.get("tanggal") or ""))
    except ValueError:
        raise InputError(f"Tanggal kunjungan '{visit.get('tanggal')}' tidak sah.") from None


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


def desa_binaan(profile: Mapping[str, Any] | None, visit: Mapping[str, Any]) -> list[str] | None:
    """The desa binaan of the Babinsa of ``visit``, when the profile is his; else None (unknown).

    A Koramil operator's database holds other Babinsa's visits: his profile says nothing about
    them. Visits and profile are the same person when the NRP (if both have one) or else the
    name agrees.
    """
    if not profile or not profile.get("desa"):
        return None
    nrp_p, nrp_v = str(profile.get("nrp") or ""), str(visit.get("nrp") or "")
    if nrp_p and nrp_v:
        same = nrp_p == nrp_v
    else:
        name_p, name_v = (" ".join(str(x or "").lower().split()) for x in
                          (profile.get("babinsa"), visit.get("babinsa")))  # fmt: skip
        same = name_p == name_v != ""
    desa = profile["desa"]
    return [str(d) for d in (desa if isinstance(desa, (list, tuple)) else [desa])] if same else None


def kutipan_dalam(quote: str) -> str:
    """A quote's own quotation marks as single ones, so that they nest inside the release's
    double quotes: ``Ingat, "bersatu kita teguh"`` -> ``Ingat, 'bersatu kita teguh'``."""
    return str(quote).replace('"', "'").replace("\u201c", "\u2018").replace("\u201d", "\u2019")


def facts(visit: Mapping[str, Any], desa_binaan: Sequence[str] | None = None) -> dict[str, Any]:
    """Ready-made pieces for templates (``f`` in a template); every value a string, list or bool.

    Only what the record holds: a missing fact gives "" so that a template can leave it out.
    ``desa_binaan`` (from the Babinsa's profile) tells whether the visited desa is his own: only
    then is he "Babinsa Desa X"; unknown (None) means no.
    """
    v = _record(visit)
    d = _visit_date(visit)
    babinsa = gabung([v["pangkat"], v["babinsa"]])
    desa = desa_lengkap(v)
    kecamatan = f"Kecamatan {v['kecamatan']}" if v["kecamatan"] else ""
    kabupaten = kabupaten_lengkap(v)
    koramil = f"Koramil {v['koramil']}" if v["koramil"] else ""
    kodim = f"Kodim {v['kodim']}" if v["kodim"] else ""
    rt_rw = gabung([f"RT {v['rt']}" if v["rt"] else "", f"RW {v['rw']}" if v["rw"] else ""], "/")
    binaan = bool(desa) and _nama_desa(v["desa"]) in {_nama_desa(x) for x in desa_binaan or []}
    unit_desa = desa if binaan else ""
    satuan = (
        gabung(["Babinsa", unit_desa, koramil, kodim]) if (unit_desa or koramil or kodim) else ""
    )
    dukuh = dukuh_lengkap(v["dukuh"], v["provinsi"])
    zona = zona_waktu(v["provinsi"]) or ""
    jam = gabung([v["waktu"], zona]) if v["waktu"] else ""
    perorangan = bool(v["warga"])
    orang = gabung([v["sapaan"], v["warga"]]) if perorangan else ""
    umur = str(v["umur"]) if perorangan and v["umur"] != "" else ""

    # The person or group visited, at first mention, with appositives; `sasaran_koma` closes an
    # appositive before what follows ("Bapak Harjanto (52), pengrajin blangkon, di ...").
    koma = ""
    if perorangan:
        sasaran = orang + (f" ({umur})" if umur else "")
        if v["pekerjaan"]:
            sasaran += f", {v['pekerjaan']}" + (f" ({v['keterangan']})" if v["keterangan"] else "")
            koma = ","
        elif v["keterangan"]:
            sasaran += f", {v['keterangan']}"
            koma = ","
        if v["kelompok"]:
            sasaran += f", beserta {v['kelompok']}"
            koma = ""
    else:
        sasaran = v["kelompok"]
        if v["pekerjaan"]:
            sasaran += f", {v['pekerjaan']}"
            koma = ","
        if v["keterangan"]:
            sasaran += f" ({v['keterangan']})"
    if perorangan:
        juru_bicara = orang
    elif v["kelompok"].lower().startswith("para "):
        juru_bicara = f"salah seorang dari {v['kelompok']}"
    else:
        juru_bicara = f"perwakilan {v['kelompok']}"

    # Headline target: a short occupation or group, else the person's name.
    target_judul = []
    if perorangan:
        if v["pekerjaan"] and _words(v["pekerjaan"]) <= 4:
            target_judul.append(judul(v["pekerjaan"]))
        target_judul.append(orang)
    else:
        target_judul.append(judul(v["kelompok"]) if _words(v["kelompok"]) <= 5 else "Warga")

    free_words = sum(_words(v[k]) for k in _FREE_TEXT_FIELDS)
    # How much the record itself says; templates add general sentences when it says little.
    fact_words = free_words + _words(babinsa) + _words(satuan) + _words(sasaran)
    fact_words += sum(_words(x) for x in (dukuh, rt_rw, desa, kecamatan, kabupaten, jam))
    fact_words += sum(_words(p) for p in v["pendamping"])
    return {
        "babinsa": babinsa,
        "babinsa_pendek": gabung([v["pangkat"], first_name(v["babinsa"])]),
        "satuan": satuan,
        "desa_binaan": binaan,
        "koramil": koramil,
        "kodim": kodim,
        "danramil": f"Danramil {v['koramil']}" if v["koramil"] else "Danramil",
        "pendamping": list(v["pendamping"]),
        "pendamping_teks": daftar(v["pendamping"]),
        "desa": desa,
        "kecamatan": kecamatan,
        "kabupaten": kabupaten,
        "rt_rw": rt_rw,
        "dukuh": dukuh,
        "wilayah": desa or kecamatan or kabupaten,
        "wilayah_nama": v["desa"] or v["kecamatan"] or v["kabupaten"],
        # The dateline: the kabupaten/kota, else the kecamatan; never a desa (a dateline names a
        # town). Without either the release opens without a dateline.
        "kota": v["kabupaten"] or v["kecamatan"],
        "kelurahan": v["jenis_desa"] == "Kelurahan",
        "hari": hari(d),
        "tanggal": tanggal_angka(d),
        "tanggal_panjang": tanggal_panjang(d),
        "hari_tanggal": f"{hari(d)} ({tanggal_angka(d)})",
        "jam": jam,
        "zona": zona,
        "perorangan": perorangan,
        "orang": orang,
        "umur": umur,
        "sasaran": sasaran,
        "sasaran_koma": koma,
        "juru_bicara": juru_bicara,
        "target_judul": target_judul,
        "harapan_awal": v["harapan"].split()[0].lower().strip(",") if v["harapan"] else "",
        "kata_bebas": free_words,
        "kata_fakta": fact_words,
        "tambahan": 0,  # set by build_release: how many general sentences to add (-1 to 4)
    }


# --- variation --------------------------------------------------------------------------------


def _seed(visit: Mapping[str, Any]) -> str:
    if visit.get("uuid"):
        return str(visit["uuid"])
    # A record without a UUID (never stored): its facts decide, so it still renders the same.
    return hashlib.sha256(repr(sorted((k, str(v)) for k, v in visit.items())).encode()).hexdigest()


def _hash(*parts: Any) -> int:
    digest = hashlib.sha256(":".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")


class _Chooser:
    """Deterministic choices: the same visit and variant always give the same wording.

    Each decision has its own key, so a choice does not depend on how many were made before it.
    """

    # urut(): how many sentences of a pool one day's visits take first, and how many different
    # such blocks the visits of one day are spread over.
    BLOCK = 3
    LANES = 2

    def __init__(self, seed: str, variant: int, day: int = 0):
        self.seed = seed
        self.variant = int(variant)
        self.day = int(day)

    def acak(self, kunci: Any, n: Any) -> int:
        count = int(n)
        if count <= 0:
            return 0
        return _hash(self.seed, self.variant, kunci) % count

    def pilih(self, kunci: Any, opsi: Sequence[Any]) -> Any:
        options = list(opsi)
        if not options:
            return ""
        return options[self.acak(kunci, len(options))]

    def urut(self, kunci: Any, opsi: Sequence[Any]) -> list[Any]:
        """The pool ``opsi`` in the order this visit uses it: take the first one, two, three.

        A month of releases should not repeat its general sentences, yet each release is
        rendered alone. So the order follows the visit's date: the pool is shuffled once per
        cycle of a few days and the days take consecutive blocks of it, so that the visits of
        successive days open with different sentences and every sentence gets its turn before
        any comes back. The UUID picks one of two blocks per day (two visits on the same day
        usually differ too) and the order within the block.
        """
        items = list(opsi)
        n = len(items)
        if n < 2:
            return items
        block = max(1, min(self.BLOCK, n // 2))
        per_cycle = n // block
        position = self.day * self.LANES + self.acak(f"{kunci}:lajur", self.LANES)
        cycle, turn = divmod(position, per_cycle)
        shuffled = sorted(range(n), key=lambda i: _hash(kunci, self.variant, cycle, items[i]))
        start = turn * block
        order = shuffled[start:] + shuffled[:start]
        head = sorted(order[:block], key=lambda i: _hash(self.seed, self.variant, kunci, items[i]))
        return [items[i] for i in head + order[block:]]


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


# What the visit itself says (for sebut): the person, the group, what was done, said and hoped.
_SPOKEN_FIELDS = ("pekerjaan", "keterangan", "kelompok", "topik", "kutipan", "kutipan_warga",
                  "harapan")  # fmt: skip


def _mentions(record: Mapping[str, Any]) -> Callable[..., bool]:
    said = " ".join(str(record.get(k) or "") for k in _SPOKEN_FIELDS).lower()

    def sebut(*kata: str) -> bool:
        """True when the record's own words contain one of ``kata`` as a word, alone or with a
        suffix -nya, -an, -kan, -i or -lah ("kolam" finds "kolamnya"; "produk" does not find
        "produktif", nor "tani" "petani"); case does not matter."""
        return any(
            re.search(rf"(?<!\w){re.escape(str(k).lower())}(?:nya|an|kan|i|lah)?(?!\w)", said)
            for k in kata
            if str(k).strip()
        )

    return sebut


def template_context(
    visit: Mapping[str, Any],
    *,
    variant: int = 0,
    format: str = "text",
    internal: bool = False,
    desa_binaan: Sequence[str] | None = None,
) -> dict:
    """Everything a template sees: ``v`` (the record as stored, all keys), ``f`` (:func:`facts`),
    ``acak(kunci, n)``, ``pilih(kunci, daftar)``, ``urut(kunci, daftar)``, ``sebut(kata, ...)``,
    ``istilah(nama)``, ``format`` and ``varian``.

    The internal note (catatan) is blanked unless ``internal`` (the report to the Danramil): no
    release template, not even a user's, can publish it. Quotation marks inside the quotes become
    single ones (:func:`kutipan_dalam`). For WhatsApp, the formatting marks in the recorded words
    are neutralised (:func:`wa_aman`).
    """
    chooser = _Chooser(_seed(visit), variant, _visit_date(visit).toordinal())
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
    }


# --- templates: where they are, and the sandbox they render in --------------------------------


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    kind: str  # "rilis", "laporan" or "bagian" (a partial other templates import)
    source: str  # "bawaan" or "pengguna"
    path: str
    description: str
    overrides: bool = False  # a user template with the name of a built-in one


def builtin_templates_dir() -> Any:
    """The built-in templates: inside the installed package, else ``<repo>/templates``."""
    from importlib import resources

    try:
        packaged = resources.files("komsos_cli") / "templates"
        if packaged.is_dir():
            return packaged
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):  # pragma: no cover
        pass
    return Path(__file__).resolve().parent.parent / "templates"


def _user_dir(user_dir: str | Path | None) -> Path:
    if user_dir is not None:
        return Path(user_dir)
    from komsos_cli.paths import user_templates_dir

    return user_templates_dir()


def _kind(name: str) -> str:
    if name.startswith("_"):
        return "bagian"
    return "laporan" if name.startswith(REPORT_TEMPLATE) else "rilis"


def _description(source: str) -> str:
    m = re.match(r"\s*\{#-?\s*(.*?)\s*-?#\}", source, re.S)
    if not m:
        return ""
    return " ".join(m[1].split("\n\n")[0].split())


# Release and report templates are NAME.j2 with a plain NAME; other modules keep templates of
# their own in the same folder under dotted names (rekap.html.j2) that are not listed here.
_OWN_NAME = re.compile(r"[\w-]+")


def _own_name(filename: str) -> str | None:
    if not filename.endswith(TEMPLATE_SUFFIX):
        return None
    name = filename[: -len(TEMPLATE_SUFFIX)]
    return name if _OWN_NAME.fullmatch(name) else None


def _builtin_sources() -> dict[str, tuple[str, str]]:
    folder = builtin_templates_dir()
    found = {}
    for entry in folder.iterdir():
        name = _own_name(entry.name)
        if name and entry.is_file():
            found[name] = (entry.read_text("utf-8"), str(entry))
    return found


def _user_files(user_dir: Path) -> dict[str, Path]:
    if not user_dir.is_dir():
        return {}
    found = {}
    for path in sorted(user_dir.glob("*" + TEMPLATE_SUFFIX)):
        name = _own_name(path.name)
        if name and path.is_file():
            found[name] = path
    return found


def list_templates(user_dir: str | Path | None = None) -> list[TemplateInfo]:
    """Built-in and user templates, user ones first; partials (``_name``) last."""
    builtin = _builtin_sources()
    folder = _user_dir(user_dir)
    infos = []
    for name, path in _user_files(folder).items():
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        infos.append(
            TemplateInfo(
                name, _kind(name), "pengguna", str(path), _description(text), name in builtin
            )
        )
    user_names = {i.name for i in infos}
    for name, (text, path) in sorted(builtin.items()):
        if name not in user_names:
            infos.append(TemplateInfo(name, _kind(name), "bawaan", path, _description(text)))
    order = {"rilis": 0, "laporan": 1, "bagian": 2}
    return sorted(infos, key=lambda i: (order[i.kind], i.name))


def template_source(name: str, user_dir: str | Path | None = None) -> tuple[TemplateInfo, str]:
    """The template called ``name`` (a user one first) and its text, for ``templates show``."""
    clean = name[: -len(TEMPLATE_SUFFIX)] if name.endswith(TEMPLATE_SUFFIX) else name
    for info in list_templates(user_dir):
        if info.name == clean:
            if info.source == "pengguna":
                return info, _read_user_file(Path(info.path))
            return info, _builtin_sources()[clean][0]
    raise InputError(
        f"Template '{name}' tidak ada.",
        details=[f"Template yang tersedia: {', '.join(_names(user_dir))}."],
    )


def _names(user_dir: str | Path | None = None) -> list[str]:
    return [i.name for i in list_templates(user_dir) if i.kind != "bagian"]


def _read_user_file(path: Path) -> str:
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise InputError(f"File template {path} tidak ditemukan.") from None
    except UnicodeDecodeError:
        raise InputError(f"File template {path} bukan teks UTF-8.") from None
    except OSError as exc:
        raise InputError(f"File template {path} tidak bisa dibaca: {os_reason(exc)}.") from None
    if len(text) > _MAX_OUTPUT_CHARS:
        raise InputError(f"File template {path} terlalu besar (lebih dari 100 ribu huruf).")
    return text


_ENVS: dict[tuple[str, str], Any] = {}
_BYTECODE: Any = None


def _environment(user_dir: Path, extra_dir: Path | None = None) -> Any:
    """A sandboxed Jinja2 environment: user folder (and a template file's folder) before the
    built-in templates, StrictUndefined, no access to Python internals."""
    key = (str(user_dir), str(extra_dir or ""))
    if key in _ENVS:
        return _ENVS[key]
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class _Sandbox(ImmutableSandboxedEnvironment):
        # "x" * 10**9 would exhaust memory before any other check could stop it.
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context, operator, left, right):  # type: ignore[no-untyped-def]
            if operator == "**" and isinstance(right, int) and abs(right) > 64:
                raise jinja2.sandbox.SecurityError("pangkat bilangan terlalu besar")
            if operator == "*":
                for a, b in ((left, right), (right, left)):
                    sized = isinstance(a, (str, list, tuple)) and isinstance(b, int)
                    if sized and len(a) * b > _MAX_OUTPUT_CHARS:
                        raise jinja2.sandbox.SecurityError("hasil perkalian terlalu besar")
            return super().call_binop(context, operator, left, right)

    global _BYTECODE
    if _BYTECODE is None:

        class _MemoryBytecode(jinja2.BytecodeCache):
            """Compiled templates shared by all environments of this process (keyed by source
            checksum, so an edited file is compiled again)."""

            def __init__(self) -> None:
                self.store: dict[str, bytes] = {}

            def load_bytecode(self, bucket: Any) -> None:
                if bucket.key in self.store:
                    bucket.bytecode_from_string(self.store[bucket.key])

            def dump_bytecode(self, bucket: Any) -> None:
                self.store[bucket.key] = bucket.bytecode_to_string()

        _BYTECODE = _MemoryBytecode()

    builtin = builtin_templates_dir()
    loaders: list[Any] = []
    if extra_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(extra_dir)))
    loaders.append(jinja2.FileSystemLoader(str(user_dir)))
    if isinstance(builtin, Path):
        loaders.append(jinja2.FileSystemLoader(str(builtin)))
    else:  # a zipped install: read through importlib.resources

        def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
            entry = builtin / name
            if not entry.is_file():
                return None
            return entry.read_text("utf-8"), f"komsos_cli/templates/{name}", lambda: True

        loaders.append(jinja2.FunctionLoader(load))
    env = _Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=True,
        bytecode_cache=_BYTECODE,
    )
    env.filters.update(
        gabung=gabung, daftar=daftar, judul=judul, awal=awal, kutip_koma=kutip_koma,
        kutip_titik=kutip_titik, tanpa_ulang=tanpa_ulang,
    )  # fmt: skip
    _ENVS[key] = env
    return env


@dataclass(frozen=True)
class _Chosen:
    name: str  # for messages
    source: str | None  # the text of a template FILE, else None (load by name)
    user: bool  # written by the user: errors are the user's (exit 2)
    folder: Path | None  # the template file's folder


def _resolve(template: str | Path | None, default: str, user_dir: Path) -> _Chosen:
    if template is None or str(template).strip() == "":
        name = default
    else:
        text = str(template).strip()
        path = Path(text).expanduser()
        looks_like_file = "/" in text or "\\" in text or (path.suffix not in ("", TEMPLATE_SUFFIX))
        if path.is_file() or looks_like_file:
            if not path.is_file():
                raise InputError(f"File template {path} tidak ditemukan.")
            return _Chosen(str(path), _read_user_file(path), True, path.resolve().parent)
        name = text[: -len(TEMPLATE_SUFFIX)] if text.endswith(TEMPLATE_SUFFIX) else text
    user_files = _user_files(user_dir)
    if name in user_files:
        return _Chosen(name, None, True, None)
    if name in _builtin_sources():
        if name.startswith("_"):
            raise InputError(f"'{name}' adalah bagian bersama template, bukan template utuh.")
        return _Chosen(name, None, False, None)
    raise InputError(
        f"Template '{name}' tidak ada.",
        details=[
            f"Template yang tersedia: {', '.join(_names(user_dir))}.",
            "Atau berikan path ke file template (.j2).",
        ],
    )


def _in_folder(filename: str | None, folder: Path) -> bool:
    if not filename:
        return False
    try:
        return Path(filename).resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError):
        return False


_SECURITY_TAIL = (
    "Template hanya boleh membaca data kunjungan (v, f) dan memakai fungsi yang disediakan, "
    "bukan bagian dalam Python."
)
_NAMES_HINT = "nama yang tersedia: v, f, acak, pilih, urut, sebut, istilah, format, varian"


def _where(exc: Exception, chosen: _Chosen) -> tuple[str, int | None]:
    """The template file (as the user knows it) and the line where ``exc`` happened.

    Syntax errors carry both; for errors while rendering, Jinja2 rewrites the traceback so that
    the frames of template code bear the template's file name and line.
    """
    filename = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if line is None:
        tb = exc.__traceback__
        while tb is not None:
            code_file = tb.tb_frame.f_code.co_filename
            if code_file == "<template>" or code_file.endswith(TEMPLATE_SUFFIX):
                filename, line = code_file, tb.tb_lineno
            tb = tb.tb_next
    if not filename or filename == "<template>":  # the chosen template itself
        return chosen.name, line
    return str(filename), line


def _syntax_message(detail: str) -> str:
    """Jinja2's syntax complaints, said in Indonesian; the original only where nothing fits."""
    tag = r"'(\w+)'"
    m = re.match(rf"Encountered unknown tag {tag}\.(?: Jinja was looking for .*? "
                 rf"The innermost block that needs to be closed is {tag}\.)?", detail)  # fmt: skip
    if m and m[2]:
        return (
            f"'{{% {m[1]} %}}' tidak pada tempatnya; blok '{{% {m[2]} %}}' harus lebih dulu "
            f"ditutup dengan '{{% end{m[2]} %}}'"
        )
    if m:
        return f"perintah '{{% {m[1]} %}}' tidak dikenal atau tidak punya pasangan pembuka"
    m = re.search(rf"Unexpected end of template\. .*The innermost block that needs to be "
                  rf"closed is {tag}", detail)  # fmt: skip
    if m:
        return f"blok '{{% {m[1]} %}}' tidak ditutup dengan '{{% end{m[1]} %}}'"
    if "unexpected end of template" in detail.lower():
        if "print statement" in detail:
            return "'{{' tidak ditutup dengan '}}'"
        if "statement block" in detail:
            return "'{%' tidak ditutup dengan '%}'"
        return "template berakhir sebelum perintah terakhir selesai ditulis"
    m = re.match(r"Expected an expression, got '(.*)'", detail)
    if m:
        inside = "'{{ ... }}'" if "print" in m[1] else "'{% ... %}'"
        return f"isi {inside} kosong atau terpotong"
    m = re.match(r"No (filter|test) named '(.+?)'", detail)
    if m:
        what = "filter" if m[1] == "filter" else "uji (is ...)"
        return f"{what} '{m[2]}' tidak ada"
    m = re.match(r"unexpected char '(.+?)'", detail)
    if m:
        return f"tanda '{m[1]}' tidak boleh dipakai di sini"
    m = re.match(r"unexpected '(.+?)', expected '(.+?)'", detail)
    if m:
        return (
            f"tertulis '{m[1]}' padahal seharusnya '{m[2]}' (mungkin ada kurung yang belum ditutup)"
        )
    m = re.match(r"unexpected '(.+?)'", detail)
    if m:
        return f"'{m[1]}' tidak pada tempatnya"
    return f"sintaks salah ({detail.rstrip('.')})"


def _undefined_message(detail: str) -> str:
    from komsos_cli.models import FIELDS as record_fields

    fact_keys = set(facts(SAMPLE_VISITS[0]))

    def hint(name: str) -> str:
        places = [f"{p}.{name}" for p, keys in (("v", record_fields), ("f", fact_keys))
                  if name in keys]  # fmt: skip
        return f" (pakai {' atau '.join(places)})" if places else ""

    m = re.match(r"'(\w+)' is undefined", detail)
    if m:
        return f"nama '{m[1]}' tidak dikenal" + (hint(m[1]) or f" ({_NAMES_HINT})")
    m = re.match(r"'(dict|str|int|list|bool) object' has no attribute '(.+?)'", detail)
    if m:
        if m[1] == "dict":
            return f"'{m[2]}' tidak ada di v maupun f" + (
                hint(m[2]) or " (lihat daftar isi v dan f di awal _dasar.j2)"
            )
        kind = {"str": "teks", "int": "bilangan", "list": "daftar", "bool": "nilai ya/tidak"}
        return f"{kind[m[1]]} tidak punya bagian '{m[2]}'"
    m = re.match(r"'?(\w+) object'? has no element (.+)", detail)
    if m:
        return f"isi nomor {m[2]} tidak ada"
    return f"nama atau data tidak dikenal ({detail})"


def _runtime_message(exc: Exception) -> str:
    detail = str(exc)
    if isinstance(exc, ZeroDivisionError):
        return "pembagian dengan nol"
    if isinstance(exc, TypeError):
        if "can only concatenate str" in detail or "unsupported operand" in detail:
            return "teks dan bilangan tidak bisa dijumlahkan; gabungkan teks dengan '~'"
        m = re.search(r"missing (\d+) required positional argument", detail)
        if m:
            return f"fungsi dipanggil dengan isian yang kurang ({m[1]} lagi)"
        if "positional argument" in detail:
            return "fungsi dipanggil dengan isian yang terlalu banyak"
    if isinstance(exc, (KeyError, IndexError)):
        return f"isi {detail} tidak ada"
    return f"gagal dijalankan ({type(exc).__name__}: {detail})"


def _fail(exc: Exception, chosen: _Chosen, user_dir: Path) -> KomsosError:
    """Turn a Jinja2 failure into a clear Indonesian error naming the file and the line."""
    import jinja2
    from jinja2.sandbox import SecurityError

    where = getattr(exc, "filename", None) or getattr(exc, "name", None)
    user = chosen.user or _in_folder(where, user_dir)
    tb = exc.__traceback__
    while tb is not None and not user:
        user = _in_folder(tb.tb_frame.f_code.co_filename, user_dir)
        tb = tb.tb_next
    filename, line = _where(exc, chosen)
    label = f"Template {filename}" + (f" baris {line}" if line else "")
    detail = str(getattr(exc, "message", None) or exc)
    # Chained access to a blocked attribute ends as an "undefined" error: still a refusal.
    blocked = isinstance(exc, jinja2.UndefinedError) and re.search(r"attribute '_", detail)
    if isinstance(exc, SecurityError) or blocked:
        attribute = re.search(r"attribute '(.+?)'", detail)
        if attribute and attribute[1].startswith("_"):
            message = (
                f"Template {filename} mencoba mengakses bagian dalam Python ('{attribute[1]}'); "
                "ditolak."
            )
        elif attribute:
            message = (
                f"Template {filename} mencoba mengubah data kunjungan ('{attribute[1]}'); "
                f"ditolak. {_SECURITY_TAIL}"
            )
        else:
            message = f"Template {filename} ditolak: {detail}. {_SECURITY_TAIL}"
    elif isinstance(exc, jinja2.TemplateNotFound):
        message = f"{label}: memuat template lain yang tidak ada ('{detail}')."
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        explained = _syntax_message(detail)
        if not explained.startswith("sintaks salah"):
            explained = "sintaks salah, " + explained
        message = f"{label}: {explained}."
    elif isinstance(exc, jinja2.UndefinedError):
        message = f"{label}: {_undefined_message(detail)}."
    elif isinstance(exc, RecursionError):
        message = f"Template {filename} memanggil dirinya sendiri tanpa henti."
    else:
        message = f"{label}: {_runtime_message(exc)}."
    if user:
        return InputError(message)
    return KomsosError(message + " Ini kesalahan pada template bawaan; mohon laporkan.")


def _render(chosen: _Chosen, context: Mapping[str, Any], user_dir: Path) -> str:
    import jinja2

    env = _environment(user_dir, chosen.folder)
    try:
        if chosen.source is not None:
            template = env.from_string(chosen.source)
        else:
            template = env.get_template(chosen.name + TEMPLATE_SUFFIX)
        text = template.render(**context)
    except KomsosError:
        raise
    except (jinja2.TemplateError, RecursionError, TypeError, ValueError, AttributeError,
            KeyError, IndexError, ZeroDivisionError, OverflowError) as exc:  # fmt: skip
        raise _fail(exc, chosen, user_dir) from None
    if len(text) > _MAX_OUTPUT_CHARS:
        raise (InputError if chosen.user else KomsosError)(
            f"Template '{chosen.name}' menghasilkan teks terlalu panjang."
        )
    return text


# --- rendering --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Release:
    judul: str
    paragraf: tuple[str, ...]

    def words(self) -> int:
        return sum(_words(p) for p in self.paragraf)


def _paragraphs(raw: str) -> list[str]:
    chunks = re.split(r"\n[ \t]*\n", raw.replace("\r\n", "\n").strip())
    return [" ".join(c.split()) for c in chunks if c.strip()]


def _check_format(fmt: str, allowed: Sequence[str]) -> str:
    value = str(fmt).strip().lower()
    aliases = {"teks": "text", "txt": "text", "md": "markdown", "wa": "whatsapp", "htm": "html"}
    value = aliases.get(value, value)
    if value not in allowed:
        raise InputError(f"Format '{fmt}' tidak dikenal. Pilihan: {', '.join(allowed)}.")
    return value


def build_release(
    visit: Mapping[str, Any],
    *,
    template: str | Path | None = None,
    variant: int = 0,
    format: str = "text",
    user_dir: str | Path | None = None,
    desa_binaan: Sequence[str] | None = None,
) -> Release:
    """Render a release template into its headline and paragraphs (no format markup yet)."""
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
        context = template_context(visit, variant=variant, format=format, desa_binaan=desa_binaan)
        context["f"]["tambahan"] = level
        parts = _paragraphs(_render(chosen, context, folder))
        if not parts:
            raise (InputError if chosen.user else KomsosError)(
                f"Template '{chosen.name}' tidak menghasilkan teks apa pun."
            )
        result = Release(parts[0], tuple(parts[1:]))
        words = result.words()
        if words < TARGET_WORDS and 0 <= level < _MAX_PADDING:
            level += 1
        elif words > limit and level == 0:
            level = -1
        else:
            return result


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _md(text: str) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    # A paragraph that opens like a heading or a list item must stay a paragraph.
    return re.sub(r"^(#|[-+]\s|\d+[.)]\s)", r"\\\1", escaped)


def _html(text: str) -> str:
    # Text nodes only need &, < and >; quotes stay readable in the editor's source view.
    return html.escape(text, quote=False)


def format_release(release: Release, format: str = "text") -> str:
    fmt = _check_format(format, RELEASE_FORMATS)
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


def render_release(
    visit: Mapping[str, Any],
    *,
    format: str = "text",
    template: str | Path | None = None,
    variant: int = 0,
    user_dir: str | Path | None = None,
    desa_binaan: Sequence[str] | None = None,
) -> str:
    """The complete press release for one visit, in ``format`` (text, markdown, whatsapp, html).

    ``template`` is a template name (user templates first, then the built-in ones) or the path of
    a template file; by default the visit's tema picks it. ``variant`` picks another wording.
    ``desa_binaan``: the Babinsa's desa binaan (see :func:`desa_binaan`), None when unknown.
    """
    fmt = _check_format(format, RELEASE_FORMATS)
    release = build_release(
        visit,
        template=template,
        variant=variant,
        format=fmt,
        user_dir=user_dir,
        desa_binaan=desa_binaan,
    )
    return format_release(release, fmt)


def render_report(
    visit: Mapping[str, Any],
    *,
    format: str = "text",
    template: str | Path | None = None,
    user_dir: str | Path | None = None,
    desa_binaan: Sequence[str] | None = None,
) -> str:
    """The daily report to the Danramil (``text`` or ``whatsapp``)."""
    fmt = _check_format(format, REPORT_FORMATS)
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


# --- the self-check ---------------------------------------------------------------------------


def expected_facts(visit: Mapping[str, Any], kind: str = "rilis") -> list[tuple[str, str]]:
    """(label, text) pairs that must appear verbatim in a release (or a report)."""
    v = _record(visit)
    f = facts(visit)
    out: list[tuple[str, str]] = [("Babinsa", f["babinsa"])]
    out += [("pendamping", p) for p in v["pendamping"]]
    if kind == "laporan":
        if v["koramil"]:
            out.append(("Danramil", f["danramil"]))
        out.append(("tanggal", f"{f['hari']}, {f['tanggal_panjang']}"))
    else:
        out += [("Koramil", f["koramil"]), ("Kodim", f["kodim"])]
        out.append(("tanggal", f["hari_tanggal"]))
    out.append(("waktu", f["jam"]))
    if f["perorangan"]:
        out.append(("warga", f["orang"] + (f" ({f['umur']})" if f["umur"] else "")))
    out += [("pekerjaan", v["pekerjaan"]), ("kelompok", v["kelompok"])]
    out += [("dukuh", v["dukuh"]), ("RT/RW", f["rt_rw"])]
    out += [("desa", f["desa"]), ("kecamatan", f["kecamatan"]), ("kabupaten", f["kabupaten"])]
    out.append(("topik", v["topik"]))
    if kind == "laporan":
        out += [("kutipan warga", kutipan_dalam(v["kutipan_warga"])), ("situasi", v["situasi"])]
    else:
        out += [("keterangan", v["keterangan"]), ("kutipan Babinsa", kutipan_dalam(v["kutipan"]))]
        out += [("kutipan warga", kutipan_dalam(v["kutipan_warga"])), ("harapan", v["harapan"])]
    return [(label, text) for label, text in out if text]


def plain_text(text: str, format: str = "text") -> str:
    """Undo the markup of ``format`` so that the self-check reads what a reader reads."""
    fmt = _check_format(format, RELEASE_FORMATS)
    if fmt == "markdown":
        text = re.sub(r"^# ", "", text)
        return re.sub(r"\\([\\`*_\[\]<>#+\-.)])", r"\1", text)
    if fmt == "whatsapp":
        return re.sub(r"^\*(.*)\*$", r"\1", text, count=1, flags=re.M).translate(_WA_BACK)
    if fmt == "html":
        text = re.sub(r"</(h2|p)>\s*", "\n\n", text)
        return html.unescape(re.sub(r"<[^>]+>", "", text))
    return text


_WORD = r"[^\W_]+"
_DATE_NUM = re.compile(r"\b(" + "|".join(HARI) + r")\s+\((\d{2})/(\d{2})/(\d{4})\)")
_HARI_RE = "|".join(HARI)
_BULAN_RE = "|".join(BULAN)
_DATE_LONG = re.compile(
    rf"\b({_HARI_RE}),?\s+(?:tanggal\s+)?(\d{{1,2}})\s+({_BULAN_RE})\s+(\d{{4}})"
)


def _mask(text: str, pieces: Iterable[str]) -> tuple[str, list[tuple[int, int]]]:
    """Replace each fact occurrence by a neutral token, so checks judge only the template's words.

    Returns the masked text and the spans of the facts in the original text.
    """
    spans: list[tuple[int, int]] = []
    for piece in sorted({p for p in pieces if p}, key=len, reverse=True):
        start = 0
        while (i := text.find(piece, start)) != -1:
            end = i + len(piece)
            if not any(a < end and i < b for a, b in spans):
                spans.append((i, end))
            start = i + 1
    masked, last = [], 0
    for n, (a, b) in enumerate(sorted(spans)):
        masked.append(text[last:a])
        masked.append(f"Qfakta{n}q")
        last = b
    masked.append(text[last:])
    return "".join(masked), spans


def _repeated_phrases(body: str, size: int = 4) -> list[str]:
    words = [w.lower() for w in re.findall(r"[^\W_][\w'/-]*", body)]
    seen: dict[tuple[str, ...], int] = {}
    repeated = []
    for i in range(len(words) - size + 1):
        gram = tuple(words[i : i + size])
        if any(w.startswith("qfakta") for w in gram):
            continue
        if gram in seen and i - seen[gram] >= size and " ".join(gram) not in repeated:
            repeated.append(" ".join(gram))
        seen.setdefault(gram, i)
    return repeated


def check_text(
    text: str,
    visit: Mapping[str, Any],
    *,
    kind: str = "rilis",
    format: str = "text",
) -> list[str]:
    """Problems an editor would object to, in Indonesian; an empty list means the text is clean.

    ``kind`` is ``rilis`` (a press release) or ``laporan`` (the report to the Danramil).
    """
    if kind == "rilis":
        plain = plain_text(text, format)
    else:  # a report: only WhatsApp's neutralised marks to undo
        plain = text.translate(_WA_BACK) if format in ("whatsapp", "wa") else text
    problems: list[str] = []
    wanted = expected_facts(visit, kind)
    for label, piece in wanted:
        if piece not in plain:
            problems.append(f"Fakta {label} tidak muncul apa adanya: '{piece}'.")
    catatan = str(visit.get("catatan") or "")
    if len(catatan) >= 12 and catatan in plain:
        problems.append("Catatan internal muncul di teks; catatan tidak boleh ikut dirilis.")

    # Judge only the template's own words: every recorded text (what the user typed, which may
    # well say "warga warga") is masked before the style checks.
    fact_texts = [piece for _, piece in wanted]
    fact_texts += [str(value) for key, value in visit.items() if key != "catatan"
                   and isinstance(value, str) and len(value) >= 3]  # fmt: skip
    fact_texts += [str(p) for p in visit.get("pendamping") or []]
    derived = facts(visit)
    fact_texts += [derived["babinsa_pendek"], derived["juru_bicara"], derived["sasaran"]]
    fact_texts += [judul(p) for p in fact_texts]  # as the headline spells them
    masked, _ = _mask(plain, fact_texts)
    for token in ("{{", "}}", "{%", "%}", "{#", "#}"):
        if token in masked:
            problems.append(f"Sisa sintaks template '{token}' masih ada di teks.")
    if re.search(r"\(\s*\)", masked):
        problems.append("Ada kurung kosong '()'.")
    if re.search(r"\bNone\b|\bnull\b|\bundefined\b", masked):
        problems.append("Nilai kosong bocor ke teks ('None', 'null' atau 'undefined').")
    for m in re.finditer(rf"\b({_WORD})\s+\1\b", masked, re.I):
        problems.append(f"Kata ganda: '{m[0]}'.")
    if re.search(r"[^\S\n]{2,}", masked):
        problems.append("Ada spasi ganda.")
    for m in re.finditer(r"\S*\s+[,.;:!?)]", masked):
        problems.append(f"Ada spasi sebelum tanda baca: '{m[0].strip()}'.")
    if re.search(r"\(\s", masked):
        problems.append("Ada spasi sesudah kurung buka.")
    for m in re.finditer(r"[,;:]\s*[,.;:]|\.\s*,|,\s*$", masked, re.M):
        problems.append(f"Tanda baca beruntun atau menggantung: '{m[0].strip()}'.")
    if re.search(r"\bR[TW]\b(?!\s\d)", masked):
        problems.append("RT/RW tertulis tanpa nomor.")
    if masked.count('"') % 2:
        problems.append("Tanda petik tidak berpasangan.")
    for m in re.finditer(r"[.!?]\s+([a-z]\w*)", masked):
        problems.append(f"Kalimat diawali huruf kecil: '{m[1]}'.")
    for paragraph in masked.split("\n"):
        starts = [s.split()[0] for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", paragraph) if s.split()]
        for first, second in zip(starts, starts[1:], strict=False):
            if first == second and not first.startswith(("Qfakta", '"')):
                problems.append(f"Dua kalimat berturut-turut diawali kata yang sama: '{first}'.")

    for m in _DATE_NUM.finditer(plain):
        try:
            d = date(int(m[4]), int(m[3]), int(m[2]))
        except ValueError:
            problems.append(f"Tanggal tidak ada di kalender: {m[0]}.")
            continue
        if hari(d) != m[1]:
            problems.append(
                f"Hari '{m[1]}' tidak cocok dengan tanggal {m[0]} (seharusnya {hari(d)})."
            )
    for m in _DATE_LONG.finditer(plain):
        d = date(int(m[4]), BULAN.index(m[3]) + 1, int(m[2]))
        if hari(d) != m[1]:
            problems.append(
                f"Hari '{m[1]}' tidak cocok dengan tanggal {m[0]} (seharusnya {hari(d)})."
            )

    lines = [line for line in plain.strip().split("\n") if line.strip()]
    if kind == "rilis":
        # The first line is the headline; a text of one line is all headline and no body, but its
        # length is still what it says (not 0 words).
        body = "\n".join(lines[1:]) if len(lines) > 1 else "\n".join(lines)
        words = _words(body)
        if len(lines) <= 1:
            problems.append(
                "Rilis hanya berisi satu baris: sesudah judul (baris pertama) harus ada isi."
            )
        extra = max(0, facts(visit)["kata_bebas"] - _FREE_TEXT_ALLOWANCE)
        if not MIN_WORDS <= words <= MAX_WORDS + extra:
            problems.append(
                f"Panjang rilis {words} kata; seharusnya sekitar {MIN_WORDS}-{MAX_WORDS + extra} kata."
            )
        masked_lines = [line for line in masked.strip().split("\n") if line.strip()]
        if masked_lines and masked_lines[0].rstrip().endswith("."):  # "M." of a name is fine
            problems.append("Judul diakhiri titik.")
        body_masked = "\n".join(masked.strip().split("\n")[1:])
        for phrase in _repeated_phrases(body_masked):
            problems.append(f"Frasa diulang: '{phrase}'.")
    else:
        lowered = plain.lower()
        for formula in ("ijin melaporkan", "demikian dilaporkan"):
            if formula not in lowered:
                problems.append(f"Laporan tidak memuat '{formula}'.")
        if _words(plain) > 120 + facts(visit)["kata_bebas"]:
            problems.append("Laporan terlalu panjang; laporan harus singkat.")
    return problems


# --- sample visits (for `templates check` and the tests) ----------------------------------------


SAMPLE_VISITS: tuple[dict[str, Any], ...] = (
    {
        "id": 1, "uuid": "8f14e45f-ceea-467f-a2f1-1a5e0f6c2b11", "tanggal": "2023-01-16",
        "waktu": "09.30", "pangkat": "Serka", "babinsa": "Sugianto", "nrp": "21100123",
        "pendamping": ["Kopda Dede Herman"], "koramil": "07/Gatak", "kodim": "0726/Sukoharjo",
        "kegiatan": "anjangsana", "tema": "usaha", "sapaan": "Bapak", "warga": "Harjanto",
        "umur": 52, "pekerjaan": "pengrajin blangkon",
        "keterangan": "tutup kepala tradisional khas Jawa gaya Surakarta",
        "dukuh": "Dukuh Kauman", "rt": "03", "rw": "04", "jenis_desa": "Desa", "desa": "Krajan",
        "kecamatan": "Gatak", "jenis_kabupaten": "Kabupaten", "kabupaten": "Sukoharjo",
        "provinsi": "Jawa Tengah",
        "topik": "memberikan motivasi agar memasarkan blangkon lewat media daring",
        "kutipan": "Kami siap membantu mengenalkan produk warga ke wilayah yang lebih luas",
        "kutipan_warga": "Saya senang dikunjungi dan mendapat masukan untuk usaha saya",
        "harapan": "usaha Bapak Harjanto semakin dikenal dan ekonomi warga semakin maju",
        "situasi": "aman dan kondusif", "catatan": "Foto dikirim ke grup Pendim sore ini",
    },
    {
        "id": 2, "uuid": "c9f0f895-fb98-4b91-9f0e-2b7a1c3d4e52", "tanggal": "2023-03-07",
        "pangkat": "Sertu", "babinsa": "I Made Sudarta", "koramil": "1611-03/Denpasar Selatan",
        "kodim": "1611/Badung", "kegiatan": "karya-bakti", "tema": "gotong-royong",
        "kelompok": "warga Banjar Kaja", "dukuh": "Banjar Kaja", "jenis_desa": "Kelurahan",
        "desa": "Sesetan", "kecamatan": "Denpasar Selatan", "jenis_kabupaten": "Kota",
        "kabupaten": "Denpasar", "provinsi": "Bali", "waktu": "07.00",
        "pendamping": ["Kopda Ma'ruf Hidayat", "Pratu O'Neil Pattiasina", "Bripka Gede Arsana"],
        "topik": "membersihkan saluran air yang tersumbat sampah menjelang musim hujan",
        "situasi": "aman dan kondusif",
    },
    {
        "id": 3, "uuid": "45c48cce-2e2d-4fbd-8a3b-6e7f8a9b0c13", "tanggal": "2024-07-20",
        "pangkat": "Praka", "babinsa": "Siti Nur-Aini", "kegiatan": "sambang",
        "tema": "kesehatan", "sapaan": "Ibu", "warga": "Marsinah", "kecamatan": "Laweyan",
        "jenis_kabupaten": "Kota", "kabupaten": "Surakarta",
        "topik": "mengingatkan pentingnya imunisasi dasar lengkap bagi balita",
        "kutipan_warga": "Terima kasih sudah diingatkan, Bu Babinsa",
    },
)  # fmt: skip


def sample_visits() -> list[dict[str, Any]]:
    """Fixed example visits: a full record, a group with three pendamping, a minimal one."""
    return [dict(v) for v in SAMPLE_VISITS]


def check_template(
    template: str | Path, user_dir: str | Path | None = None
) -> list[tuple[str, list[str]]]:
    """Render ``template`` (a name or a file) for every sample visit and self-check each text.

    Returns (sample description, problems) per sample. A template that cannot render raises
    InputError (user templates) or KomsosError.
    """
    text = str(template)
    stem = Path(text).name
    stem = stem[: -len(TEMPLATE_SUFFIX)] if stem.endswith(TEMPLATE_SUFFIX) else Path(stem).stem
    is_report = _kind(stem) == "laporan"
    results = []
    for visit in sample_visits():
        label = f"contoh {visit['id']} ({visit['kegiatan']}, {visit['tema']})"
        if is_report:
            out = render_report(visit, template=template, user_dir=user_dir)
            results.append((label, check_text(out, visit, kind="laporan")))
        else:
            out = render_release(visit, template=template, user_dir=user_dir)
            results.append((label, check_text(out, visit)))
    return results
