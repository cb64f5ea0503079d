"""Spelling of a visit's free text: unknown words and what they may have meant.

komsos copies the topik, quotes and hope into the release verbatim, so a typo typed is a typo
published. :func:`check_record` lists the words of the free-text fields (``FIELDS``) that are not
Indonesian as far as komsos knows, each with up to three suggestions.

What counts as known:

* every form of the hunspell id_ID dictionary (``wordlist.py``), whatever its case;
* the names in the record (warga, babinsa, pendamping, kelompok, dukuh, desa, ...), ranks, and the
  domain list ``data/ejaan/istilah.txt`` (units, programmes, loanwords in daily use, common regional
  words), also with a clitic (``Babinsanya``, ``posyandulah``);
* place names of the official list: provinces, kabupaten/kota, and the kecamatan and desa of the
  record's kabupaten (looked up only for words still unknown, so a clean text costs nothing).

What is never flagged: a capitalised word inside a sentence (a name: of a person, a place, a group
or a product), an acronym in capitals (TNI, UMKM), a word of one or two letters, a word touching a
digit, addresses (web, e-mail, @handle, #hashtag). A hyphenated word is known when every part is.

Quoted speech (``kutipan``, ``kutipan_warga``, and any text between quotation marks) is what people
said, often in their own language: there a word is flagged only when it is one edit away from a
dictionary word (a slip of the finger, ``jagkauan``). A word farther from every Indonesian word is
taken as said on purpose (``nggak``, a Javanese or Sundanese word) and left alone.

Chat abbreviations (``yg``, ``dgn``, ``utk`` ...) are flagged everywhere, with the full word.

Nothing here knows about typer or rich.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

FIELDS = ("topik", "kutipan", "kutipan_warga", "harapan", "keterangan", "pekerjaan")
QUOTED_FIELDS = frozenset({"kutipan", "kutipan_warga"})
NAME_FIELDS = (
    "warga", "babinsa", "pendamping", "kelompok", "sapaan", "pangkat", "dukuh", "desa",
    "kecamatan", "kabupaten", "provinsi", "koramil", "kodim",
)  # fmt: skip
DOMAIN_PATH = Path(__file__).with_name("data") / "ejaan" / "istilah.txt"
MAX_SUGGESTIONS = 3

# Chat shorthand that must not reach a release, with the word it stands for.
ABBREVIATIONS = {
    "yg": "yang", "dgn": "dengan", "dg": "dengan", "utk": "untuk", "tdk": "tidak",
    "sdh": "sudah", "udh": "sudah", "blm": "belum", "krn": "karena", "jg": "juga",
    "dlm": "dalam", "pd": "pada", "sbg": "sebagai", "spy": "supaya", "kpd": "kepada",
    "thd": "terhadap", "bhw": "bahwa", "hrs": "harus", "msh": "masih", "tsb": "tersebut",
    "sy": "saya", "kmi": "kami", "bs": "bisa", "bisa2": "bisa-bisa", "sj": "saja",
    "lg": "lagi", "tp": "tapi", "trs": "terus", "org": "orang", "bgt": "banget", "sm": "sama",
    "dr": "dari", "bpk": "bapak", "kel": "keluarga", "mrk": "mereka", "skrg": "sekarang",
}  # fmt: skip
_CLITICS = ("nya", "lah", "kah", "pun", "ku", "mu")
# Bound forms written joined to the next word (KBBI): antarwarga, pascapanen, nonformal.
_BOUND = ("antar", "pasca", "pra", "non", "multi", "swa", "tuna", "purna", "lintas", "semi")

# Letters and marks inside a word: apostrophes (Ma'ruf) and hyphens (ide-ide) join parts.
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_ADDRESS = re.compile(r"\S+://\S+|www\.\S+|\S+@\S+\.\S+|[@#][\w.]+")
_QUOTE_SPANS = re.compile(r"\"[^\"]*\"?|“[^”]*”?|«[^»]*»?")
_SENTENCE_END = frozenset(".!?:;\n")
_OPENERS = frozenset("\"'“‘«([ ")
_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Finding:
    """One unknown word of one field: where it is and what it may have meant."""

    field: str
    word: str
    start: int
    end: int
    suggestions: tuple[str, ...]

    def replaced(self, text: str, by: str) -> str:
        """``text`` with this word replaced by ``by`` (the field's text the finding came from)."""
        return text[: self.start] + by + text[self.end :]


# --- what is known --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def domain_words() -> frozenset[str]:
    """The domain list, and the words of the ranks (TNI, Polri) and companions' roles."""
    from komsos_cli.companions import POLRI, ROLES, TNI

    words = set()
    for line in DOMAIN_PATH.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            words.add(line)
    for name in (*TNI, *TNI.values(), *POLRI, *POLRI.values(), *ROLES):
        words.update(_tokens(name))
    return frozenset(words)


def _dictionary():  # type: ignore[no-untyped-def]
    from komsos_cli.wordlist import words

    return words()


def _tokens(text: str) -> Iterator[str]:
    for match in _WORD.finditer(text):
        yield from re.split(r"['’-]", match.group().lower())


def names_of(record: Mapping[str, Any]) -> frozenset[str]:
    """The lowercased words of the names and places in a record (people, units, address)."""
    found: set[str] = set()
    for field in NAME_FIELDS:
        value = record.get(field)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                found.update(_tokens(item))
    for item in record.get("desa_binaan") or ():
        if isinstance(item, Mapping):
            for value in item.values():
                if isinstance(value, str):
                    found.update(_tokens(value))
    return frozenset(found)


class _Places:
    """Words of the official place names near a record, loaded on the first unknown word."""

    def __init__(self, record: Mapping[str, Any]) -> None:
        self._record = record
        self._words: frozenset[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self._words is None:
            self._words = self._load()
        return word in self._words

    def _load(self) -> frozenset[str]:
        from komsos_cli.errors import KomsosError

        names: list[str] = []
        try:
            from komsos_cli import wilayah

            names += wilayah.provinsi_list() + wilayah.nama_kabupaten()
            kabupaten = self._record.get("kabupaten")
            if isinstance(kabupaten, str) and kabupaten:
                jenis = self._record.get("jenis_kabupaten")
                names += wilayah.nama_kecamatan(kabupaten, jenis)
                names += wilayah.nama_desa(kabupaten, None, jenis)
        except (KomsosError, OSError, ValueError):
            pass  # no place list: the other sources still apply
        return frozenset(t for name in names for t in _tokens(name))


class Lexicon:
    """Everything that counts as a known word for one record."""

    def __init__(self, record: Mapping[str, Any] | None = None) -> None:
        record = record or {}
        self.dictionary = _dictionary()
        self.extra = domain_words() | names_of(record)
        self.places = _Places(record)

    def knows(self, lower: str, *, strict: bool = False) -> bool:
        """Whether a lowercased word is known; ``strict``: as listed, only with a clitic added
        (suggestions are strict, so that they never offer a guessed form)."""
        if self._plain(lower):
            return True
        for clitic in _CLITICS:  # -nya, -lah ... attach to any word
            base = lower[: -len(clitic)]
            if not lower.endswith(clitic) or len(base) < 3:
                continue
            if self._plain(base) or (not strict and self._derived(base)):
                return True
        return not strict and self._derived(lower)

    def _plain(self, lower: str) -> bool:
        return lower in self.extra or lower in self.dictionary

    def _derived(self, lower: str) -> bool:
        """A known word with one of the affixes the dictionary's entries often lack.

        di-/ber-/ter-/per-/se- (with -kan, -i or -an), ke-...-an, -kan/-i/-an alone, and the bound
        forms antar-, pasca-,
        non- ... (antarwarga); the root must itself be a known word of four letters or more.
        The prefix meN- is not guessed: with its sound changes it would accept typos
        (melaksakan = me + laksa + kan).
        """
        if len(lower) >= 4 and self._plain(lower):
            return True
        for prefix in _BOUND:
            if lower.startswith(prefix) and self._plain(lower[len(prefix) :]):
                return len(lower) - len(prefix) >= 3
        for prefix in ("di", "ber", "be", "ter", "per", "pe", "ke", "se", ""):
            if not lower.startswith(prefix):
                continue
            rest = lower[len(prefix) :]
            if prefix in ("be", "pe") and not rest.startswith("r"):
                continue
            for suffix in ("kan", "i", "an", ""):
                if prefix == "ke" and suffix != "an":
                    continue  # ke- ... -an (kewilayahan, kekompakan)
                if (prefix or suffix) and rest.endswith(suffix):
                    root = rest[: len(rest) - len(suffix)]
                    if len(root) >= 4 and self._plain(root):
                        return True
        return False

    def knows_place(self, lower: str) -> bool:
        return lower in self.places


# --- suggestions ----------------------------------------------------------------------------


def _near_keys() -> dict[str, str]:
    near: dict[str, str] = {}
    for r, row in enumerate(_KEYBOARD):
        for c, ch in enumerate(row):
            around = []
            for rr in (r - 1, r, r + 1):
                if 0 <= rr < len(_KEYBOARD):
                    other = _KEYBOARD[rr]
                    around += [other[cc] for cc in (c - 1, c, c + 1) if 0 <= cc < len(other)]
            near[ch] = "".join(x for x in around if x != ch)
    return near


_NEAR = _near_keys()


@lru_cache(maxsize=1)
def _rep_pairs() -> tuple[tuple[str, str], ...]:
    """The dictionary's REP table (letters Indonesians confuse: p/f, o/u, kh/k ...), both ways."""
    from komsos_cli.wordlist import DICTIONARY

    pairs = []
    for line in DICTIONARY.with_suffix(".aff").read_text("latin-1").splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "REP" and not parts[1].isdigit():
            pairs += [(parts[1], parts[2]), (parts[2], parts[1])]
    return tuple(dict.fromkeys(pairs + list(_LOANWORD_SPELLING)))


# Foreign spellings and their Indonesian form (masive -> masif, fashion -> fasyion -> ...).
_LOANWORD_SPELLING = (
    ("ive", "if"), ("ic", "ik"), ("tion", "si"), ("sion", "si"), ("ity", "itas"), ("ph", "f"),
    ("th", "t"), ("sh", "sy"), ("x", "ks"), ("q", "k"), ("c", "k"), ("v", "f"), ("ee", "i"),
    ("oo", "u"), ("ou", "u"), ("y", "i"), ("dj", "j"), ("tj", "c"), ("oe", "u"), ("nj", "ny"),
)  # fmt: skip
_VOWELS = "aeiou"
# An edit among the first letters is rarer than one further on.
_EARLY = 3
_EARLY_COST = 0.4


def _one_edit(word: str) -> Iterator[tuple[float, str, int]]:
    """Strings one edit from ``word``: (how unlikely a slip of the finger, string, position)."""
    for i in range(len(word) + 1):
        left, right = word[:i], word[i:]
        for ch in _ALPHABET:  # the typist left a letter out
            echoed = ch in word[max(0, i - 2) : i + 2]  # mela[l]ui: the letter is near
            yield (0.7 if echoed else 0.8), left + ch + right, i
        if right:
            doubled = (len(right) > 1 and right[0] == right[1]) or (left[-1:] == right[0])
            yield (0.8 if doubled else 0.95), left + right[1:], i  # a letter too many
            if len(right) > 1 and right[0] != right[1]:  # two letters swapped
                yield 0.8, left + right[1] + right[0] + right[2:], i
            for ch in _ALPHABET:  # a wrong letter
                if ch != right[0]:
                    cost = 0.9 if ch in _NEAR.get(right[0], "") else 1.0
                    yield cost, left + ch + right[1:], i


def _other_slips(word: str) -> Iterator[tuple[float, str, int]]:
    """A syllable left out (melaksa[na]kan), confused letters, foreign spelling, a missing space."""
    for i in range(len(word) + 1):
        left, right = word[:i], word[i:]
        for a in _ALPHABET:
            for b in _ALPHABET if a in _VOWELS else _VOWELS:
                yield 1.2, left + a + b + right, i
    for old, new in _rep_pairs():
        start = word.find(old)
        while start >= 0:
            yield 0.75, word[:start] + new + word[start + len(old) :], start
            start = word.find(old, start + 1)
    for i in range(2, len(word) - 1):
        yield 0.85, word[:i] + " " + word[i:], i


def _weigh(cost: float, position: int) -> float:
    return cost + (_EARLY_COST if position < _EARLY else 0.0)


def _known_phrase(candidate: str, lexicon: Lexicon) -> bool:
    return all(len(p) > 1 and lexicon.knows(p, strict=True) for p in candidate.split(" "))


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance, or ``limit + 1`` when it is larger than ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        prev2, prev = prev, row
    return prev[-1]


def _two_edits(word: str, lexicon: Lexicon, budget: int = 6000) -> Iterator[tuple[float, str]]:
    """Dictionary words two edits away that begin as the word does (a bounded scan)."""
    prefix = word[:3] if len(word) > 7 else word[:2] if len(word) > 4 else word[:1]
    for seen, candidate in enumerate(lexicon.dictionary.starting_with(prefix)):
        if seen >= budget:
            return
        if abs(len(candidate) - len(word)) <= 2 and _distance(word, candidate, 2) <= 2:
            yield 1.8 + abs(len(candidate) - len(word)) / 10, candidate


def suggest(word: str, lexicon: Lexicon, limit: int = MAX_SUGGESTIONS) -> tuple[str, ...]:
    """Up to ``limit`` known words the typist probably meant, the likeliest first."""
    lower = word.lower()
    if lower in ABBREVIATIONS:
        return (_same_case(ABBREVIATIONS[lower], word),)
    best: dict[str, float] = {}

    def consider(slips: Iterable[tuple[float, str, int]]) -> None:
        for cost, candidate, position in slips:
            cost = _weigh(cost, position)
            if candidate in best:
                best[candidate] = min(best[candidate], cost)
            elif candidate != lower and _known_phrase(candidate, lexicon):
                best[candidate] = cost

    consider(_one_edit(lower))
    if min(best.values(), default=9.0) > 1.0:
        consider(_other_slips(lower))
    if not best and lower.isascii() and len(lower) > 3:
        best = dict((c, cost) for cost, c in _two_edits(lower, lexicon))
    ranked = sorted(best, key=lambda c: (best[c], abs(len(c) - len(lower)), c))
    return tuple(_same_case(c, word) for c in ranked[:limit])


def _same_case(suggestion: str, typed: str) -> str:
    if typed[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


def has_near_word(lower: str, lexicon: Lexicon) -> bool:
    """Whether a known word is one slip of the finger away (the test for quoted speech)."""
    return any(lexicon.knows(c) for _, c, _ in _one_edit(lower))


# --- checking -------------------------------------------------------------------------------


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group()), text)


def _starts_sentence(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTE_SPANS.finditer(text)]


def _part_unknown(part: str, lexicon: Lexicon) -> bool:
    """Whether one part of a word (no hyphen) is unknown; a name-like part never is."""
    if part == "Nya":  # rahmat-Nya
        return False
    letters = part.replace("'", "").replace("’", "")
    lower = letters.lower()
    if lower in lexicon.extra or part.lower() in lexicon.extra:  # a name of the record wins
        return False
    if lower in ABBREVIATIONS:
        return True
    if len(letters) <= 2 or letters.isupper() or any(ch.isupper() for ch in letters[1:]):
        return False
    return not lexicon.knows(lower) and not lexicon.knows(part.lower())


def check_text(
    text: str, lexicon: Lexicon, *, field: str = "", quoted: bool = False
) -> list[Finding]:
    """The unknown words of one text, in order."""
    if not text:
        return []
    clean = _blank(text, _ADDRESS)
    quotes = [] if quoted else _quoted_spans(clean)
    findings = []
    for match in _WORD.finditer(clean):
        word, start, end = match.group(), match.start(), match.end()
        before = clean[start - 1] if start else " "
        after = clean[end] if end < len(clean) else " "
        if before.isdigit() or after.isdigit() or (before == "-" and start > 1):
            continue
        parts = re.split(r"-", word)
        if len(parts) > 1 and word.lower() in lexicon.dictionary:
            continue
        unknown = [p for p in parts if _part_unknown(p, lexicon)]
        if not unknown:
            continue
        name_like = word[:1].isupper() and word.lower() not in ABBREVIATIONS
        if name_like and not _starts_sentence(clean, start):
            continue  # a name inside a sentence
        lowered = [p.lower() for p in unknown]
        if all(lexicon.knows_place(p) for p in lowered):
            continue
        in_quote = quoted or any(a <= start < b for a, b in quotes)
        if in_quote and not all(
            p in ABBREVIATIONS or (len(p) > 3 and has_near_word(p, lexicon)) for p in lowered
        ):
            continue
        findings.append(Finding(field, word, start, end, _suggest_word(word, unknown, lexicon)))
    return findings


def _suggest_word(word: str, unknown: list[str], lexicon: Lexicon) -> tuple[str, ...]:
    """Suggestions for a word; for a hyphenated word, the word with its unknown part replaced."""
    if len(unknown) != 1 or "-" not in word:
        return suggest(word, lexicon) if len(unknown) == 1 else ()
    part = unknown[0]
    i = word.find(part)
    return tuple(word[:i] + s + word[i + len(part) :] for s in suggest(part, lexicon))


def check_record(
    record: Mapping[str, Any], fields: Iterable[str] = FIELDS, lexicon: Lexicon | None = None
) -> list[Finding]:
    """Unknown words of the record's free-text fields, field by field."""
    lexicon = lexicon or Lexicon(record)
    found: list[Finding] = []
    for field in fields:
        value = record.get(field)
        if isinstance(value, str) and value:
            found += check_text(value, lexicon, field=field, quoted=field in QUOTED_FIELDS)
    return found


def describe(finding: Finding) -> str:
    """``'melaksakan' → melaksanakan?`` (Indonesian, for warnings and lists)."""
    if finding.suggestions:
        return f"'{finding.word}' → {' / '.join(finding.suggestions)}?"
    return f"'{finding.word}' (tidak ada saran)"
