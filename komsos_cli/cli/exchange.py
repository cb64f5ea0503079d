"""The Koramil's commands: export, import and the monthly recap (rekap)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer

from komsos_cli.cli.app import command, console, store_from
from komsos_cli.cli.options import PERIOD_FILTERS, with_filter_options
from komsos_cli.cli.output import force_option, output_path
from komsos_cli.errors import InputError

OUTPUT_HELP = (
    "Tulis ke file ini (ditulis utuh atau tidak sama sekali). Tanpa opsi ini: ke layar (stdout)."
)
# Files at least this big get a progress bar (on a terminal only).
PROGRESS_MIN_BYTES = 1_000_000
MAX_LISTED = 20  # errors and visits listed by name; the rest are counted


def output_format(output: Path | None, chosen: str | None, registry: Any) -> str:
    """The format to write: ``--format``, else the ending of ``--output``, else the default.

    ``registry`` (a ``formats.Registry``) knows the endings of each format (the first is the one
    suggested). An ending that contradicts ``--format`` is refused, and so is an unknown ending
    without ``--format`` (``-o rekap.pdf`` would be a text file that no PDF reader opens).
    """
    suffix = output.suffix.lower() if output is not None else ""
    implied = registry.by_suffix(suffix) if suffix else None
    if chosen is not None:
        fmt = registry.get(chosen)
        if implied is not None and implied.name != fmt.name:
            assert output is not None
            preferred = fmt.suffixes[0] if fmt.suffixes else ""
            raise InputError(
                f"--output {output.name} berakhiran {suffix} (format {implied.name}), tetapi "
                f"--format {fmt.name}. Samakan keduanya: --output {output.stem}{preferred}, "
                f"atau --format {implied.name}."
            )
        return fmt.name
    if suffix and implied is None:
        assert output is not None
        raise InputError(
            f"Akhiran {suffix} pada --output {output.name} tidak dikenal. Akhiran yang dikenal: "
            f"{registry.suffixes_text()}. Ganti nama file, atau pilih format dengan --format."
        )
    return (implied or registry.default).name


# --- export -----------------------------------------------------------------------------------


@command("export", "ekspor")
@with_filter_options()
def export(
    ctx: typer.Context,
    filters: dict[str, Any],
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help="{formats:export}. Tanpa opsi ini: menurut akhiran --output.",
    ),
    delimiter: str | None = typer.Option(
        None,
        "--delimiter",
        help="Pemisah sel CSV: ';' (bawaan, untuk Excel berbahasa Indonesia), ',' atau 'tab'.",
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help=OUTPUT_HELP, dir_okay=False),
    partisi: Path | None = typer.Option(
        None,
        "--partisi",
        metavar="FOLDER",
        file_okay=False,
        help="JSON Lines per Kodim, tahun dan bulan: FOLDER/kodim=.../tahun=.../bulan=.../KORAMIL.jsonl (dibaca DuckDB/Spark/BigQuery sebagai satu tabel). File Koramil yang sama diganti, tidak ditambah.",
    ),
    force: bool = force_option(),
) -> None:
    """Ekspor kunjungan untuk Koramil/Kodim: CSV untuk Excel, JSON Lines, JSON atau .xlsx."""
    from komsos_cli.exporters import get_exporter, parse_delimiter
    from komsos_cli.formats import EXPORT
    from komsos_cli.query import VisitFilter

    chosen = VisitFilter.from_options(**filters)
    if partisi is not None:
        _export_partitions(ctx, chosen, partisi, fmt=fmt, output=output, delimiter=delimiter)
        return
    target = output_path(ctx, output, force)
    name = output_format(output, fmt, EXPORT)
    if delimiter is None and output is not None and output.suffix.lower() == ".tsv":
        delimiter = "tab"
    exporter = get_exporter(name, delimiter=delimiter)
    if delimiter is not None:
        if exporter.name != "csv":
            raise InputError("--delimiter hanya berlaku untuk --format csv.")
        parse_delimiter(delimiter)
    if output is None and exporter.binary and sys.stdout.isatty():
        raise InputError(
            f"Format {exporter.name} adalah file biner dan tidak bisa ditampilkan di layar. "
            f"Tulis ke file: --output kunjungan{exporter.extension}"
        )
    with store_from(ctx).read() as db:
        visits = chosen.apply(db.take_visits())
    if target is not None:
        from komsos_cli.fileio import atomic_writer

        # Residents' names: a new export file is readable by its owner only.
        with atomic_writer(target, "wb", private=True) as handle:
            count = exporter.write(visits, handle)
        print(f"{count} kunjungan diekspor ke {output} ({exporter.description}).")
        return
    sys.stdout.flush()
    if exporter.binary:
        import shutil
        import tempfile

        # A zip file is written with seeks; a pipe cannot seek.
        with tempfile.TemporaryFile() as spool:
            exporter.write(visits, spool)
            spool.seek(0)
            shutil.copyfileobj(spool, sys.stdout.buffer)
    else:
        exporter.write(visits, sys.stdout.buffer)
    sys.stdout.buffer.flush()


def _export_partitions(ctx, chosen, root: Path, *, fmt, output, delimiter) -> None:  # type: ignore[no-untyped-def]
    """`export --partisi FOLDER`: JSON Lines in the hive layout (see komsos_cli.partisi)."""
    from komsos_cli.exporters import get_exporter
    from komsos_cli.partisi import write_partitions

    if fmt is not None and get_exporter(fmt).name != "jsonl":
        raise InputError("--partisi menulis JSON Lines; pakai --format jsonl atau tanpa --format.")
    if output is not None or delimiter is not None:
        raise InputError("--partisi menulis ke folder; --output dan --delimiter tidak dipakai.")
    from komsos_cli.fileio import refuse_protected

    refuse_protected(root, store_from(ctx).protected_paths(), "--partisi")
    with store_from(ctx).read() as db:
        files = write_partitions(chosen.apply(db.take_visits()), root)
    total = sum(f.visits for f in files)
    if not files:
        print(f"Tidak ada kunjungan yang cocok; tidak ada yang ditulis ke {root}.")
        return
    print(f"{total} kunjungan diekspor ke {root} ({len(files)} file JSON Lines):")
    for part in files:
        print(f"  {part.path.as_posix()}: {part.visits} kunjungan")


@command("schema", "skema")
def schema() -> None:
    """Cetak JSON Schema satu kunjungan (berversi) untuk gudang data Kodim ke atas."""
    import json

    from komsos_cli.schema import record_schema

    sys.stdout.write(json.dumps(record_schema(), ensure_ascii=False, indent=2) + "\n")


# --- import -----------------------------------------------------------------------------------


@contextlib.contextmanager
def _progress(paths: list[Path]) -> Iterator[Any]:
    """A rich progress bar on stderr for big files at a terminal; otherwise a no-op factory."""
    sizes = {}
    for path in paths:
        with contextlib.suppress(OSError):
            sizes[path] = path.stat().st_size
    if not sys.stderr.isatty() or sum(sizes.values()) < PROGRESS_MIN_BYTES:
        yield lambda path: None
        return
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        console=console(stderr=True),
        transient=True,
    ) as bar:

        def factory(path: Path):  # type: ignore[no-untyped-def]
            task = bar.add_task(f"Membaca {path.name}", total=sizes.get(path) or None)

            def update(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            return update

        yield factory


@contextlib.contextmanager
def _busy(paths: list[Path], message: str) -> Iterator[None]:
    """A spinner on stderr while a big import is merged (at a terminal only)."""
    if not sys.stderr.isatty() or _total_size(paths) < PROGRESS_MIN_BYTES:
        yield
        return
    with console(stderr=True).status(message):
        yield


def _total_size(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return total


def _visit_line(visit: dict[str, Any]) -> str:
    who = " ".join(p for p in (visit.get("sapaan"), visit.get("warga")) if p)
    who = who or visit.get("kelompok", "")
    place = f"{visit.get('jenis_desa', 'Desa')} {visit['desa']}" if visit.get("desa") else ""
    babinsa = " ".join(p for p in (visit.get("pangkat"), visit.get("babinsa")) if p)
    text = f"{visit.get('tanggal', '')} {babinsa}: {who}"
    if place:
        text += f" ({place})"
    return f"{text} [{str(visit.get('uuid', ''))[:8]}]"


def _listed(title: str, visits: list[dict[str, Any]]) -> None:
    if not visits:
        return
    print(f"{title}:")
    for visit in visits[:MAX_LISTED]:
        print(f"  {_visit_line(visit)}")
    if len(visits) > MAX_LISTED:
        print(f"  ... dan {len(visits) - MAX_LISTED} lainnya.")


def _errors_text(errors: list[Any]) -> str:
    if any(e.whole_file for e in errors):
        return f"{len(errors)} kesalahan"
    return f"{len(errors)} baris tidak sah"


_PROFILE_STATE = {
    "baru": ("baru", "akan dicatat"),
    "diperbarui": ("diperbarui", "akan diperbarui"),
    "sama": ("sama seperti yang tersimpan", "sama seperti yang tersimpan"),
    "lebih lama": (
        "lebih lama dari yang tersimpan, tidak dipakai",
        "lebih lama dari yang tersimpan, tidak akan dipakai",
    ),
}


def _package_line(package: Any) -> str:
    from komsos_cli.rekap import period_label

    counts = package.manifest["jumlah"]
    lock = ", bersandi" if package.encrypted else ""
    return (
        f"{package.path.name}: file kirim {package.sender}, {period_label(*package.period)}; "
        f"{counts['kunjungan']} kunjungan, {counts['foto']} foto; manifest cocok{lock}."
    )


def _send_summary(send: Any, packages: list[Any], *, dry_run: bool) -> None:
    if not packages or send is None:
        return
    if dry_run:
        print(f"Foto: {send.photos_new} akan disimpan, {send.photos_known} sudah ada.")
    else:
        print(f"Foto: {send.photos_new} disimpan, {send.photos_known} sudah ada.")
    for sender, state in send.profiles:
        print(f"Profil {sender}: {_PROFILE_STATE[state][1 if dry_run else 0]}.")


@command("import", "impor")
def import_files(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(
        ...,
        metavar="FILE...",
        help="File ekspor komsos ({formats:import:suffixes}); boleh lebih dari satu.",
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Tampilkan apa yang akan berubah, tanpa menyimpan apa pun."
    ),
    skip_invalid: bool = typer.Option(
        False,
        "--skip-invalid",
        help="Lewati baris yang salah dan impor sisanya (bawaan: bila ada yang salah, tidak ada yang diimpor).",
    ),
    foto_dir: Path | None = typer.Option(
        None,
        "--foto-dir",
        metavar="FOLDER",
        exists=True,
        file_okay=False,
        help="Folder berisi foto kiriman (nama hash atau nama asli); disimpan bila isinya cocok dengan hash-nya.",
    ),
) -> None:
    """Gabungkan ekspor dari para Babinsa: kunjungan baru ditambahkan, yang lebih baru menggantikan (menurut UUID)."""
    from komsos_cli.cli.sending import password_for
    from komsos_cli.formats import IMPORT
    from komsos_cli.importers import merge_records, read_file

    reports = []
    with _progress(files) as progress_for:
        for path in files:
            send_file = IMPORT.by_suffix(path.suffix) is IMPORT.get("komsos")
            password = password_for(path) if send_file else None
            reports.append(read_file(path, progress_for(path), password=password))
    errors = [e for r in reports for e in r.errors]
    for report in reports:
        for warning in report.warnings:
            print(f"Peringatan: {warning}", file=sys.stderr)
        bad = len({e.line for e in report.errors})
        state = f", {bad} salah" if report.errors else ""
        print(f"{report.path.name}: {report.rows} baris{state}.", file=sys.stderr)
    if errors:
        listed = [str(e) for e in errors[:MAX_LISTED]]
        if len(errors) > MAX_LISTED:
            listed.append(f"... dan {len(errors) - MAX_LISTED} galat lainnya.")
        if not skip_invalid:
            refused_sends = all(e.whole_file and e.path.suffix.lower() == ".komsos" for e in errors)
            hint = (
                "File kirim yang ditolak tidak pernah diimpor sebagian; --skip-invalid mengimpor file lain yang sah saja."
                if refused_sends
                else "Perbaiki file itu, atau pakai --skip-invalid untuk mengimpor baris yang sah saja."
            )
            raise InputError(
                f"{_errors_text(errors)}; tidak ada yang diimpor.", details=[*listed, hint]
            )
        print(f"Dilewati ({_errors_text(errors)}):", file=sys.stderr)
        for line in listed:
            print(f"  {line}", file=sys.stderr)
    records = [record for report in reports for record in report.records]
    packages = [report.package for report in reports if report.package is not None]
    for report in reports:
        report.records = []  # `records` holds them now; the merge drains it
    for package in packages:
        print(_package_line(package), file=sys.stderr)
    store = store_from(ctx)
    if foto_dir is not None:
        # The photos first: a visit is never stored naming a photo that is not there yet.
        from komsos_cli.cli.photos import received_note
        from komsos_cli.photos import receive

        received_note(receive(store.path, records, foto_dir, dry_run=dry_run), dry_run=dry_run)
    with _busy(files, f"Menggabungkan {len(records)} kunjungan ..."):
        result = merge_records(store, records, dry_run=dry_run, packages=packages)
    summary = (
        f"ditambahkan {len(result.added)}, diperbarui {len(result.updated)}, "
        f"tidak berubah {result.unchanged}"
    )
    summary += f", ganda {result.duplicates}." if result.duplicates else "."
    if result.conflicting:
        shown = ", ".join(uid[:8] for uid in result.conflicting[:MAX_LISTED])
        more = (
            f" dan {len(result.conflicting) - MAX_LISTED} lainnya"
            if len(result.conflicting) > MAX_LISTED
            else ""
        )
        print(
            f"Peringatan: {len(result.conflicting)} UUID muncul lebih dari sekali dengan isi "
            f"berbeda; yang paling akhir diubah dipakai: {shown}{more}.",
            file=sys.stderr,
        )
    if dry_run:
        print(f"Uji coba (--dry-run), tidak ada yang disimpan. Bila diimpor: {summary}")
        _listed("Akan ditambahkan", result.added)
        _listed("Akan diperbarui", result.updated)
        _send_summary(result.send, packages, dry_run=True)
        return
    print(f"Impor selesai: {summary}")
    _send_summary(result.send, packages, dry_run=False)
    if result.changed and (latest := store.latest_backup()):
        print(f"Cadangan sebelum impor: {latest}")


# --- rekap ------------------------------------------------------------------------------------


def _rekap_table(rekap: Any, width: int) -> Any:
    """The recap for the terminal: a header, one table per section with bars, the gaps.

    The bars take what the names, counts and shares leave of ``width`` (at most 30 cells); on
    a phone-sized terminal with no room left for them, the table goes without."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = [
        Text(rekap.title, style="bold"),
        Text(
            " · ".join(
                p
                for p in (f"Kodim {rekap.kodim}" if rekap.kodim else "", f"Periode: {rekap.period}")
                if p
            )
        ),  # fmt: skip
        Text(
            f"Jumlah kunjungan: {rekap.total} · Babinsa: {rekap.babinsa_count} · "
            f"Desa/kelurahan dikunjungi: {rekap.desa_count}"
        ),
    ]
    if not rekap.total:
        parts += [Text(""), Text("Tidak ada kunjungan pada periode ini.")]
    for section in rekap.sections if rekap.total else ():
        table = Table(title=section.title, title_justify="left", header_style="bold")
        table.add_column(section.column)
        table.add_column("Jumlah", justify="right", no_wrap=True)
        table.add_column("%", justify="right", no_wrap=True)
        label = max([len(section.column), *(len(row.label) for row in section.rows)])
        count = max([6, *(len(str(row.count)) for row in section.rows)])
        # Borders and padding: 3 a column and 1 more; "100,0" is the widest share.
        bars = min(30, width - label - count - 5 - 4 * 3 - 1)
        if bars >= 5:
            table.add_column("", no_wrap=True)
        largest = section.largest or 1
        for row in section.rows:
            cells = [Text(row.label), str(row.count), f"{row.share * 100:.1f}".replace(".", ",")]
            if bars >= 5:
                length = round(bars * row.count / largest)
                cells.append(Text("█" * (length or (1 if row.count else 0)), style="cyan"))
            table.add_row(*cells)
        parts += [Text(""), table]
    until = f" (sampai {rekap.checked_until:%d/%m/%Y})" if rekap.checked_until else ""
    days = (
        f"{len(rekap.days_without)} hari: {rekap.days_without_text}"
        if rekap.days_without
        else "tidak ada"
    )
    parts += [Text(""), Text(f"Hari tanpa kunjungan{until}: {days}.")]
    if rekap.desa_binaan:
        missing = ", ".join(rekap.desa_not_visited) or "tidak ada, semua sudah dikunjungi"
        parts.append(Text(f"Desa binaan belum dikunjungi: {missing}."))
    parts += _people_tables(rekap)
    return Group(*parts)


