"""The visit log: add, list, show, edit, delete."""

from __future__ import annotations

import contextlib
import shlex
import sys
from typing import Any

import typer

from komsos_cli.cli import spellcheck
from komsos_cli.cli.app import command, confirmed, console, interactive, print_json, store_from
from komsos_cli.cli.options import (
    VISIT_OPTIONS,
    with_edit_options,
    with_filter_options,
    with_visit_options,
)
from komsos_cli.cli.place_names import STRICT_HELP, apply_wilayah_check, hold_notes
from komsos_cli.errors import InputError, KomsosError

NO_INPUT_HELP = "Jangan pernah bertanya; data wajib yang kurang menjadi galat (kode 2)."
JSON_HELP = "Cetak data sebagai JSON (untuk skrip)."
STRICT_FOTO_HELP = (
    "Tolak (kode 2, tidak ada yang disimpan) bila tanggal foto tidak sama dengan tanggal kunjungan."
)


def _as_command_line(fields: dict[str, Any], command: tuple[str, ...] = ("add",)) -> str:
    """The `komsos add` (or `edit ID`) line that would store these answers again, on any later
    day."""
    from komsos_cli.errors import FieldError
    from komsos_cli.models import norm_tanggal

    fields = dict(fields)
    # "hari ini" typed today must not mean another day when the line is run tomorrow.
    if command == ("add",) or "tanggal" in fields:
        with contextlib.suppress(FieldError):
            fields["tanggal"] = norm_tanggal(fields.get("tanggal") or "hari ini")
    parts = ["komsos", *command, "--no-input"]
    for option in VISIT_OPTIONS:
        value = fields.get(option.name)
        for item in value if isinstance(value, list) else [value] if value is not None else []:
            parts += [option.flag, str(item)]
    return shlex.join(parts)


def _long_date(visit: dict[str, Any]) -> str:
    """The visit's date as the user reads it back: ``Senin, 7 Desember 2026``."""
    from datetime import date

    from komsos_cli.dates import tanggal_lengkap

    try:
        return tanggal_lengkap(date.fromisoformat(visit["tanggal"]))
    except (KeyError, TypeError, ValueError):
        return str(visit.get("tanggal"))


@command("add", "tambah")
@with_visit_options
def add(
    ctx: typer.Context,
    fields: dict[str, Any],
    no_input: bool = typer.Option(False, "--no-input", help=NO_INPUT_HELP),
    as_json: bool = typer.Option(False, "--json", help="Cetak data yang tersimpan sebagai JSON."),
    strict_wilayah: bool = typer.Option(False, "--strict-wilayah", help=STRICT_HELP),
    strict_foto: bool = typer.Option(False, "--strict-foto", help=STRICT_FOTO_HELP),
) -> None:
    """Catat satu kunjungan (pertanyaan interaktif, atau satu baris opsi)."""
    from komsos_cli.cli import photos as photo_cli
    from komsos_cli.models import new_visit, profile_defaults

    store = store_from(ctx)
    with store.read() as db:
        profile = db.profile()
    asked = interactive(no_input)
    # The place check's warnings are shown once the visit is valid, or with the error.
    with hold_notes():
        try:
            if asked:
                from komsos_cli.cli.prompts import ask_visit

                ask_visit(fields, profile_defaults(profile), console(stderr=True))
            # Place names against the official list of wilayah (cli/place_names.py).
            fields = apply_wilayah_check(
                fields, defaults=profile_defaults(profile), strict=strict_wilayah, interactive=asked
            )
            if asked:  # unknown words of the free text: take a suggestion, keep, or retype
                spellcheck.review(fields, profile_defaults(profile), console(stderr=True))
            # Everything but the photos first: no photo is copied for a visit that is refused.
            paths = fields.setdefault("foto", [])
            record = new_visit({k: v for k, v in fields.items() if k != "foto"}, profile)
            if not asked:
                spellcheck.warn(record)
            if asked:
                out = console(stderr=True)
                entries = photo_cli.ask_photos(
                    store.path, paths, record["tanggal"], strict=strict_foto, out=out
                )
                left_out: list[str] = []
                record = photo_cli.with_photos(record, entries)
                before = dict(fields)
                photo_cli.ask_koordinat(fields, record.get("koordinat"), out)
                if fields != before:
                    from komsos_cli.models import norm_koordinat

                    record["koordinat"] = norm_koordinat(fields["koordinat"])
                    record = photo_cli.with_photos(record, entries)
            else:
                entries, left_out = photo_cli.take_photos(
                    store.path, paths, record["tanggal"], strict=strict_foto
                )
                record = photo_cli.with_photos(record, entries)
        except (KeyboardInterrupt, EOFError):
            if asked and fields:
                print(
                    "\nJawaban yang sudah diisi tidak disimpan. Untuk menyimpannya nanti:",
                    file=sys.stderr,
                )
                print(_as_command_line(fields), file=sys.stderr)
            raise
    try:
        with store.write() as db:
            stored = db.add(record)
    except KomsosError as exc:
        from komsos_cli.storage import DatabaseBusy

        if asked:
            exc.details.append("Jawaban Anda tidak hilang; simpan ulang dengan perintah ini:")
            exc.details.append(_as_command_line(fields))
        elif isinstance(exc, DatabaseBusy):
            exc.details.append("Kunjungan ini belum tersimpan; jalankan lagi perintah ini:")
            exc.details.append(_as_command_line(fields))
        raise
    photo_cli.report_left_out(left_out, stored["id"])
    if as_json:
        print_json(stored)
    else:
        target = stored.get("warga") or stored.get("kelompok")
        print(f"Kunjungan {stored['id']} tersimpan: {target}, {_long_date(stored)}.")
        print(f"Rilis: komsos release {stored['id']}")


