"""The defect classes a Kodim press officer corrects in a release (issue 10, classes 1-10).

:func:`findings` gives (class, message) pairs; :func:`komsos_cli.release.check.check_text`
reports their messages, the tests and ``komsos templates check`` use both. Each detector reads
the release as a reader does (``plain``) and, where only the template's own words matter, the
release with every recorded fact masked (``masked``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from komsos_cli.companions import PANGKAT_POLRI, PANGKAT_TNI_AD
from komsos_cli.release.topik import VISIT_VERBS, akar, content_words, headline_verb
from komsos_cli.release.wording import name_opener

# Class 7: what a sentence may name only when the record does (word roots, lower case).
CONCRETE = {
    "Polri": r"polri|polisi|kepolisian|bhabinkamtibmas|bripka|brigpol|aipda",
    "belanja": r"belanja|berbelanja|pembeli",
    "kemasan": r"kemasan|mengemas|dikemas",
    "pupuk": r"pupuk|pemupukan",
    "bantuan": r"bantuan|bansos|santunan|blt|pkh|sembako|menyerahkan|diserahkan",
    "kejahatan": r"kejahatan|kriminal|pencuri|kemalingan|maling|begal|curanmor",
    "narkoba": r"narkoba|narkotika",
    "hoaks": r"hoaks|hoax|berita bohong|kabar bohong",
    "bencana": r"bencana|banjir|longsor|gempa|kebakaran",
    "judi": r"judi|perjudian",
    "suasana": r"hangat|akrab|keakraban|antusias|antusiasme|santai|gembira|ceria|semringah|"
    r"kekeluargaan|penuh canda",
}
# Class 8: a release has at most this many sentences without a recorded fact.
MAX_FILLER = 4
_ALLOWED_SEORANG = {"babinsa", "prajurit", "aparat", "anggota", "diri", "tni"}
_RANKS = "|".join(PANGKAT_TNI_AD + PANGKAT_POLRI)
_QUOTED = re.compile(r'"[^"]*"')


def _sentences(text: str) -> list[str]:
    out = []
    for paragraph in text.split("\n"):
        out += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", paragraph.strip()) if s.strip()]
    return out


def _spoken(visit: Mapping[str, Any]) -> str:
    keys = ("pekerjaan", "keterangan", "kelompok", "topik", "kutipan", "kutipan_warga", "harapan",
            "warga", "desa", "dukuh")  # fmt: skip
    said = " ".join(str(visit.get(k) or "") for k in keys)
    return (said + " " + " ".join(str(p) for p in visit.get("pendamping") or [])).lower()


def findings(
    plain: str, masked: str, visit: Mapping[str, Any], f: Mapping[str, Any], facts_only: str = ""
) -> list[tuple[int, str]]:
    """Every defect of classes 1-10 in a release (``plain``: headline first; ``masked``: every
    recorded text masked; ``facts_only``: only the recorded facts masked, not who wrote)."""
    lines = [line for line in plain.strip().split("\n") if line.strip()]
    headline = lines[0] if lines else ""
    body = "\n".join(lines[1:])
    unquoted = _QUOTED.sub('"…"', body)
    out: list[tuple[int, str]] = []
    topik = " ".join(str(visit.get("topik") or "").split())
    subjects = [s for s in ("Babinsa", f["babinsa"], f["babinsa_pendek"]) if s]

    # 1. a noun-phrase topik straight after the subject
    if topik and f["topik_jenis"] == "benda":
        first = topik.split()[0]
        for subject in subjects:
            if re.search(rf"{re.escape(subject)} {re.escape(first)}\b", unquoted, re.I):
                out.append(
                    (1, f"Topik kata benda langsung sesudah subjek: '{subject} {first} ...'.")
                )
                break

    # 2. the visit written as something done on top of the visit; a visiting verb twice
    if f["topik_jenis"] == "kunjungan":
        verbs = "|".join(VISIT_VERBS)
        for m in re.finditer(rf"\b(?:selain|juga)\s+(?:\w+\s+)?({verbs})\b", unquoted, re.I):
            out.append((2, f"Kunjungan ditulis sebagai kegiatan tambahan: '{m[0]}'."))
    for verb in set(VISIT_VERBS):
        n = len(re.findall(rf"\b{verb}\b", unquoted, re.I))
        if n >= 2:
            out.append((2, f"Kata kunjungan '{verb}' dipakai {n} kali."))

    # 3. a named person called "seorang ..." later on
    if f["perorangan"]:
        own = unquoted
        for key in ("keterangan", "kelompok", "pekerjaan", "harapan"):
            value = str(visit.get(key) or "")
            if value:
                own = own.replace(value, "…")
        for m in re.finditer(r"\bseorang\s+(\w+)", own, re.I):
            if m[1].lower() not in _ALLOWED_SEORANG:
                out.append((3, f"Warga yang sudah disebut namanya disebut lagi '{m[0]}'."))

    # 4. a keterangan that repeats the occupation ("peternak bebek (bebek petelur ...)")
    for m in re.finditer(r"(\w+)\s*\((\w+)", body):
        if m[1].lower() == m[2].lower() and not m[1].isdigit():
            out.append((4, f"Keterangan mengulang pekerjaan: '{m[0]}...'."))
    job, info = str(visit.get("pekerjaan") or ""), str(visit.get("keterangan") or "")
    if job and info and f"{job} ({info}" in body:
        shared = {w.lower() for w in job.split()} & {w.lower() for w in info.split() if len(w) > 2}
        if shared:
            out.append((4, f"Keterangan mengulang pekerjaan: '{job} ({info})'."))

    # 5. later mention by initials only; Babinsa/TNI lower-cased by the template
    for m in re.finditer(
        rf"\b(?:{_RANKS})\s+[A-Z]\.(?:\s*[A-Z]\.)*(?!\s*[A-Z][a-z]|\s*[A-Z]\.)", plain
    ):
        out.append((5, f"Sebutan hanya inisial: '{m[0].strip()}'."))
    # ... or by a title or an abbreviation only ("Serka Moch.", "Praka Teuku", "Ibu Hj.")
    for m in re.finditer(
        rf"\b(?:{_RANKS}|Bapak|Ibu)\s+([A-Z][a-z]*\.?)(?![a-z.'’])(?!\s*[A-Z])", plain
    ):
        whole = {str(visit.get(k) or "").strip() for k in ("babinsa", "warga")}
        typed = [str(p) for p in visit.get("pendamping") or []]
        if name_opener(m[1]) and m[1] not in whole and not any(t.endswith(m[0]) for t in typed):
            out.append((5, f"Sebutan hanya gelar atau singkatan: '{m[0].strip()}'."))
    for m in re.finditer(r"\b(babinsa|tni|koramil|kodim)\b", masked):
        out.append((5, f"'{m[1]}' tertulis dengan huruf kecil."))

    # 6. places: one spelling, the local kind, no RT/RW or dukuh twice, no invented label
    # (unit names such as "Koramil 1623-01/Karangasem" are official and not judged)
    places = plain
    others = [f["koramil"], f["kodim"], f["babinsa"], f["orang"], *f["pendamping"]]
    others += [str(visit.get(k) or "") for k in ("kelompok", "pekerjaan", "keterangan", "topik",
                                                 "kutipan", "kutipan_warga", "harapan")]  # fmt: skip
    for other in sorted((o for o in others if o), key=len, reverse=True):
        places = places.replace(other, "…")
    for key in ("desa", "kecamatan", "kabupaten", "dukuh"):
        name = str(visit.get(key) or "")
        letters = re.sub(r"[\s-]", "", name)
        if len(letters) < 4:
            continue
        pattern = r"[\s-]?".join(re.escape(c) for c in letters)
        spellings = {m[0].lower(): m[0] for m in re.finditer(rf"\b{pattern}\b", places, re.I)}
        if len(spellings) > 1:  # capitals alone (a dateline, a headline) are one spelling
            out.append(
                (6, f"Nama tempat ditulis dua cara: {' dan '.join(sorted(spellings.values()))}.")
            )
    kind = str(visit.get("jenis_kecamatan") or "").lower()
    kec = str(visit.get("kecamatan") or "")
    if kind and kind != "kecamatan" and kec and f"Kecamatan {kec}" in plain:
        out.append((6, f"'Kecamatan {kec}' padahal sebutannya {kind.title()} {kec}."))
    for sentence in _sentences(unquoted):
        for m in re.finditer(r"\b(R[TW])\s*0*(\d+)\b", sentence):
            again = re.findall(rf"\b{m[1]}\s*0*{m[2]}\b", sentence)
            if len(again) >= 2:
                out.append((6, f"'{m[1]} {m[2]}' disebut dua kali dalam satu kalimat."))
                break
    dukuh = str(visit.get("dukuh") or "")
    typed_label = re.match(r"(?i)(dukuh|dusun|dk\.?)\b", dukuh)
    if (
        f["kelurahan"]
        and dukuh
        and not typed_label
        and re.search(rf"\b(?:Dukuh|Dusun)\s+{re.escape(dukuh)}\b", plain)
    ):
        out.append((6, f"Sebutan Dukuh/Dusun untuk '{dukuh}' di kelurahan, padahal tidak diketik."))

    # 7. concrete things and moods the record does not mention
    said = _spoken(visit)
    for label, words in CONCRETE.items():
        if re.search(rf"\b(?:{words})", masked, re.I) and not re.search(rf"\b(?:{words})", said):
            found = re.search(rf"\b(?:{words})\w*", masked, re.I)
            out.append(
                (7, f"Menyebut {label} ('{found[0] if found else label}') yang tidak dicatat.")
            )

    # 8. filler: sentences that carry no recorded fact
    judged = facts_only or masked
    filler = [s for s in _sentences(judged.split("\n", 1)[1] if "\n" in judged else "")
              if "Qfakta" not in s]  # fmt: skip
    if len(filler) > MAX_FILLER:
        out.append(
            (8, f"{len(filler)} kalimat tanpa fakta yang dicatat (paling banyak {MAX_FILLER}).")
        )

    # 9. the headline names what was done, never "Seorang"
    if re.search(r"\bseorang\b", headline, re.I):
        out.append((9, "Judul memakai 'Seorang'."))
    words = content_words(topik)
    roots = {akar(w) for w in words} | {w.lower() for w in words}
    roots |= {headline_verb(w).lower() for w in words} | {akar(headline_verb(w)) for w in words}
    head_roots = {akar(w) for w in content_words(headline)} | {
        w.lower() for w in content_words(headline)
    }
    if topik and not roots & head_roots:
        out.append((9, f"Judul tidak menyebut apa yang dikerjakan: '{headline}'."))

    # 10. pungkas/tandas only on the last quote
    for m in re.finditer(r"\b(pungkas|tandas)(?:nya)?\b", body, re.I):
        if '"' in body[m.end() :]:
            out.append((10, f"'{m[1]}' dipakai pada kutipan yang bukan terakhir."))
    return out
