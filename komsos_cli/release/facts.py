"""What the record lets a release say: the facts() templates see, and how much the record says."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from komsos_cli.dates import hari, tanggal_angka, tanggal_panjang
from komsos_cli.errors import InputError
from komsos_cli.models import FIELDS, LIST_FIELDS, desa_lengkap, kabupaten_lengkap, zona_waktu
from komsos_cli.release.wording import (
    _nama_desa,
    _words,
    daftar,
    dukuh_lengkap,
    first_name,
    gabung,
    judul,
)

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
