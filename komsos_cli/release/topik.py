"""Topik grammar: what the Babinsa did, as typed, made into a sentence and a headline.

Babinsa type the topik three ways:

- a verb phrase (``memberikan motivasi agar ...``): it follows the subject as it is;
- a noun phrase (``sosialisasi bahaya judi online``, ``pendampingan panen jagung``): it gets a
  verb that fits (``memberikan sosialisasi tentang ...``, ``mendampingi panen jagung``);
- the visit itself (``menemui seorang peternak bebek untuk menanyakan harga pakan``): its
  visiting verb becomes the lead's verb, and only the rest is something done during the visit.

Every content word of the topik stays in the release (:func:`akar` compares words by root, so
``pendampingan`` is kept by ``mendampingi``). The report helper uses :func:`kalimat_topik` for
one-sentence narratives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Verbs that are the visit itself (with "ke" where the verb takes it).
VISIT_VERBS = (
    "mengunjungi", "mendatangi", "menyambangi", "menemui", "menjenguk", "menengok",
    "bertamu", "mampir", "berkunjung", "bersilaturahmi", "bersilaturahim", "bertandang",
    "berkunjung", "anjangsana",
)  # fmt: skip
# Where the visit ends and what was done during it begins.
_CONNECTORS = ("untuk", "guna", "sambil", "sekaligus", "dan", "serta", "sembari", "lalu")
# Words that open a noun phrase: (verb put before it, whether the noun stays, preposition before
# what follows) or, for a noun that has a verb of its own, that verb in its place.
_NOUN_OPENERS: dict[str, tuple[str, bool, str] | str] = {
    "sosialisasi": ("memberikan", True, "tentang"),
    "penyuluhan": ("memberikan", True, "tentang"),
    "edukasi": ("memberikan", True, "tentang"),
    "pembekalan": ("memberikan", True, "tentang"),
    "imbauan": ("menyampaikan", True, "tentang"),
    "himbauan": ("menyampaikan", True, "tentang"),
    "motivasi": ("memberikan", True, "kepada"),
    "semangat": ("memberikan", True, "kepada"),
    "pelatihan": ("memberikan", True, ""),
    "pendampingan": "mendampingi",
    "pengecekan": ("melaksanakan", True, ""),
    "pemeriksaan": ("melakukan", True, ""),
    "pemantauan": ("melakukan", True, ""),
    "monitoring": ("melakukan", True, ""),
    "pendataan": ("melakukan", True, ""),
    "patroli": ("melaksanakan", True, ""),
    "ronda": ("ikut", True, ""),
    "kerja": ("melaksanakan", True, ""),  # kerja bakti
    "karya": ("melaksanakan", True, ""),  # karya bakti
    "gotong": "bergotong",  # gotong royong
    "koordinasi": "berkoordinasi",
    "silaturahmi": "bersilaturahmi",
    "dialog": "berdialog",
    "diskusi": "berdiskusi",
    "panen": "turut memanen",
    "tanam": "turut menanam",
    "penanaman": "turut menanam",
    "pembagian": "membagikan",
    "penyerahan": "menyerahkan",
    "pembinaan": ("melakukan", True, ""),
    "bantuan": ("menyerahkan", True, ""),
    # A prevention is not "carried out": the Babinsa appeals about it.
    "pencegahan": ("memberikan imbauan tentang", True, ""),
    "pemberantasan": "mengajak warga memberantas",
    "pembersihan": "turut membersihkan",
    "perbaikan": "membantu memperbaiki",
    "pemasangan": "membantu memasang",
    "penyaluran": "menyalurkan",
    "peninjauan": "meninjau",
    "pengamanan": ("melaksanakan", True, ""),
    "pengawasan": ("melakukan", True, ""),
    "penertiban": ("melakukan", True, ""),
    "pembangunan": ("membantu", True, ""),
    "pemeliharaan": ("membantu", True, ""),
    "pelayanan": ("memberikan", True, ""),
}
# "sosialisasi tentang x" keeps its own preposition.
_PREPOSITIONS = ("tentang", "mengenai", "soal", "terkait", "kepada", "bagi", "untuk", "dengan")
# The headline form of common verbs (the imperative a headline uses: "Dampingi", "Berikan").
_HEADLINE_VERBS = {
    "memberikan": "Beri", "memberi": "Beri", "mengajak": "Ajak", "mengimbau": "Imbau",
    "menghimbau": "Imbau", "mengingatkan": "Ingatkan", "menanyakan": "Tanyakan",
    "mendampingi": "Dampingi", "membantu": "Bantu", "membersihkan": "Bersihkan",
    "melaksanakan": "Laksanakan", "melakukan": "Lakukan", "mengunjungi": "Kunjungi",
    "menyambangi": "Sambangi", "mendatangi": "Datangi", "menemui": "Temui",
    "menyampaikan": "Sampaikan", "mendorong": "Dorong", "memotivasi": "Motivasi",
    "mengecek": "Cek", "memantau": "Pantau", "memeriksa": "Periksa", "menjelaskan": "Jelaskan",
    "membahas": "Bahas", "menyerahkan": "Serahkan", "membagikan": "Bagikan", "menanam": "Tanam",
    "memanen": "Panen", "mengawasi": "Awasi", "mengenalkan": "Kenalkan",
    "memperkenalkan": "Perkenalkan", "mensosialisasikan": "Sosialisasikan",
    "menyosialisasikan": "Sosialisasikan", "membina": "Bina", "mengikuti": "Ikuti",
    "menghadiri": "Hadiri", "memperbaiki": "Perbaiki", "membangun": "Bangun",
    "menyiapkan": "Siapkan", "menjenguk": "Jenguk", "menengok": "Tengok",
    "memastikan": "Pastikan", "mengarahkan": "Arahkan", "menggerakkan": "Gerakkan",
    "mengumpulkan": "Kumpulkan", "menyalurkan": "Salurkan", "membimbing": "Bimbing",
    "melatih": "Latih", "mengajari": "Ajari", "mengedukasi": "Edukasi",
    # ber- verbs keep their prefix in a headline ("Bersilaturahmi", never "Silaturahmi" as a verb).
    "bersilaturahmi": "Bersilaturahmi", "bersilaturahim": "Bersilaturahim", "bertamu": "Bertamu",
    "mampir": "Mampir", "berkunjung": "Berkunjung", "bertandang": "Bertandang",
    "berkoordinasi": "Berkoordinasi", "bergotong": "Bergotong", "berdialog": "Berdialog",
    "berdiskusi": "Berdiskusi", "ikut": "Ikut", "turut": "Turut", "menyemprot": "Semprot",
    "mengolah": "Olah", "mencegah": "Cegah", "menjaga": "Jaga", "merawat": "Rawat",
    "menyerap": "Serap", "mendengarkan": "Dengarkan", "mendata": "Data",
}  # fmt: skip
# Function words: not "content words" of a topik.
STOP_WORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "untuk",
        "dengan",
        "pada",
        "kepada",
        "oleh",
        "atau",
        "serta",
        "bagi",
        "dalam",
        "tentang",
        "terhadap",
        "sebagai",
        "agar",
        "supaya",
        "seorang",
        "para",
        "sang",
        "si",
        "itu",
        "ini",
        "tersebut",
        "juga",
        "guna",
        "sambil",
        "sekaligus",
        "lalu",
        "akan",
        "sudah",
        "telah",
        "masih",
        "baru",
        "lebih",
        "agar",
        "mengenai",
        "soal",
        "terkait",
        "the",
        "nya",
    ]
)

_WORD = re.compile(r"[^\W\d_][\w'-]*")


@dataclass(frozen=True)
class Topik:
    """A topik taken apart: ``kunjungan`` is the visiting verb and its object (for the lead)
    when the topik is the visit itself; ``kerja`` is what was done, as a verb phrase ("" when
    the visit was all there was)."""

    asli: str
    jenis: str  # "verba", "benda" or "kunjungan"
    kunjungan: str
    kata_kunjungan: str
    objek: str
    kerja: str


def _first(text: str) -> str:
    m = _WORD.match(text.strip())
    return m[0].lower() if m else ""


def is_verb(word: str) -> bool:
    """An active verb (me-, ber-) or one of the few bare verbs Babinsa type (ikut, turut)."""
    w = word.lower()
    if w in _NOUN_OPENERS:
        return False
    return w.startswith(("me", "ber", "ikut", "turut", "bantu", "cek")) or w in _HEADLINE_VERBS


def as_verb_phrase(text: str) -> str:
    """A topik that may be a noun phrase, as a verb phrase that can follow the subject."""
    text = " ".join(str(text).split())
    first = _first(text)
    if not first or is_verb(first):
        return text
    rest = text[len(first) :].lstrip()
    carrier = _NOUN_OPENERS.get(first)
    if carrier is None:
        # Another noun ("harga cabai", "judi online"): a pe-...-an noun is carried out,
        # anything else is talked about.
        if re.fullmatch(r"pe[mnr]?\w+an", first):
            return f"melaksanakan {text}"
        return f"membahas {text}"
    if isinstance(carrier, str):
        return f"{carrier} {rest}".strip()
    verb, keep, preposition = carrier
    noun = text[: len(first)] if keep else ""
    joint = (
        preposition
        if rest and preposition and _first(rest) not in _PREPOSITIONS + ("agar", "supaya", "untuk")
        else ""
    )
    return " ".join(p for p in (verb, noun, joint, rest) if p)


def parse(topik: str) -> Topik:
    text = " ".join(str(topik or "").split()).rstrip(".")
    first = _first(text)
    if first in VISIT_VERBS:
        words = text.split()
        verb_len = 2 if len(words) > 1 and words[1].lower() in ("ke", "dengan") else 1
        verb = " ".join(words[:verb_len])
        rest_words = words[verb_len:]
        cut = next(
            (i for i, w in enumerate(rest_words) if w.lower().strip(",") in _CONNECTORS),
            len(rest_words),
        )
        obj = " ".join(rest_words[:cut]).strip(" ,")
        after = rest_words[cut:]
        if after and after[0].lower().strip(",") in ("untuk", "guna", "sambil", "sembari"):
            after = after[1:]
        elif after:
            after = after[1:]  # dan / serta / sekaligus / lalu
        kerja = as_verb_phrase(" ".join(after).strip(" ,")) if after else ""
        return Topik(text, "kunjungan", f"{verb} {obj}".strip(), verb, obj, kerja)
    if not text or is_verb(first):
        return Topik(text, "verba", "", "", "", text)
    return Topik(text, "benda", "", "", "", as_verb_phrase(text))


def headline_verb(word: str) -> str:
    """The imperative a headline uses for a verb: mendampingi -> Dampingi."""
    w = word.lower()
    if w in _HEADLINE_VERBS:
        return _HEADLINE_VERBS[w]
    base = w
    if w.startswith("meny") and len(w) > 5:
        base = "s" + w[4:]
    elif w.startswith("meng") and len(w) > 5:
        base = w[4:] if w[4] in "aeiou" else w[4:]
    elif w.startswith("mem") and len(w) > 4:
        base = w[3:] if w[3] in "bpf" else "p" + w[3:]
    elif w.startswith("men") and len(w) > 4:
        base = w[3:] if w[3] in "dcjz" else "t" + w[3:]
    elif w.startswith("me") and len(w) > 3:
        base = w[2:]
    return base[:1].upper() + base[1:]


# A noun topik's first word, in a headline ("pengecekan harga cabai" -> "Cek Harga Cabai").
_HEADLINE_NOUNS = {
    "sosialisasi": "Sosialisasikan", "penyuluhan": "Beri Penyuluhan", "edukasi": "Beri Edukasi",
    "pembekalan": "Beri Pembekalan", "imbauan": "Sampaikan Imbauan",
    "himbauan": "Sampaikan Imbauan", "motivasi": "Beri Motivasi", "semangat": "Beri Semangat",
    "pelatihan": "Beri Pelatihan", "pendampingan": "Dampingi", "pengecekan": "Cek",
    "pemeriksaan": "Periksa", "pemantauan": "Pantau", "monitoring": "Monitoring",
    "pendataan": "Data", "patroli": "Gelar Patroli", "ronda": "Ikut Ronda", "kerja": "Kerja",
    "karya": "Karya", "gotong": "Gotong", "koordinasi": "Koordinasi",
    "silaturahmi": "Silaturahmi", "dialog": "Dialog", "diskusi": "Diskusi", "panen": "Ikut Panen",
    "tanam": "Ikut Tanam", "penanaman": "Ikut Tanam", "pembagian": "Bagikan",
    "penyerahan": "Serahkan", "pembinaan": "Bina", "bantuan": "Serahkan Bantuan",
    "pemberantasan": "Ajak Berantas", "pembersihan": "Bersihkan", "perbaikan": "Perbaiki",
    "pemasangan": "Pasang", "penyaluran": "Salurkan", "peninjauan": "Tinjau",
}  # fmt: skip


def judul_kerja(kerja: str, max_words: int = 8) -> str:
    """What was done, in headline words: the verb in its headline form, the object up to the
    first purpose clause ("Beri Motivasi", "Dampingi Panen Jagung", "Cek Harga Cabai")."""
    words = kerja.split()
    if not words:
        return ""
    first = words[0].lower()
    if first in _HEADLINE_NOUNS:
        out = [_HEADLINE_NOUNS[first]]
    elif not is_verb(first):
        out = ["Bahas", words[0]]
    else:
        out = [headline_verb(words[0])]
    for w in words[1:]:
        bare = w.lower().strip(",")
        if bare in ("agar", "supaya", "untuk", "guna", "sambil", "sekaligus", "yang", "serta"):
            break
        if bare in ("tentang", "mengenai", "kepada", "terkait", "soal", "seorang"):
            continue
        inner = w.rstrip(",")
        if re.fullmatch(r"me(?:ng|ny|m|n)?\w{3,}(?:kan|i)", inner.lower()) or inner.lower() in (
            _HEADLINE_VERBS
        ):
            inner = headline_verb(inner)  # "Ajak Warga Aktifkan Ronda", as headlines say it
        if inner.lower().endswith("nya") and len(inner) > 7 and inner.lower() not in ("tanya",):
            inner = inner[:-3]  # "Tanyakan Kesehatan", not "Kesehatannya", in a headline
        out.append(inner)
        if w.endswith(",") or len(" ".join(out).split()) >= max_words:
            break
    while len(out) > 1 and out[-1].lower() in STOP_WORDS:  # "... Inpari 32 di"
        out.pop()
    return " ".join(out)


def akar(word: str) -> str:
    """A crude root, enough to tell that two forms are one word (pendampingan ~ mendampingi)."""
    w = word.lower()
    for suffix in ("nya", "kan", "an", "i"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            break
    for prefix in ("meny", "peny", "meng", "peng", "mem", "pem", "men", "pen", "ber", "per",
                   "me", "pe", "di", "ter"):  # fmt: skip
        if w.startswith(prefix) and len(w) - len(prefix) >= 3:
            w = w[len(prefix) :]
            break
    return w


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry its meaning (not function words, not numbers)."""
    return [w for w in _WORD.findall(str(text)) if w.lower() not in STOP_WORDS and len(w) > 2]


def missing_words(topik: str, text: str) -> list[str]:
    """The topik's content words that ``text`` does not contain (compared by root)."""
    found = {akar(w) for w in _WORD.findall(text)} | {w.lower() for w in _WORD.findall(text)}
    return [w for w in content_words(topik) if w.lower() not in found and akar(w) not in found]


def kalimat_topik(subjek: str, topik: str) -> str:
    """One sentence of what was done: ``Serka Sugianto memberikan sosialisasi tentang ...``."""
    t = parse(topik)
    parts = [p for p in (t.kunjungan, t.kerja) if p]
    body = (
        f"{parts[0]} untuk {parts[1]}"
        if len(parts) == 2 and t.jenis == "kunjungan"
        else (" ".join(parts))
    )
    return f"{subjek} {body}.".replace("..", ".") if body else ""