def _people_tables(rekap: Any) -> list[Any]:
    """Per Babinsa against his profile: visits, photos, days without, unvisited desa, targets."""
    from rich.table import Table
    from rich.text import Text

    from komsos_cli.rekap import percent_text

    people = [p for p in rekap.people if p.visits or p.desa]
    if not people:
        return []
    table = Table(
        title="Per Babinsa (desa binaan menurut profil)", title_justify="left", header_style="bold"
    )
    table.add_column("Babinsa", no_wrap=True)
    for title, justify in (("Kunjungan", "right"), ("Berfoto", "right"),
                           ("Hari tanpa kunjungan", "right"), ("Desa binaan belum dikunjungi", "left")):  # fmt: skip
        table.add_column(title, justify=justify)  # type: ignore[arg-type]
    if rekap.target:
        table.add_column(f"Desa tuntas (target {rekap.target})", justify="right")
    for person in people:
        missing = ", ".join(person.not_visited) if person.desa else "(profil belum diterima)"
        cells = [Text(person.label), str(person.visits), str(person.with_photo),
                 str(len(person.days_without)), Text(missing or "-")]  # fmt: skip
        if rekap.target:
            cells.append(f"{person.done_count}/{len(person.desa)}" if person.desa else "-")
        table.add_row(*cells)
    parts: list[Any] = [Text(""), table]
    if rekap.target:
        desa = Table(
            title=f"Capaian per desa binaan (target {rekap.target} kunjungan)",
            title_justify="left",
            header_style="bold",
        )
        for title, justify in (
            ("Babinsa", "left"),
            ("Desa/Kelurahan", "left"),
            ("Kunjungan", "right"),
            ("Status", "left"),
        ):
            desa.add_column(title, justify=justify)  # type: ignore[arg-type]
        for person in people:
            for item in person.desa:
                style = "green" if item.done else "red"
                desa.add_row(
                    Text(person.label),
                    Text(item.label),
                    str(item.visits),
                    Text(item.status, style=style),
                )
        done, total = rekap.desa_done
        share = percent_text(done / total) if total else "0,0"
        parts += [Text(""), desa, Text(f"Desa binaan tuntas: {done} dari {total} ({share}%).")]
    return parts


