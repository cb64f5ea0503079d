"""Companions (pendamping): who came along on a visit, as "Role/Rank Name".

A Babinsa visits with another soldier (`Kopda Dede Herman`), with the village police officer
(`Bhabinkamtibmas Bripka Agus Salim`), or with village people who hold an office (`Kepala Desa
Suparno`, `Bidan Desa Sri Wahyuni`, `Ketua RT 03 Slamet`). A companion is stored as one string:

    [role] [rank] name        with at least a role or a rank, and always a name

Ranks become their abbreviation with its own capitals (`sersan kepala` -> `Serka`, `akp.` ->
`AKP`, `brigadir polisi kepala` -> `Bripka`); a role keeps the form it was typed in (`Kades`
stays `Kades`, `kepala desa` becomes `Kepala Desa`), with an RT/RW number written `RT 03`. A
role that belongs to one service takes only that service's ranks (a Bhabinkamtibmas is a police
officer). Pure functions; nothing here knows about typer or the database.
"""

from __future__ import annotations

import re

from komsos_cli.errors import FieldError

PANGKAT_TNI_AD = (
    "Prada", "Pratu", "Praka", "Kopda", "Koptu", "Kopka",
    "Serda", "Sertu", "Serka", "Serma", "Pelda", "Peltu",
    "Letda", "Lettu", "Kapten", "Mayor", "Letkol", "Kolonel",
    "Brigjen", "Mayjen", "Letjen", "Jenderal",
)  # fmt: skip
# Written-out ranks are common in hand-typed text; they map to the abbreviation releases use.
PANGKAT_TNI_PANJANG = {
    "prajurit dua": "Prada", "prajurit satu": "Pratu", "prajurit kepala": "Praka",
    "kopral dua": "Kopda", "kopral satu": "Koptu", "kopral kepala": "Kopka",
    "sersan dua": "Serda", "sersan satu": "Sertu", "sersan kepala": "Serka",
    "sersan mayor": "Serma", "pembantu letnan dua": "Pelda", "pembantu letnan satu": "Peltu",
    "letnan dua": "Letda", "letnan satu": "Lettu", "letnan kolonel": "Letkol",
}  # fmt: skip
PANGKAT_POLRI = (
    "Bharada", "Bharatu", "Bharaka", "Abripda", "Abriptu", "Abrip",
    "Bripda", "Briptu", "Brigpol", "Bripka", "Aipda", "Aiptu",
    "Ipda", "Iptu", "AKP", "Kompol", "AKBP", "Kombes",
)  # fmt: skip
_PANGKAT_POLRI_PANJANG = {
    "bhayangkara dua": "Bharada", "bhayangkara satu": "Bharatu", "bhayangkara kepala": "Bharaka",
    "brigadir polisi dua": "Bripda", "brigadir polisi satu": "Briptu",
    "brigadir polisi": "Brigpol", "brigadir": "Brigpol", "brigadir polisi kepala": "Bripka",
    "ajun inspektur polisi dua": "Aipda", "ajun inspektur polisi satu": "Aiptu",
    "inspektur polisi dua": "Ipda", "inspektur polisi satu": "Iptu",
    "ajun komisaris polisi": "AKP", "komisaris polisi": "Kompol",
    "ajun komisaris besar polisi": "AKBP", "komisaris besar polisi": "Kombes",
}  # fmt: skip

TNI = {p.lower(): p for p in PANGKAT_TNI_AD} | PANGKAT_TNI_PANJANG
POLRI = {p.lower(): p for p in PANGKAT_POLRI} | _PANGKAT_POLRI_PANJANG
_RANKS = TNI | POLRI
_SERVICE = {"tni": "TNI", "polri": "Polri"}

