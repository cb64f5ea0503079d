"""Place names: the matching key, an official name and its other spellings, and finding a
name among many (exactly, by another spelling, or the closest ones for a typo)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from komsos_cli.models import capitalise_name, collapse

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def key(text: str) -> str:
    """The matching key of a name: lower case, letters and digits only.

    ``"Krajan "``, ``"krajan"`` and ``"KRAJAN"`` share a key, and so do ``"Karang Anyar"`` and
    ``"Karanganyar"`` or ``"Pasar-Kliwon"`` and ``"Pasar Kliwon"``.
    """
    return _NON_ALNUM.sub("", text.lower())


# Abbreviations in the official names; the name written out is another spelling of it.
_ABBREVIATIONS = {
    "kep": "Kepulauan", "gn": "Gunung", "kp": "Kampung", "mns": "Meunasah", "tj": "Tanjung",
    "tgk": "Teungku", "perk": "Perkebunan", "pd": "Padang", "lbk": "Lubuk", "sei": "Sungai",
}  # fmt: skip


_ABBREVIATION = re.compile(r"\b(" + "|".join(_ABBREVIATIONS) + r")\b\.?\s*", re.IGNORECASE)


def _expand(text: str) -> str:
    """``"Kep. Masaloka Raya"`` -> ``"Kepulauan Masaloka Raya"``; ``"Sei Rampah"`` -> ``"Sungai
    Rampah"``."""
    return collapse(_ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m[1].lower()] + " ", text))


def _variants(text: str) -> list[str]:
    """``"Lalai I/II"`` -> ``["Lalai I", "Lalai II"]``; ``"Pulo Lon / Pulo Dayah"`` -> both."""
    if re.search(r"\s/|/\s", text):
        return [collapse(p) for p in text.split("/") if collapse(p)]
    words = [w.split("/") for w in text.split()]
    combos = itertools.islice(itertools.product(*words), 8)
    return [" ".join(w for w in combo if w) for combo in combos]


def _official(raw: str) -> tuple[str, list[str]]:
    """An official name as komsos writes it, and the other spellings that find it.

    The name is kept as the list writes it (``"Misool (Misool Utara)"``, ``"Lalai I/II"``), only
    capitalised when the list has it all in lower case. Other spellings: each alternative of a
    slash, the name without its bracket and the bracket's version of it (``"Misool Utara"``),
    abbreviations written out.
    """
    name = collapse(raw)
    if name == name.lower():
        name = capitalise_name(name)
    aliases: list[str] = []
    base, _, rest = name.partition("(")
    base = collapse(base)
    inner = collapse(rest.split(")")[0]) if rest else ""
    if "/" in base:
        aliases += _variants(base)
    if inner:
        aliases.append(base)
        if "," not in inner:
            base_words, inner_words = base.split(), inner.split()
            if len(inner_words) >= len(base_words) or len(base_words) == 1:
                aliases.append(inner)
            else:
                aliases.append(" ".join(base_words[: -len(inner_words)] + inner_words))
    aliases += [_expand(a) for a in [name, *aliases]]
    own = key(name)
    return name, [a for a in dict.fromkeys(aliases) if key(a) and key(a) != own]


def _parse_kabupaten(raw: str) -> tuple[str, str, list[str]]:
    """``"Kota Administrasi Jakarta Selatan"`` -> ``("Kota", "Jakarta Selatan", [...])``.

    An abbreviated kabupaten is written out (``"Kep. Siau Tagulandang Biaro"`` -> ``"Kepulauan
    Siau Tagulandang Biaro"``, its name in UU 15/2007); the abbreviation stays another spelling.
    """
    jenis, _, rest = collapse(raw).partition(" ")
    jenis = "Kota" if jenis.lower() == "kota" else "Kabupaten"
    plain = re.sub(r"^(Adm\.|Administrasi)\s*", "", rest)
    name, aliases = _official(plain)
    if plain != rest:  # Jakarta's "Kota Administrasi": the name is the rest
        aliases.append(rest)
    if re.search(r"\bKep\.", name):
        name, aliases = _expand(name), [name, *aliases]
    return jenis, name, [a for a in aliases if key(a) != key(name)]


_FUZZY_CUTOFF = 0.72


def _match(name_key: str, items: Sequence[Any]) -> list[Any]:
    """Items whose name has this key; alternative spellings count only if no name does."""
    exact = [i for i in items if i.key == name_key]
    return exact or [i for i in items if name_key in i.keys]


def _closest(
    name_key: str, candidates: Iterable[tuple[str, Any]], n: int = 3, *, unique: bool = True
) -> list[Any]:
    """Up to ``n`` candidates (``(key, item)``) whose key is closest to ``name_key``.

    ``unique``: one item per key (suggestions are names; a search lists every place).
    The country has ~63,000 distinct village keys: each is scored once, and most are ruled out
    by a bound computed in C before difflib looks at them.
    """
    import difflib  # only when something was not found

    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(name_key)
    size = len(name_key)
    # Every letter or digit that the text does not have, for bytes.translate to delete.
    absent = bytes(c for c in b"abcdefghijklmnopqrstuvwxyz0123456789" if chr(c) not in name_key)
    ratios: dict[str, float] = {}

    def ratio_of(cand_key: str) -> float:
        prefix = size >= 3 and cand_key.startswith(name_key)
        if not prefix:
            # difflib's ratio is 2*M/T, and M is at most the letters of the key the text has.
            shared = min(len(cand_key.encode().translate(None, absent)), size)
            if 2 * shared < _FUZZY_CUTOFF * (size + len(cand_key)):
                return 0.0
        matcher.set_seq1(cand_key)
        if not prefix and matcher.quick_ratio() < _FUZZY_CUTOFF:
            return 0.0
        return max(matcher.ratio(), 0.8) if prefix else matcher.ratio()

    scored: list[tuple[float, int, Any]] = []
    seen: set[str] = set()
    for order, (cand_key, item) in enumerate(candidates):
        if not cand_key or cand_key in seen:
            continue
        ratio = ratios.get(cand_key)
        if ratio is None:
            ratio = ratios[cand_key] = ratio_of(cand_key)
        if ratio >= _FUZZY_CUTOFF:
            if unique:
                seen.add(cand_key)
            scored.append((-ratio, order, item))
    scored.sort(key=lambda s: (s[0], s[1]))
    return [item for _, _, item in scored[:n]]


def _join(names: Sequence[str]) -> str:
    names = list(dict.fromkeys(names))
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " dan " + names[-1]


def _norm_jenis(value: str | None, table: dict[str, str]) -> str | None:
    if not value:
        return None
    return table.get(collapse(value).lower().rstrip("."))


def _spelt_otherwise(typed: str, official: str) -> bool:
    """Whether ``typed`` is the official name written with other spaces or hyphens (and with
    them perhaps other capitals): ``Karang Asem`` for ``Karangasem``, ``Suka Maju`` for
    ``Sukamaju``. Capitals alone are not another spelling: the list's stay (``IV Koto``)."""
    if typed.casefold() == official.casefold():
        return False
    return _SEPARATORS.sub("", typed).casefold() == _SEPARATORS.sub("", official).casefold()


_SEPARATORS = re.compile(r"[\s\-]+")


def _as_typed(typed: str, official: str) -> str:
    """The name to write: the typed one when it is the official name spelt otherwise."""
    return typed if typed and _spelt_otherwise(typed, official) else official
