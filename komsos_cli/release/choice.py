"""Deterministic variation: the same visit and variant always give the same wording."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any


def _seed(visit: Mapping[str, Any]) -> str:
    if visit.get("uuid"):
        return str(visit["uuid"])
    # A record without a UUID (never stored): its facts decide, so it still renders the same.
    return hashlib.sha256(repr(sorted((k, str(v)) for k, v in visit.items())).encode()).hexdigest()


def _hash(*parts: Any) -> int:
    digest = hashlib.sha256(":".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")


# The record key that keeps a release's wording choice (travels with export and import).
CHOICE_KEY = "pilihan_kata"
_CHOICE = re.compile(r"[0-9a-f]{6}=\d+(?:\.\d+)*")
# Other visits of the same Babinsa this many days around the visit count as "recent".
WINDOW_DAYS = 45


def parse_choice(text: Any) -> dict[str, list[int]]:
    """``"a1b2c3=4.0 d4e5f6=2"`` -> ``{"a1b2c3": [4, 0], "d4e5f6": [2]}``; junk is ignored."""
    out: dict[str, list[int]] = {}
    for token in str(text or "").split():
        if _CHOICE.fullmatch(token):
            key, _, numbers = token.partition("=")
            out[key] = [int(n) for n in numbers.split(".")]
    return out


def format_choice(choice: Mapping[str, Sequence[int]]) -> str:
    return " ".join(f"{k}={'.'.join(map(str, v))}" for k, v in sorted(choice.items()) if v)


def valid_choice(text: Any) -> str:
    """The stored form of a choice, or "" when ``text`` is not one (a cache: never an error)."""
    return format_choice(parse_choice(text))


def _same_babinsa(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    nrp_a, nrp_b = str(a.get("nrp") or ""), str(b.get("nrp") or "")
    if nrp_a and nrp_b:
        return nrp_a == nrp_b
    name = (" ".join(str(x.get("babinsa") or "").lower().split()) for x in (a, b))
    return next(name) == next(name) != ""


def recent_choices(visit: Mapping[str, Any], others: Iterable[Mapping[str, Any]]) -> list[str]:
    """The stored choices of the same Babinsa's other visits within WINDOW_DAYS of ``visit``."""
    try:
        day = date.fromisoformat(str(visit.get("tanggal"))).toordinal()
    except ValueError:
        return []
    out = []
    for other in others:
        text = other.get(CHOICE_KEY)
        if not text or (other.get("uuid") and other.get("uuid") == visit.get("uuid")):
            continue
        try:
            when = date.fromisoformat(str(other.get("tanggal"))).toordinal()
        except ValueError:
            continue
        if abs(when - day) <= WINDOW_DAYS and _same_babinsa(visit, other):
            out.append(str(text))
    return out


class _Chooser:
    """Deterministic choices: the same visit and variant always give the same wording.

    Each decision has its own key, so a choice does not depend on how many were made before it.
    With a memory (variant 0), a choice already stored in the record is kept; a new one prefers
    what the same Babinsa's recent releases used least, and is remembered in ``made`` so that
    the caller can store it (:meth:`choice`).
    """

    def __init__(
        self,
        seed: str,
        variant: int,
        day: int = 0,
        stored: str = "",
        recent: Sequence[str] = (),
    ):
        self.seed = seed
        self.variant = int(variant)
        self.day = int(day)
        self.stored = parse_choice(stored) if self.variant == 0 else {}
        self.used: dict[str, Counter[int]] = {}
        for text in recent if self.variant == 0 else ():
            for key, picks in parse_choice(text).items():
                self.used.setdefault(key, Counter()).update(picks)
        self.made: dict[str, tuple[list[int], list[str]]] = {}

    def acak(self, kunci: Any, n: Any) -> int:
        count = int(n)
        if count <= 0:
            return 0
        return _hash(self.seed, self.variant, kunci) % count

    @staticmethod
    def _key(kunci: Any, opsi: Sequence[Any], by_content: bool) -> str:
        basis = "\n".join(map(str, opsi)) if by_content else str(len(opsi))
        return hashlib.sha256(f"{kunci}#{basis}".encode()).hexdigest()[:6]

    def _order(self, kunci: Any, items: list[Any], by_content: bool) -> list[int]:
        key = self._key(kunci, items, by_content)
        if key in self.made:
            return self.made[key][0]
        n = len(items)
        kept = [i for i in self.stored.get(key, []) if i < n]
        if kept and len(kept) == len(self.stored[key]):
            rest = sorted((i for i in range(n) if i not in kept),
                          key=lambda i: _hash(self.seed, self.variant, kunci, i))  # fmt: skip
            order = kept + rest
        else:
            used = self.used.get(key, Counter())
            order = sorted(
                range(n), key=lambda i: (used[i], _hash(self.seed, self.variant, kunci, i))
            )
        self.made[key] = (order, [str(x) for x in items])
        return order

    def pilih(self, kunci: Any, opsi: Sequence[Any]) -> Any:
        options = list(opsi)
        if not options:
            return ""
        return options[self._order(kunci, options, by_content=False)[0]]

    def urut(self, kunci: Any, opsi: Sequence[Any]) -> list[Any]:
        """The pool ``opsi`` in the order this visit uses it: take the first one, two, three.
        Sentences the Babinsa's recent releases used come last."""
        items = list(opsi)
        if len(items) < 2:
            return items
        return [items[i] for i in self._order(kunci, items, by_content=True)]

    def choice(self, text: str) -> str:
        """What this render chose, to store in the record: for each pool, the options that
        ``text`` (the rendered release) contains, in the order they were offered; for each
        single pick, the pick."""
        out: dict[str, list[int]] = {}
        for key, (order, items) in self.made.items():
            if len(items) and all(len(x) >= 25 for x in items):  # a pool of sentences
                out[key] = [i for i in order if items[i] and items[i] in text]
            else:
                out[key] = order[:1]
        return format_choice(out)
