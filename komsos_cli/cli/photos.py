"""Photos on the command line: taking them into a visit (`add`, `edit`) and `komsos foto ID`.

The store and the checks are the core's (komsos_cli/photos.py, photo_file.py, evidence.py);
this module decides what a refused photo means at a prompt (ask again) and without one (store
the visit, name the photo left out), and prints.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import typer

from komsos_cli.cli.app import command, print_json, store_from
from komsos_cli.errors import InputError


def warn(message: str) -> None:
    print(f"Peringatan: {message}", file=sys.stderr)


def take_photos(
    db_path: Path, paths: list[str], tanggal: str, *, strict: bool
) -> tuple[list[dict[str, Any]], list[str]]:
    """Store the photos named on the command line: (entries, the messages of those left out).

    A file that is not a whole photo is left out (the visit is stored without it); a photo of
    another day is a warning, or with ``strict`` the end of the command (nothing is stored).
    """
    from komsos_cli.evidence import date_mismatch
    from komsos_cli.photo_file import PhotoError
    from komsos_cli.photos import store_photo

    entries, left_out = [], []
    for path in paths:
        try:
            entry = store_photo(db_path, path)
        except PhotoError as exc:
            left_out.append(exc.message)
            continue
        mismatch = date_mismatch(entry, tanggal)
        if mismatch and strict:
            raise InputError(f"{mismatch} Ditolak karena --strict-foto; tidak ada yang disimpan.")
        if mismatch:
            warn(mismatch)
        entries.append(entry)
    return entries, left_out


def ask_photos(
    db_path: Path, paths: list[str], tanggal: str, *, strict: bool, out: Any
) -> list[dict[str, Any]]:
    """The photo questions of `komsos add`: flag photos first, then as many as are typed.

    ``paths`` is the caller's list (kept as typed, so that an interrupted session can print
    its command line); a refused photo is asked again.
    """
    from rich.markup import escape
    from rich.prompt import Prompt

    from komsos_cli.evidence import date_mismatch
    from komsos_cli.photo_file import PhotoError
    from komsos_cli.photos import store_photo

    entries: list[dict[str, Any]] = []
    pending = list(paths)
    paths.clear()
    while True:
        if pending:
            path = pending.pop(0)
        else:
            number = len(entries) + 1
            path = Prompt.ask(
                f"Foto dokumentasi ke-{number} (path file; kosongkan bila {'tidak ada' if number == 1 else 'sudah'})",
                console=out,
                default="",
                show_default=False,
            ).strip()
            if not path:
                return entries
        try:
            entry = store_photo(db_path, Path(path).expanduser())
        except PhotoError as exc:
            out.print(f"[red]{escape(exc.message)}[/red] Ketik path foto lain, atau Enter.")
            continue
        mismatch = date_mismatch(entry, tanggal)
        if mismatch:
            out.print(f"[yellow]{escape(mismatch)}[/yellow]")
            if strict:
                out.print("Foto ditolak (--strict-foto). Ketik path foto lain, atau Enter.")
                continue
            if not _yes("Tetap pakai foto ini?", out):
                out.print("Foto tidak dipakai. Ketik path foto lain, atau Enter.")
                continue
        paths.append(path)
        entries.append(entry)


def _yes(question: str, out: Any) -> bool:
    from rich.markup import escape
    from rich.prompt import Prompt

    from komsos_cli.cli.app import _NO, _YES

    while True:
        reply = Prompt.ask(
            escape(f"{question} [y/t]"), console=out, default="t", show_default=False
        )
        answer = (reply or "").strip().lower()
        if answer in _YES or answer in _NO:
            return answer in _YES
        out.print("Jawab y (ya) atau t (tidak).")


def ask_koordinat(given: dict[str, Any], from_photo: Mapping[str, Any] | None, out: Any) -> None:
    """Ask for the place of the visit when neither a flag nor a photo's GPS says it."""
    from rich.markup import escape
    from rich.prompt import Prompt

    from komsos_cli.errors import FieldError
    from komsos_cli.koordinat import teks
    from komsos_cli.models import norm_koordinat

    if "koordinat" in given:
        return
    if from_photo:
        out.print(f"Koordinat dari GPS foto: {teks(from_photo)}")
        return
    while True:
        reply = Prompt.ask(
            "Koordinat lokasi (mis. -7.5921, 110.7012 dari Google Maps; kosongkan bila tidak ada)",
            console=out,
            default="",
            show_default=False,
        ).strip()
        if not reply:
            return
        try:
            norm_koordinat(reply)
        except FieldError as exc:
            out.print(f"[red]{escape(exc.message)}[/red]")
            continue
        given["koordinat"] = reply
        return