@command("list", "daftar")
@with_filter_options()
def list_visits(
    ctx: typer.Context,
    filters: dict[str, Any],
    limit: int | None = typer.Option(
        None, "--limit", help="Tampilkan paling banyak N kunjungan terbaru."
    ),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Daftar kunjungan, dengan saringan tanggal, desa, kegiatan, tema dan teks."""
    from komsos_cli.query import VisitFilter

    chosen = VisitFilter.from_options(**filters, limit=limit)
    with store_from(ctx).read() as db:
        everything = db.take_visits()
    visits = chosen.apply(everything)
    if as_json:
        print_json(visits)
        return
    if not everything:
        print("Belum ada kunjungan. Catat yang pertama dengan: komsos add")
        return
    if not visits:
        print(f"Tidak ada kunjungan yang cocok (dari {len(everything)} kunjungan tersimpan).")
        return
    from komsos_cli.cli.render import visits_table

    out = console()
    out.print(visits_table(visits, width=out.width))
    out.print(f"{len(visits)} kunjungan.")


@command("show", "lihat")
def show(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="ID", help="Nomor kunjungan atau (awal) UUID-nya."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Tampilkan seluruh data satu kunjungan."""
    with store_from(ctx).read() as db:
        visit = db.get(ref)
    if as_json:
        print_json(visit)
        return
    from komsos_cli.cli.render import visit_table

    console().print(visit_table(visit))


def _stored(ctx: typer.Context, ref: str) -> dict[str, Any]:
    with store_from(ctx).read() as db:
        return db.get(ref)


@command("edit", "ubah")
@with_edit_options
def edit(
    ctx: typer.Context,
    fields: dict[str, Any],
    ref: str = typer.Argument(..., metavar="ID", help="Nomor kunjungan atau (awal) UUID-nya."),
    no_input: bool = typer.Option(
        False, "--no-input", help="Jangan bertanya; tanpa opsi kolom menjadi galat (kode 2)."
    ),
    hapus_foto: list[int] | None = typer.Option(
        None,
        "--hapus-foto",
        min=1,
        metavar="N",
        help="Lepaskan foto nomor N (lihat 'komsos foto ID'; boleh diulang).",
    ),  # fmt: skip
    as_json: bool = typer.Option(False, "--json", help="Cetak data hasil ubahan sebagai JSON."),
    strict_wilayah: bool = typer.Option(False, "--strict-wilayah", help=STRICT_HELP),
    strict_foto: bool = typer.Option(False, "--strict-foto", help=STRICT_FOTO_HELP),
) -> None:
    """Ubah kunjungan: hanya kolom yang disebut yang berubah ('' untuk mengosongkan). Tanpa
    opsi, di terminal, semua kolom ditanyakan lagi dengan nilai sekarang sebagai bawaan.

    --foto FILE menambah foto; --hapus-foto N melepaskan satu foto; --foto '' melepaskan semua.
    """
    from komsos_cli.cli import photos as photo_cli
    from komsos_cli.models import edit_visit
    from komsos_cli.photos import prune

    if not fields and not hapus_foto:
        if not interactive(no_input):
            raise InputError(
                "Tidak ada yang diubah. Sebutkan kolomnya, mis. --topik '...' (lihat --help)."
            )
        if not _ask_again(ctx, ref, fields):
            print("Tidak ada yang berubah.")
            return
        asked = dict(fields)
    else:
        asked = None
    store = store_from(ctx)
    given_photos = fields.pop("foto", None)
    paths = [p for p in given_photos or [] if p.strip()]
    clear_photos = given_photos is not None and not paths
    # Place names against the official list of wilayah (cli/place_names.py); may ask, so it
    # runs before the database is locked for writing. Its warnings are shown once the change
    # is valid, or with the error.
    at_terminal = interactive(no_input)
    try:
        with hold_notes():
            fields = apply_wilayah_check(
                fields,
                defaults=lambda: _stored(ctx, ref),
                strict=strict_wilayah,
                interactive=interactive(False),
                replace_defaults=False,
            )
            left_out: list[str] = []
            new_entries: list[dict[str, Any]] = []
            if paths:
                # Copied before the database is locked (a photo takes a while); checked
                # against the visit's date as it will be after this change.
                tanggal = edit_visit(_stored(ctx, ref), fields)["tanggal"]
                new_entries, left_out = photo_cli.take_photos(
                    store.path, paths, tanggal, strict=strict_foto
                )
            # Unknown words of the changed free text: ask (take, keep, retype), or warn.
            if at_terminal and spellcheck.checked_fields(fields):
                spellcheck.review(fields, _stored(ctx, ref), console(stderr=True))
            with store.write(backup="ubah") as db:
                current = db.get(ref)
                kept = [] if clear_photos else list(current.get("foto") or [])
                kept = photo_cli.remove_numbers(kept, hapus_foto or [])
                updated = edit_visit(current, fields)
                if clear_photos or hapus_foto or new_entries or "koordinat" in fields:
                    updated = photo_cli.with_photos(updated, kept + new_entries)
                if "tanggal" in fields:
                    # The photos already kept, against the visit's new date.
                    photo_cli.check_dates(kept, updated["tanggal"], strict=strict_foto)
                stored = db.replace(current["id"], updated)
            if not at_terminal:
                spellcheck.warn(stored, spellcheck.checked_fields(fields))
    except KomsosError as exc:
        if asked:
            exc.details.append("Jawaban Anda tidak hilang; simpan ulang dengan perintah ini:")
            exc.details.append(_as_command_line(asked, ("edit", ref)))
        raise
    if clear_photos or hapus_foto:
        prune(store.path)
    photo_cli.report_left_out(left_out, stored["id"])
    if as_json:
        print_json(stored)
    elif "tanggal" in fields:
        print(f"Kunjungan {stored['id']} diubah; tanggalnya {_long_date(stored)}.")
    else:
        print(f"Kunjungan {stored['id']} diubah.")


def _ask_again(ctx: typer.Context, ref: str, fields: dict[str, Any]) -> bool:
    """`edit ID` at a terminal: every field asked again, its stored value the default. Fills
    ``fields`` with what changed; whether anything did."""
    from komsos_cli.cli.prompts import ask_visit

    current = _stored(ctx, ref)
    try:
        ask_visit(fields, current, console(stderr=True), editing=str(current["id"]))
    except (KeyboardInterrupt, EOFError):
        if fields:
            print(
                "\nUbahan yang sudah diisi tidak disimpan. Untuk menyimpannya nanti:",
                file=sys.stderr,
            )
            print(_as_command_line(fields, ("edit", str(current["id"]))), file=sys.stderr)
        raise
    return bool(fields)


@command("delete", "hapus")
def delete(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="ID", help="Nomor kunjungan atau (awal) UUID-nya."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Hapus tanpa bertanya."),
) -> None:
    """Hapus satu kunjungan (ada cadangan otomatis sebelum menghapus)."""
    store = store_from(ctx)
    with store.read() as db:
        visit = db.get(ref)
    summary = (
        f"{visit['id']} ({visit.get('tanggal')}, {visit.get('warga') or visit.get('kelompok')})"
    )
    if not confirmed(f"Hapus kunjungan {summary}?", yes):
        return
    with store.write(backup="hapus") as db:
        db.delete(db.get(visit["uuid"])["id"])
    if visit.get("foto"):
        from komsos_cli.photos import prune

        prune(store.path)
    print(f"Kunjungan {summary} dihapus. Cadangan: {store.latest_backup()}")
