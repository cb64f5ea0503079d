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
from komsos_cli.stamp import DEFAULT_LONG_EDGE  # Pillow is imported only when stamping


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


def check_dates(photos: list[Any], tanggal: str, *, strict: bool) -> None:
    """Warn of (or, ``strict``, refuse) stored photos taken on another day than ``tanggal``."""
    from komsos_cli.evidence import date_mismatch
    from komsos_cli.photos import entries

    for entry in entries({"foto": photos}):
        mismatch = date_mismatch(entry, tanggal)
        if mismatch and strict:
            raise InputError(f"{mismatch} Ditolak karena --strict-foto; tidak ada yang disimpan.")
        if mismatch:
            warn(mismatch)


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
    cap: bool = typer.Option(
        False, "--cap", help="Tulis salinan bercap (pita keterangan), diperkecil untuk WhatsApp."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="FOLDER", help="Folder untuk salinan bercap."
    ),
    sisi: int = typer.Option(
        DEFAULT_LONG_EDGE,
        "--sisi",
        min=320,
        max=8000,
        metavar="PIKSEL",
        help="Sisi terpanjang salinan bercap, dalam piksel.",
    ),  # fmt: skip
    force: bool = typer.Option(False, "--force", help="Timpa salinan bercap yang sudah ada."),
    as_json: bool = typer.Option(False, "--json", help="Cetak data foto sebagai JSON."),
) -> None:
    """Daftar foto satu kunjungan; --cap -o FOLDER menulis salinan bercap untuk WhatsApp."""
    from komsos_cli.models import zona_waktu
    from komsos_cli.photos import entries, file_of

    store = store_from(ctx)
    with store.read() as db:
        visit = db.get(ref)
        binaan = binaan_of(db, visit) if cap else None
    photos = entries(visit)
    if cap:
        _write_stamped(store, visit, binaan, photos, output, sisi, force)
        return
    if output is not None:
        raise InputError("-o FOLDER hanya dipakai bersama --cap.")
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


def _refuse_existing(folder: Path, targets: list[Path], force: bool) -> None:
    existing = [t.name for t in targets if t.exists()]
    if existing and not force:
        raise InputError(
            f"Di {folder} sudah ada {', '.join(existing)}. Tambahkan --force untuk menimpanya."
        )


def stamped_name(visit: Mapping[str, Any], number: int) -> str:
    return f"kunjungan-{visit['id']}-foto-{number}.jpg"


def binaan_of(db: Any, visit: Mapping[str, Any]) -> list[str] | None:
    """The desa binaan of the visit's Babinsa: from this database's profile when it is his,
    else from the profile his send file brought to the office (None: unknown)."""
    from komsos_cli.office import desa_binaan_of
    from komsos_cli.release.facts import desa_binaan

    own = desa_binaan(db.profile(), visit)
    return own if own is not None else desa_binaan_of(db.office_profiles())(visit)


def _write_stamped(
    store: Any,
    visit: Mapping[str, Any],
    binaan: list[str] | None,
    photos: list[dict[str, Any]],
    output: Path | None,
    sisi: int,
    force: bool,
) -> None:
    from komsos_cli.fileio import refuse_protected
    from komsos_cli.photos import file_of
    from komsos_cli.stamp import stamp_lines, write_stamped

    if output is None:
        raise InputError("Sebutkan folder untuk salinan bercap: komsos foto ID --cap -o FOLDER")
    if not photos:
        raise InputError(f"Kunjungan {visit['id']} belum punya foto.")
    folder = refuse_protected(output, store.protected_paths(), option="-o")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"-o {output} adalah file, bukan folder.")
    targets = [folder / stamped_name(visit, n) for n in range(1, len(photos) + 1)]
    _refuse_existing(output, targets, force)
    written = 0
    for entry, target in zip(photos, targets, strict=True):
        source = file_of(store.path, entry)
        if source is None:
            warn(f"file foto {entry.get('nama')} tidak ada di komputer ini; dilewati.")
            continue
        write_stamped(source, target, stamp_lines(visit, binaan, entry), long_edge=sisi)
        print(target)
        written += 1
    print(f"{written} salinan bercap ditulis ke {output}.", file=sys.stderr)


# --- photos in releases and reports ------------------------------------------------------------


def _stored_photos(db_path: Path, visit: Mapping[str, Any]) -> list[tuple[dict[str, Any], Path]]:
    from komsos_cli.photos import entries, file_of

    found = []
    for entry in entries(visit):
        path = file_of(db_path, entry)
        if path is not None:
            found.append((entry, path))
    return found


def release_figures(
    store: Any,
    visit: Mapping[str, Any],
    binaan: list[str] | None,
    output: Path | None,
    foto_dir: Path | None,
    force: bool,
) -> str:
    """The figures an HTML release ends with; their files copied to ``foto_dir`` when given."""
    import os

    from komsos_cli.fileio import atomic_write_bytes, refuse_protected
    from komsos_cli.release.figures import figures_html

    photos = _stored_photos(store.path, visit)
    if not photos:
        return ""
    names = [f"kunjungan-{visit['id']}-foto-{n}{path.suffix}" for n, (_, path) in
             enumerate(photos, 1)]  # fmt: skip
    if foto_dir is None:
        sources = names
        print(
            f"Rilis memuat {len(photos)} foto ({', '.join(names)}). Tulis filenya di samping "
            "HTML dengan --foto-dir FOLDER, atau berikan folder sebagai -o.",
            file=sys.stderr,
        )
    else:
        folder = refuse_protected(foto_dir, store.protected_paths(), option="--foto-dir")
        targets = [folder / name for name in names]
        _refuse_existing(foto_dir, targets, force)
        for (_, path), target in zip(photos, targets, strict=True):
            atomic_write_bytes(target, path.read_bytes())
        base = output.parent if output is not None else Path.cwd()
        sources = [Path(os.path.relpath(t, base)).as_posix() for t in targets]
        print(f"{len(targets)} foto ditulis ke {foto_dir}.", file=sys.stderr)
    return figures_html(visit, binaan, [e for e, _ in photos], sources)


def attachments_note(db_path: Path, visit: Mapping[str, Any]) -> None:
    """Which photos go with a release or report sent by WhatsApp (on stderr, never in the text)."""
    from komsos_cli.photos import entries

    photos = _stored_photos(db_path, visit)
    missing = len(entries(visit)) - len(photos)
    if not photos and not missing:
        return
    print(f"Lampirkan {len(photos)} foto kunjungan {visit['id']}:", file=sys.stderr)
    for entry, path in photos:
        print(f"  {entry.get('nama')}: {path}", file=sys.stderr)
    if missing:
        print(f"  ({missing} foto tidak ada di komputer ini)", file=sys.stderr)
    print(
        f"Salinan bercap untuk WhatsApp: komsos foto {visit['id']} --cap -o FOLDER",
        file=sys.stderr,
    )


def received_note(received: Any, *, dry_run: bool) -> None:
    """What `import --foto-dir` did with the photos (photos.Received)."""
    verb = "akan disimpan" if dry_run else "disimpan"
    print(
        f"Foto: {received.stored} {verb}, {received.known} sudah ada, "
        f"{len(received.refused)} ditolak, {len(received.missing)} tidak ada di folder.",
        file=sys.stderr,
    )
    for message in received.refused:
        print(f"  {message}", file=sys.stderr)
    if received.missing:
        shown = ", ".join(received.missing[:10]) + (" ..." if len(received.missing) > 10 else "")
        print(f"  Tidak ada di folder: {shown}", file=sys.stderr)
