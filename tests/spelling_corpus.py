"""The spelling check measured on komsos's own Babinsa texts (tests/data/ejaan-*.txt).

Precision: how many correct words of the corpus are flagged (the target: at most 1 in 200).
Recall: of the typos a finger makes (a letter left out, doubled, swapped, a neighbouring key, a
syllable dropped), put into the corpus's words at random with a fixed seed, how many are flagged.
Run ``python tests/spelling_corpus.py`` for the figures; tests/test_spelling.py asserts them.
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from komsos_cli import spelling  # noqa: E402

CORPUS = Path(__file__).with_name("data") / "ejaan-korpus.txt"
# Written after the check was tuned on CORPUS, and never used to tune it: the honest figure.
HELD_OUT = Path(__file__).with_name("data") / "ejaan-uji.txt"
SEED_TYPOS = (
    "melaksakan", "melaui", "meberikan", "jagkauan", "fhasion", "masive", "menimplementasikan",
)  # fmt: skip


def visits(path: Path = CORPUS) -> list[dict[str, str]]:
    """The corpus's visits: names from the ``nama:`` line, then the free-text fields."""
    found, current = [], {}
    for line in path.read_text("utf-8").splitlines() + [""]:
        if line.startswith("#"):
            continue
        if not line.strip():
            if current:
                found.append(current)
            current = {}
            continue
        key, _, value = line.partition(":")
        if key == "nama":
            for pair in value.split(";"):
                k, _, v = pair.partition("=")
                current[k.strip()] = v.strip()
        else:
            current[key.strip()] = value.strip()
    return found


def words_of(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text)


@dataclass
class Figures:
    words: int = 0
    flagged: list[tuple[str, str]] = field(default_factory=list)
    typos: int = 0
    caught: int = 0
    real_words: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)
    typos_quoted: int = 0
    caught_quoted: int = 0
    meant_offered: int = 0  # caught typos whose intended word is among the suggestions
    meant_first: int = 0  # ... and is the first suggestion

    @property
    def false_rate(self) -> float:
        return len(self.flagged) / self.words

    @property
    def recall(self) -> float:
        return self.caught / self.typos

    @property
    def recall_quoted(self) -> float:
        return self.caught_quoted / self.typos_quoted


_KEYS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbour(ch: str, rng: random.Random) -> str:
    for _r, row in enumerate(_KEYS):
        c = row.find(ch)
        if c >= 0:
            near = [row[i] for i in (c - 1, c + 1) if 0 <= i < len(row)]
            return rng.choice(near)
    return ch


def slip(word: str, rng: random.Random) -> str:
    """One typing slip, as fingers make them."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("omit", "omit", "double", "swap", "near", "syllable"))
    if kind == "omit":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "near":
        return word[:i] + _neighbour(word[i], rng) + word[i + 1 :]
    return word[:i] + word[i + 2 :] if len(word) > 6 else word[:i] + word[i + 1 :]


def measure(path: Path = CORPUS, seed: int = 12) -> Figures:
    rng = random.Random(seed)
    figures = Figures()
    for visit in visits(path):
        lexicon = spelling.Lexicon(visit)
        for fld in spelling.FIELDS:
            text = visit.get(fld)
            if not text:
                continue
            quoted = fld in spelling.QUOTED_FIELDS
            figures.words += len(words_of(text))
            for finding in spelling.check_text(text, lexicon, field=fld, quoted=quoted):
                figures.flagged.append((fld, finding.word))
            # Typos: one in four words of five letters or more, lowercase ones (not names).
            for match in re.finditer(r"\b[a-z]{5,}\b", text):
                if rng.random() > 0.25:
                    continue
                typo = slip(match.group(), rng)
                if lexicon.knows(typo):
                    figures.real_words += 1  # a slip that makes another word: not detectable
                    continue
                changed = text[: match.start()] + typo + text[match.end() :]
                found = [
                    f
                    for f in spelling.check_text(changed, lexicon, field=fld, quoted=quoted)
                    if f.start == match.start()
                ]
                hit = bool(found)
                offered = [s.lower() for s in found[0].suggestions] if found else []
                figures.meant_offered += match.group() in offered
                figures.meant_first += offered[:1] == [match.group()]
                if quoted:
                    figures.typos_quoted += 1
                    figures.caught_quoted += hit
                else:
                    figures.typos += 1
                    figures.caught += hit
                if not hit:
                    figures.missed.append((fld, typo))
    return figures


def report(path: Path) -> None:
    f = measure(path)
    print(f"{path.name}: {f.words} words of free text in {len(visits(path))} visits")
    print(
        f"  false alarms: {len(f.flagged)} of {f.words} correct words"
        f" = 1 in {f.words / max(len(f.flagged), 1):.0f} ({f.false_rate:.2%})"
    )
    for fld, word in f.flagged:
        print(f"    flagged: {fld}: {word}")
    print(f"  recall, outside quotes: {f.caught}/{f.typos} typos = {f.recall:.1%}")
    print(f"  recall, in quoted speech: {f.caught_quoted}/{f.typos_quoted} = {f.recall_quoted:.1%}")
    caught = f.caught + f.caught_quoted
    print(
        f"  the intended word offered: {f.meant_offered}/{caught} caught typos"
        f" ({f.meant_offered / max(caught, 1):.0%}), first: {f.meant_first}"
        f" ({f.meant_first / max(caught, 1):.0%})"
    )
    print(f"  slips that made another real word (not counted): {f.real_words}")
    if f.missed:
        print("  missed:", ", ".join(t for _, t in f.missed[:40]))


def main() -> None:
    report(CORPUS)
    report(HELD_OUT)
    lexicon = spelling.Lexicon({})
    for typo in SEED_TYPOS:
        print(f"seed: {typo} -> {', '.join(spelling.suggest(typo, lexicon)) or '-'}")


if __name__ == "__main__":
    main()