@command("rekap", "rekapitulasi")
@with_filter_options(*PERIOD_FILTERS)
def rekap(
    ctx: typer.Context,
    filters: dict[str, Any],
    by: list[str] | None = typer.Option(
        None,
        "--by",
        help="babinsa, desa, kegiatan atau tema (boleh diulang; bawaan: keempatnya).",
    ),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help="{formats:rekap} (html: halaman A4 siap cetak). Tanpa opsi ini: menurut akhiran --output.",
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help=OUTPUT_HELP, dir_okay=False),
    force: bool = force_option(),
    per_desa: str | None = typer.Option(
        None,
        "--target",
        metavar="N",
        help="Target kunjungan per desa binaan dalam periode (DUKOPS: 9): TUNTAS/BELUM per desa. Bawaan: 'target' di profil (komsos profile set target 9).",
    ),
) -> None:
    """Rekap kunjungan sebulan (bawaan: bulan ini) atau rentang tanggal, per Babinsa, desa, kegiatan dan tema."""
    from komsos_cli.formats import REKAP
    from komsos_cli.models import parse_target
    from komsos_cli.query import VisitFilter
    from komsos_cli.rekap import build_rekap, parse_sections, resolve_period

    asked_target = parse_target(per_desa, "--target") if per_desa is not None else None

    target = output_path(ctx, output, force)
    period = VisitFilter.from_options(**filters)
    start, end = resolve_period(period.start, period.end)
    sections = parse_sections(by)
    name = output_format(output, fmt, REKAP)
    if output is None and REKAP.get(name).binary and sys.stdout.isatty():
        raise InputError(
            f"Format {name} adalah file biner dan tidak bisa ditampilkan di layar. "
            f"Tulis ke file: --output rekap{REKAP.get(name).suffixes[0]}"
        )
    store = store_from(ctx)
    with store.read() as db:
        profile, senders = db.profile(), db.office_profiles()
        visits = db.take_visits()
        result = build_rekap(
            visits, profile, start, end, by=sections,
            office_profiles=senders, target=asked_target or profile.get("target"),
        )  # fmt: skip
    if name == "docx":
        from komsos_cli.dukops import render_docx

        data = render_docx(
            result, visits, db_path=store.path, office_profiles=senders, profile=profile
        )
    elif name == "table":
        if output is None:
            out = console()
            out.print(_rekap_table(result, out.width))
            return
        import io

        from rich.console import Console

        buffer = io.StringIO()
        Console(file=buffer, width=100, color_system=None, highlight=False).print(
            _rekap_table(result, 100)
        )
        data = buffer.getvalue().encode("utf-8")
    else:
        rendered = REKAP.impl(name)(result)  # bytes, or text to be written as UTF-8
        data = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from komsos_cli.fileio import atomic_write_bytes

    # The month's Word file names the warga of every visit, as an export does: owner-only.
    atomic_write_bytes(target, data, private=name == "docx")
    print(f"Rekap {result.period} ({result.total} kunjungan) ditulis ke {output}.")
