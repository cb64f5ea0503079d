"""What the record lets a release say: the facts() templates see, and how much the record says."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from komsos_cli.companions import ROLES, TNI
from komsos_cli.dates import hari, tanggal_angka, tanggal_panjang
from komsos_cli.errors import InputError
from komsos_cli.models import (
    FIELDS,
    LIST_FIELDS,
    desa_lengkap,
    kabupaten_lengkap,
    kecamatan_lengkap,
    zona_waktu,
)
from komsos_cli.release.topik import STOP_WORDS, judul_kerja
from komsos_cli.release.topik import parse as parse_topik
from komsos_cli.release.wording import (
    _nama_desa,
    _words,
    daftar,
    dukuh_lengkap,
    gabung,
    judul,
    sebut_warga,
    short_name,
)

# A release should read like the Kodim's own posts: about 120-260 words (median near 175).
MIN_WORDS = 60


MAX_WORDS = 260

# Records that say little are padded with general sentences towards this length.
TARGET_WORDS = 110


# Long quotes and topics are the user's own words; a release may grow by what exceeds this.
_FREE_TEXT_ALLOWANCE = 70


_FREE_TEXT_FIELDS = ("pekerjaan", "keterangan", "kelompok", "topik", "kutipan", "kutipan_warga",
                     "harapan")  # fmt: skip


# How many extra general sentences a template may be asked for (see build_release).
_MAX_PADDING = 2


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


def facts(visit: Mapping[str, Any], desa_binaan: Sequence[str] | None = None) -> dict[str, Any]:
    """Ready-made pieces for templates (``f`` in a template); every value a string, list or bool.

    Only what the record holds: a missing fact gives "" so that a template can leave it out.
    ``desa_binaan`` (from the Babinsa's profile) tells whether the visited desa is his own: only
    then is he "Babinsa Desa X"; unknown (None) means no.
    """
    v = _one_spelling(_record(visit))
    d = _visit_date(visit)
    babinsa = gabung([v["pangkat"], v["babinsa"]])
    desa = desa_lengkap(v)
    kecamatan = kecamatan_lengkap(v)  # Kecamatan, or Distrik/Kemantren/Kapanewon
    kabupaten = kabupaten_lengkap(v)
    koramil = f"Koramil {v['koramil']}" if v["koramil"] else ""
    kodim = f"Kodim {v['kodim']}" if v["kodim"] else ""
    rt_rw = gabung([f"RT {v['rt']}" if v["rt"] else "", f"RW {v['rw']}" if v["rw"] else ""], "/")
    binaan = bool(desa) and _nama_desa(v["desa"]) in {_nama_desa(x) for x in desa_binaan or []}
    unit_desa = desa if binaan else ""
    satuan = (
        gabung(["Babinsa", unit_desa, koramil, kodim]) if (unit_desa or koramil or kodim) else ""
    )
    kelurahan = v["jenis_desa"] in ("Kelurahan", "Kalurahan")
    # Inside a kelurahan a part of it carries no Dukuh/Dusun label unless one was typed.
    dukuh = v["dukuh"] if kelurahan else dukuh_lengkap(v["dukuh"], v["provinsi"])
    zona = zona_waktu(v["provinsi"]) or ""
    jam = gabung([v["waktu"], zona]) if v["waktu"] else ""
    perorangan = bool(v["warga"])
    orang, orang_pendek = sebut_warga(v["sapaan"], v["warga"]) if perorangan else ("", "")
    umur = str(v["umur"]) if perorangan and v["umur"] != "" else ""
    sasaran, koma = _sasaran(v, orang, umur)
    if perorangan:
        juru_bicara = orang
    elif v["kelompok"].lower().startswith("para "):
        juru_bicara = f"salah seorang dari {v['kelompok']}"
    else:
        juru_bicara = f"perwakilan {v['kelompok']}"
    bicara_pendek = orang_pendek if perorangan else juru_bicara
    alamat = _alamat(sasaran, dukuh, rt_rw, desa, kecamatan, kabupaten)
    topik = parse_topik(v["topik"])
    rekan, lain = _companions(v["pendamping"])
    # A noun topik names the action best in its own words ("Cek Harga Cabai").
    kerja_judul = judul_kerja(
        topik.asli if topik.jenis == "benda" else topik.kerja or topik.kunjungan
    )

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
        "babinsa_pendek": gabung([v["pangkat"], short_name(v["babinsa"])]),
        "satuan": satuan,
        "desa_binaan": binaan,
        "koramil": koramil,
        "kodim": kodim,
        "danramil": f"Danramil {v['koramil']}" if v["koramil"] else "Danramil",
        "pendamping": list(v["pendamping"]),
        "pendamping_teks": daftar(v["pendamping"]),
        "rekan": daftar(rekan),
        "pendamping_lain": daftar(lain),
        "desa": desa,
        "kecamatan": kecamatan,
        "kabupaten": kabupaten,
        "rt_rw": rt_rw,
        "dukuh": dukuh,
        "alamat": alamat,
        "wilayah": desa or kecamatan or kabupaten,
        "wilayah_nama": v["desa"] or v["kecamatan"] or v["kabupaten"],
        # The dateline: the kabupaten/kota, else the kecamatan; never a desa (a dateline names a
        # town). Without either the release opens without a dateline.
        "kota": v["kabupaten"] or v["kecamatan"],
        "kelurahan": kelurahan,
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
        "juru_bicara_pendek": bicara_pendek,
        "target_judul": target_judul,
        "topik_jenis": topik.jenis,
        "kunjungan": _visit_phrase(topik, sasaran, perorangan),
        "kerja": topik.kerja,
        "judul_kerja": kerja_judul,
        "harapan_awal": v["harapan"].split()[0].lower().strip(",") if v["harapan"] else "",
        "kata_bebas": free_words,
        "kata_fakta": fact_words,
        "tambahan": 0,  # set by build_release: how many general sentences to add (0 to 2)
    }


def _one_spelling(v: dict[str, Any]) -> dict[str, Any]:
    """One spelling of a place per release: names that differ only in spaces, hyphens or
    capitals (kecamatan "Karang Asem", kabupaten "Karangasem") take the spelling typed for the
    smallest of them, the one typed for this visit."""
    seen: dict[str, str] = {}
    for key in ("dukuh", "desa", "kecamatan", "kabupaten"):
        name = v.get(key) or ""
        plain = re.sub(r"[\s-]", "", name).lower()
        if not plain:
            continue
        if plain in seen and seen[plain] != name:
            v[key] = seen[plain]
        seen.setdefault(plain, v[key])
    return v


_MEASURES = {"ekor": "sebanyak", "hektare": "seluas", "ha": "seluas", "are": "seluas",
             "meter": "sepanjang", "kolam": "sebanyak", "petak": "sebanyak", "pohon": "sebanyak",
             "batang": "sebanyak", "kg": "sebanyak", "ton": "sebanyak", "unit": "sebanyak",
             "buah": "sebanyak", "orang": "sebanyak", "kandang": "sebanyak"}  # fmt: skip


def _occupation(pekerjaan: str, keterangan: str) -> str:
    """The occupation with its keterangan read naturally: a keterangan that goes on from the
    occupation's words continues it ("peternak bebek" + "bebek petelur 200 ekor" -> "peternak
    bebek petelur sebanyak 200 ekor"); another one is a gloss in brackets."""
    if not keterangan:
        return pekerjaan
    job = pekerjaan.split()
    info = keterangan.split()
    overlap = next(
        (n for n in range(min(len(job), len(info)), 0, -1)
         if [w.lower() for w in job[-n:]] == [w.lower() for w in info[:n]]),
        0,
    )  # fmt: skip
    shared = {w.lower() for w in job} & {w.lower() for w in info if len(w) > 2}
    if not overlap and not shared:
        return f"{pekerjaan} ({keterangan})"
    rest = info[overlap:] if overlap else [w for w in info if w.lower() not in shared]
    text = " ".join(rest)

    def measure(m: re.Match[str]) -> str:
        word = _MEASURES.get(m[2].lower())
        return f"{word} {m[1]} {m[2]}" if word and not m.group(0).startswith(word) else m[0]

    text = re.sub(r"(?<!sebanyak )(?<!seluas )(?<!sepanjang )\b(\d[\d.,]*)\s+(\w+)", measure, text)
    return gabung([pekerjaan, text])


_STATES = {"tinggal", "hidup", "sedang", "baru", "sudah", "telah", "masih", "pernah", "belum",
           "sakit", "lumpuh", "ditinggal", "kehilangan"}  # fmt: skip


def _clause(keterangan: str) -> str:
    """A keterangan that describes rather than names ("tinggal seorang diri ...") follows the
    name as a "yang" clause; a noun phrase ("janda dua anak") stays an appositive."""
    first = keterangan.split()[0].lower() if keterangan.split() else ""
    if first in _STATES or re.match(r"(me|ber|ter|di)[a-z]{3,}", first) and first != "dari":
        return f"yang {keterangan}"
    return keterangan


def _sasaran(v: Mapping[str, Any], orang: str, umur: str) -> tuple[str, str]:
    """The person or group visited, at first mention, with appositives; the second value closes
    an appositive before what follows ("Bapak Harjanto (52), pengrajin blangkon, di ...")."""
    koma = ""
    if orang:
        sasaran = orang + (f" ({umur})" if umur else "")
        if v["pekerjaan"]:
            sasaran += ", " + _occupation(v["pekerjaan"], v["keterangan"])
            koma = ","
        elif v["keterangan"]:
            sasaran += f", {_clause(v['keterangan'])}"
            koma = ","
        if v["kelompok"]:
            sasaran += f", beserta {v['kelompok']}"
            koma = ""
        return sasaran, koma
    sasaran = v["kelompok"]
    if v["pekerjaan"]:
        sasaran += f", {v['pekerjaan']}"
        koma = ","
    if v["keterangan"]:
        sasaran = (
            gabung([sasaran, f"({v['keterangan']})"])
            if not koma
            else (sasaran[: -len(v["pekerjaan"])] + _occupation(v["pekerjaan"], v["keterangan"]))
        )
    return sasaran, koma


def _alamat(sasaran: str, dukuh: str, rt_rw: str, *larger: str) -> str:
    """Small to large, without what the sasaran already says ("warga RT 05" is not followed by
    "di RT 05/RW 02", nor "warga Banjar Kaja" by "di Banjar Kaja")."""
    said = sasaran.lower()

    def said_already(part: str) -> bool:
        kind, _, number = part.partition(" ")
        return bool(re.search(rf"\b{kind.lower()}\s*0*{number.lstrip('0') or '0'}\b", said))

    parts = [p for p in rt_rw.split("/") if p and not said_already(p)]
    small = dukuh if dukuh and not re.search(rf"\b{re.escape(dukuh.lower())}\b", said) else ""
    first = gabung([small, "/".join(parts)])
    return gabung([first, *[p for p in larger if p and p.lower() not in said]], ", ")


def _companions(pendamping: list[str]) -> tuple[list[str], list[str]]:
    """Soldiers (a TNI rank first: they come along, "bersama") and everyone else (village
    officials, police, midwives: "didampingi")."""

    def soldier(companion: str) -> bool:
        words = companion.split()
        if words[:1] and ROLES.get(words[0]) == "tni":  # Babinsa, Danramil ...
            return True
        return bool(words) and words[0].lower() in TNI

    rekan = [p for p in pendamping if soldier(p)]
    return rekan, [p for p in pendamping if p not in rekan]


_PLACE_NOUNS = ("rumah", "kediaman", "kios", "warung", "toko", "kebun", "sawah", "ladang", "kolam",
                "kandang", "tambak", "bengkel", "tempat", "lokasi", "lahan", "usaha", "lapak",
                "gubuk", "pondok")  # fmt: skip


def _visit_phrase(topik: Any, sasaran: str, perorangan: bool) -> str:
    """For a topik that is the visit itself, the lead's verb with whom it went to:
    "menemui Bapak Darto (45), peternak bebek", "mampir ke warung kopi milik Bapak Darto"."""
    if topik.jenis != "kunjungan":
        return ""
    verb, obj = topik.kata_kunjungan, topik.objek
    words = [w for w in obj.split() if w.lower() != "seorang"]
    said = {w.lower().strip(",") for w in sasaran.split()} | {"warga", "rumah", "kediaman"}
    uncovered = [w for w in words if w.lower() not in said and w.lower() not in STOP_WORDS]
    plain = verb.split()[0].lower()
    joiner = {"bersilaturahmi": " dengan", "bersilaturahim": " dengan", "bertamu": " ke",
              "mampir": " ke", "berkunjung": " ke", "bertandang": " ke"}.get(plain, "")  # fmt: skip
    if joiner and verb.lower().endswith(joiner.strip()):
        joiner = ""
    if not uncovered:
        home = [w for w in words if w.lower() in ("rumah", "kediaman")][:1]
        if not home and joiner == " ke" and perorangan:
            home = ["rumah"]
        return " ".join([f"{verb}{joiner}", *home, sasaran])
    if words and words[0].lower() in _PLACE_NOUNS and perorangan:
        return f"{verb}{joiner} {' '.join(words)} milik {sasaran}"
    return f"{verb}{joiner} {' '.join(words)}, yakni {sasaran}"


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
