"""Deterministic variation: the same visit and variant always give the same wording."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any


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