def with_photos(
    record: dict[str, Any], entries: list[Any], *, refresh_place: bool = True
) -> dict[str, Any]:
    """The record with its photos and its koordinat (typed, or from a photo); warns of odd GPS."""
    from komsos_cli.evidence import place_from_photos
    from komsos_cli.models import order_record
    from komsos_cli.photos import entries as photo_entries

    record = dict(record)
    record["foto"] = entries
    typed = record.get("koordinat")
    if typed and typed.get("sumber") == "foto" and refresh_place:
        typed = None  # taken from a photo: follows the photos as they are now
    place, notes = place_from_photos(typed, photo_entries(record))
    for note in notes:
        warn(note)
    record["koordinat"] = place
    return order_record(record)


def report_left_out(left_out: list[str], visit_id: int | None) -> None:
    for message in left_out:
        print(message, file=sys.stderr)
    if left_out and visit_id is not None:
        print(
            f"Kunjungan {visit_id} tetap disimpan tanpa foto itu. Tambahkan nanti: "
            f"komsos edit {visit_id} --foto FILE",
            file=sys.stderr,
        )


def remove_numbers(entries: list[Any], numbers: list[int]) -> list[Any]:
    """``entries`` without the photos numbered ``numbers`` (1 = first, as `komsos foto` lists)."""
    bad = [n for n in numbers if not 1 <= n <= len(entries)]
    if bad:
        have = f"foto nomor 1 sampai {len(entries)}" if entries else "tidak punya foto"
        raise InputError(
            f"--hapus-foto {bad[0]}: kunjungan ini {have}. Lihat daftarnya: komsos foto ID"
        )
    drop = set(numbers)
    return [e for i, e in enumerate(entries, 1) if i not in drop]


# --- describing photos -----------------------------------------------------------------------


def ukuran_teks(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


def describe(entry: Mapping[str, Any], zona: str | None = None) -> str:
    """One line for a photo: name, EXIF time, GPS, size (`show`, `komsos foto`)."""
    from datetime import datetime

    from komsos_cli.evidence import hari_tanggal
    from komsos_cli.koordinat import teks

    parts = [str(entry.get("nama", ""))]
    if "hash" not in entry:
        return f"{entry.get('path', parts[0])} (path lama; file tidak ikut database)"
    if entry.get("waktu"):
        moment = datetime.fromisoformat(entry["waktu"])
        parts.append(
            f"diambil {hari_tanggal(moment.date())} pukul {moment:%H.%M}"
            + (f" {zona}" if zona else "")
        )
    else:
        parts.append("tanpa waktu EXIF")
    if entry.get("koordinat"):
        parts.append(f"GPS {teks(entry['koordinat'])}")
    parts.append(ukuran_teks(int(entry.get("ukuran") or 0)))
    return ", ".join(parts)


@command("foto")
def foto(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="ID", help="Nomor kunjungan atau (awal) UUID-nya."),
    as_json: bool = typer.Option(False, "--json", help="Cetak data foto sebagai JSON."),
) -> None:
    """Daftar foto satu kunjungan: nama, waktu EXIF, GPS, dan letak filenya."""
    from komsos_cli.models import zona_waktu
    from komsos_cli.photos import entries, file_of

    store = store_from(ctx)
    with store.read() as db:
        visit = db.get(ref)
    photos = entries(visit)
    if as_json:
        print_json([{**e, "file": str(file_of(store.path, e) or "")} for e in photos])
        return
    if not photos:
        print(
            f"Kunjungan {visit['id']} belum punya foto. Tambahkan: komsos edit {visit['id']} --foto FILE"
        )
        return
    zona = zona_waktu(visit.get("provinsi"))
    for number, entry in enumerate(photos, 1):
        where = file_of(store.path, entry)
        print(f"{number}. {describe(entry, zona)}")
        print(f"   {where if where else 'file tidak ada di komputer ini'}")