# Roles a companion is named by, in their usual written form. The value says which service's
# ranks may follow (None: any, or none at all).
ROLES: dict[str, str | None] = {
    "Babinsa": "tni", "Danramil": "tni", "Danposramil": "tni", "Bati Tuud": "tni",
    "Bhabinkamtibmas": "polri", "Bhabin": "polri", "Kapolsek": "polri",
    "Kanit Binmas": "polri", "Kanit Intelkam": "polri",
    "Kepala Desa": None, "Kades": None, "Lurah": None, "Kepala Kelurahan": None,
    "Kepala Kampung": None, "Wali Nagari": None, "Keuchik": None, "Perbekel": None,
    "Sekretaris Desa": None, "Sekdes": None, "Sekretaris Kelurahan": None, "Seklur": None,
    "Perangkat Desa": None, "Kepala Dusun": None, "Kadus": None, "Kasi Pemerintahan": None,
    "Kaur Umum": None, "Ketua BPD": None, "Camat": None, "Sekcam": None,
    "Bidan Desa": None, "Bidan": None, "Perawat": None, "Kader Posyandu": None,
    "Penyuluh Pertanian": None, "PPL": None, "Pendamping Desa": None,
    "Ketua Karang Taruna": None, "Ketua PKK": None, "Ketua TP PKK": None,
    "Ketua Gapoktan": None, "Ketua Poktan": None, "Ketua LPMD": None,
    "Tokoh Masyarakat": None, "Tokoh Agama": None, "Tokoh Pemuda": None, "Toga": None,
    "Tomas": None, "Linmas": None, "Satpol PP": None, "Kepdes": None,
}  # fmt: skip
_ROLE_LOOKUP = {r.lower(): r for r in ROLES} | {"bhabin kamtibmas": "Bhabinkamtibmas"}
_ROLE_SERVICE = {r.lower(): s for r, s in ROLES.items()} | {"bhabin kamtibmas": "polri"}
_LONGEST_ROLE = max(len(r.split()) for r in _ROLE_LOOKUP)
_LONGEST_RANK = max(len(r.split()) for r in _RANKS)
# "Ketua RT 03", "Ketua RW 5", "Ketua RT.03", "Ketua RT03", also "Ketua Dusun".
_KETUA_RT = re.compile(r"^(?:ketua|ka\.?)\s+(rt|rw)\s*\.?\s*(\d{1,3})?\b\s*", re.I)

EXAMPLES = "'Kopda Dede Herman', 'Bhabinkamtibmas Bripka Agus Salim', 'Kepala Desa Suparno'"


def _key(words: list[str]) -> str:
    return " ".join(words).lower().replace(".", "")


def _rank(words: list[str]) -> tuple[str | None, int]:
    """The rank these words start with, and how many words it took (the longest match)."""
    for n in range(min(_LONGEST_RANK, len(words)), 0, -1):
        rank = _RANKS.get(_key(words[:n]))
        if rank:
            return rank, n
    return None, 0


def _role(text: str) -> tuple[str | None, str | None, str]:
    """The role the text starts with, the service it belongs to, and the rest of the text."""
    m = _KETUA_RT.match(text)
    if m:
        number = m[2]
        if number is not None and int(number) == 0:
            raise FieldError("pendamping", f"Nomor {m[1].upper()} di '{text}' harus 1-999.")
        label = f"Ketua {m[1].upper()}" + (f" {number.zfill(2)}" if number else "")
        return label, None, text[m.end() :]
    words = text.split(" ")
    for n in range(min(_LONGEST_ROLE, len(words)), 0, -1):
        typed = " ".join(words[:n]).lower()
        key = typed.replace(".", "")
        if key in _ROLE_LOOKUP:
            return _ROLE_LOOKUP[key], _ROLE_SERVICE.get(key), " ".join(words[n:])
    return None, None, text


def split(value: object) -> tuple[str, str]:
    """``"bhabinkamtibmas bripka agus salim"`` -> ``("Bhabinkamtibmas Bripka", "agus salim")``:
    the companion's role and rank, canonical, and his name as typed (``models`` normalises it).

    Raises FieldError for what is not a companion: no role or rank, or no name after them.
    """
    text = " ".join(str(value if value is not None else "").split())
    role, service, rest = _role(text)
    words = rest.split(" ") if rest else []
    rank, used = _rank(words)
    if rank and service and rank.lower() not in (TNI if service == "tni" else POLRI):
        other = "Polri" if service == "tni" else "TNI"
        raise FieldError(
            "pendamping",
            f"Pendamping '{text}': {role} anggota {_SERVICE[service]}, sedangkan '{rank}' "
            f"pangkat {other}.",
        )
    if role is None and rank is None:
        raise FieldError(
            "pendamping",
            f"Pendamping '{text}' perlu jabatan atau pangkat di depan nama, mis. {EXAMPLES}.",
        )
    title = " ".join(p for p in (role, rank) if p)
    if used == len(words):
        raise FieldError(
            "pendamping",
            f"Pendamping '{text}' belum bernama: tulis namanya sesudah {title}, "
            f"mis. '{title} Suparno'.",
        )
    return title, " ".join(words[used:])
