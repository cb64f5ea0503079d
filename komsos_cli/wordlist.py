"""The Indonesian word list: every form of the hunspell id_ID dictionary, sorted, one per line.

``data/hunspell/id_ID.aff`` and ``id_ID.dic`` are the unmodified files of LibreOffice's Indonesian
dictionary (Debian package ``hunspell-id``, LGPL-3, see ``data/hunspell/README``). Looking a word up
with spylls costs a 0.3 s load and 1-6 ms a word, too slow for ``komsos add``, so the dictionary is
expanded once, by the developer, into ``data/hunspell/id_ID.words``: every stem with every affix
combination hunspell accepts (one prefix, up to two suffixes, circumfixes), lowercased, sorted.
``python -m komsos_cli.wordlist`` writes it again (spylls is a test dependency); a test checks that
the shipped file is the expansion of the shipped dictionary.

At run time the file is memory-mapped and searched by bisection: no load, no parse, a few
microseconds a word. Nothing here knows about typer or rich.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data") / "hunspell"
DICTIONARY = DATA_DIR / "id_ID"  # .aff and .dic
WORDS_PATH = DATA_DIR / "id_ID.words"


class SortedWords:
    """Membership and prefix ranges over a sorted, newline-separated, lowercase word file."""

    def __init__(self, data: bytes | mmap.mmap) -> None:
        self._data = data
        self._size = len(data)

    @classmethod
    def open(cls, path: Path = WORDS_PATH) -> SortedWords:
        with path.open("rb") as fh:
            try:
                return cls(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))
            except (OSError, ValueError):  # an empty file or a system without mmap
                return cls(fh.read())

    def _line_at(self, pos: int) -> tuple[int, int]:
        """The start and end of the line holding byte ``pos``."""
        start = self._data.rfind(b"\n", 0, pos) + 1
        end = self._data.find(b"\n", pos)
        return start, self._size if end < 0 else end

    def _lower_bound(self, key: bytes) -> int:
        """Byte offset of the first line >= key (``size`` if none)."""
        lo, hi = 0, self._size
        while lo < hi:
            start, end = self._line_at((lo + hi) // 2)
            if self._data[start:end] < key:
                lo = end + 1
            else:
                hi = start
        return lo

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word:
            return False
        key = word.encode("utf-8", "replace")
        pos = self._lower_bound(key)
        if pos >= self._size:
            return False
        end = self._data.find(b"\n", pos)
        return self._data[pos : self._size if end < 0 else end] == key

    def starting_with(self, prefix: str) -> Iterator[str]:
        """Every word that begins with ``prefix``, in order."""
        key = prefix.encode("utf-8", "replace")
        pos = self._lower_bound(key)
        while pos < self._size:
            end = self._data.find(b"\n", pos)
            end = self._size if end < 0 else end
            line = self._data[pos:end]
            if not line.startswith(key):
                return
            yield line.decode("utf-8", "replace")
            pos = end + 1

    def __iter__(self) -> Iterator[str]:
        return self.starting_with("")


_WORDS: SortedWords | None = None


def words() -> SortedWords:
    """The shipped word list, opened once per process."""
    global _WORDS
    if _WORDS is None:
        _WORDS = SortedWords.open()
    return _WORDS


# --- building the list from the hunspell files (developer side, needs spylls) ------------------


def _suffixed(suffix: Any, word: str) -> str | None:
    if suffix.strip and not word.endswith(suffix.strip):
        return None
    if not suffix.cond_regexp.search(word):
        return None
    return word[: len(word) - len(suffix.strip)] + suffix.add


def _prefixed(prefix: Any, word: str) -> str | None:
    if prefix.strip and not word.startswith(prefix.strip):
        return None
    if not prefix.cond_regexp.search(word):
        return None
    return prefix.add + word[len(prefix.strip) :]


def expand(base: Path = DICTIONARY) -> set[str]:
    """Every word form the dictionary accepts, lowercased (compounding is not used by id_ID).

    The inverse of spylls' ``Lookup.affix_forms`` for this dictionary's features: a prefix and a
    suffix need cross-product on both; a prefix is allowed by the stem's flags or by the
    suffix's continuation flags; a second (outer) suffix by the first one's continuation flags;
    CIRCUMFIX affixes come in pairs; NEEDAFFIX stems never stand alone.
    """
    from spylls.hunspell import Dictionary

    dic = Dictionary.from_files(str(base))
    aff = dic.aff
    circumfix, needaffix = aff.CIRCUMFIX, aff.NEEDAFFIX
    sfx, pfx = aff.SFX, aff.PFX

    def chains(root: str, flags: set[str]) -> list[tuple[str, Any, Any]]:
        """(form, inner suffix, outer suffix or None) for the suffixes these flags allow."""
        found = []
        for flag in flags:
            for inner in sfx.get(flag, ()):
                once = _suffixed(inner, root)
                if once is None:
                    continue
                found.append((once, inner, None))
                for flag2 in inner.flags:
                    for outer in sfx.get(flag2, ()):
                        twice = _suffixed(outer, once)
                        if twice is not None:
                            found.append((twice, inner, outer))
        return found

    forms: set[str] = set()
    for entry in dic.dic.words:
        root, flags = entry.stem, set(entry.flags)
        if needaffix not in flags:
            forms.add(root)
        suffixed = chains(root, flags)
        for form, inner, outer in suffixed:
            affixes = [inner] + ([outer] if outer else [])
            if circumfix not in inner.flags and not all(needaffix in a.flags for a in affixes):
                forms.add(form)
        prefixes = {id(p): p for f in flags for p in pfx.get(f, ())}
        for _, inner, _ in suffixed:
            prefixes.update({id(p): p for f in inner.flags for p in pfx.get(f, ())})
        for prefix in prefixes.values():
            if circumfix not in prefix.flags and needaffix not in prefix.flags:
                alone = _prefixed(prefix, root)
                if alone is not None:
                    forms.add(alone)
            if not prefix.crossproduct:
                continue
            for form, inner, outer in suffixed + chains(root, set(prefix.flags) - flags):
                if not inner.crossproduct or (outer and not outer.crossproduct):
                    continue
                allowed = flags | set(prefix.flags) | set(inner.flags)
                if prefix.flag not in allowed or inner.flag not in allowed:
                    continue
                if (circumfix in prefix.flags) != (circumfix in inner.flags):
                    continue
                affixes = [prefix, inner] + ([outer] if outer else [])
                if all(needaffix in a.flags for a in affixes):
                    continue
                both = _prefixed(prefix, form)
                if both is not None:
                    forms.add(both)
    # "-Nya" (for God: rahmat-Nya) is right only capitalised; spelling.py knows it as a part.
    return {f.lower() for f in forms if f and "-Nya" not in f}


def render(forms: set[str]) -> bytes:
    return "\n".join(sorted(forms)).encode("utf-8") + b"\n"


def main() -> None:
    """Write ``data/hunspell/id_ID.words`` from the shipped .aff/.dic (developer command)."""
    forms = expand()
    WORDS_PATH.write_bytes(render(forms))
    print(f"{WORDS_PATH.name}: {len(forms)} words")


if __name__ == "__main__":
    main()
