"""`komsos release` (rilis), `komsos report` (lapor) and `komsos templates list|show|check`.

``komsos_cli.release`` (and with it jinja2) is imported inside the command functions only.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from komsos_cli.cli.app import KomsosCommand, KomsosGroup, app, command, console, store_from
from komsos_cli.cli.output import folder_argument, force_option, output_path
from komsos_cli.errors import InputError, KomsosError

ID_HELP = "Nomor kunjungan atau (awal) UUID-nya."
TEMPLATE_HELP = (
    "Nama template (lihat 'komsos templates list') atau path ke file template .j2. "
    "Bawaan: template sesuai tema kunjungan."
)
OUTPUT_HELP = (
    "Simpan ke file ini (ditulis utuh atau tidak sama sekali) alih-alih mencetak ke layar."
)


def _write(text: str, output: Path | None, what: str) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from komsos_cli.fileio import atomic_write_text

    atomic_write_text(output, text)
    print(f"{what} disimpan ke {output}.", file=sys.stderr)


def _warn(problems: list[str]) -> None:
    if not problems:
        return
    print("Peringatan: pemeriksaan otomatis menemukan hal yang perlu dicek:", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)


def _make_folder(folder: Path) -> None:
    """The folder an ``-o FOLDER/`` names, made when missing (its parent must exist)."""
    if not folder.parent.is_dir():
        raise InputError(f"Folder {folder.parent} tidak ada; komsos hanya membuat folder terakhir.")
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        from komsos_cli.fileio import os_reason

        raise InputError(f"Folder {folder} tidak bisa dibuat: {os_reason(exc)}.") from None


def _render_and_write(ctx, ref, render, kind, *, fmt, output, force, foto_dir=None, **options):  # type: ignore[no-untyped-def]
    """Render one visit's release or report, write it, and warn about what the self-check finds.

    The visit's photos: figures in an HTML release (their files written to ``foto_dir``, or to
    the folder given as ``output``); for the other formats, the list of photos to attach."""
    from komsos_cli.cli import photos as photo_cli
    from komsos_cli.release import check_text, desa_binaan

    store = store_from(ctx)
    with store.read() as db:
        visit = db.get(ref)
        profile = db.profile()
        binaan = desa_binaan(profile, visit)
        if kind == "rilis":  # the Babinsa's other visits steer the wording (issue 10)
            options["others"] = _same_babinsa(db.visits(), visit)
    html_release = kind == "rilis" and fmt.lower() in ("html", "htm")
    output, folder_meant = folder_argument(output)
    if folder_meant and not html_release:
        example = output / f"{kind}-{visit['id']}.txt"
        raise InputError(
            f"-o {output}{os.sep} menunjuk sebuah folder, padahal format {fmt} ditulis ke satu "
            f"file (folder hanya untuk -f html). Beri nama file, mis. -o {example}."
        )
    if html_release and output is not None and (folder_meant or output.is_dir()):
        foto_dir = foto_dir or output
        output = output / f"rilis-{visit['id']}.html"
    output = output_path(ctx, output, force)
    if folder_meant and output is not None:
        _make_folder(output.parent)
    if kind == "rilis":
        from komsos_cli.release import CHOICE_KEY, release_with_choice

        text, choice = release_with_choice(visit, format=fmt, desa_binaan=binaan, **options)
        if choice and not visit.get(CHOICE_KEY) and not options.get("variant"):
            _remember_choice(store, visit, CHOICE_KEY, choice)
    else:
        text = render(visit, format=fmt, desa_binaan=binaan, **options)
    problems = check_text(text, visit, kind=kind, format=fmt)
    if html_release:
        text += photo_cli.release_figures(store, visit, binaan, output, foto_dir, force)
    _write(text, output, kind.capitalize())
    if not html_release:
        photo_cli.attachments_note(store.path, visit)
    _warn(problems)


def _same_babinsa(visits: list[dict], visit: dict) -> list[dict]:
    nrp, name = visit.get("nrp"), visit.get("babinsa")
    return [v for v in visits if (v.get("nrp") == nrp if nrp and v.get("nrp") else
                                  v.get("babinsa") == name)]  # fmt: skip


def _remember_choice(store, visit: dict, key: str, choice: str) -> None:  # type: ignore[no-untyped-def]
    """Store the wording the release used, so that the visit always renders the same text.
    A database that cannot be written (read-only, locked too long) only loses the memory."""
    from komsos_cli.errors import KomsosError

    try:
        with store.write() as db:
            record = db.get(visit["id"])
            if not record.get(key):  # another process may have stored one meanwhile
                record[key] = choice
                db.replace(visit["id"], record)
    except (KomsosError, OSError):
        pass


@command("release", "rilis")
def release(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="ID", help=ID_HELP),
    fmt: str = typer.Option(
        "text", "--format", "-f", metavar="FORMAT", help="Format: {formats:release}."
    ),
    template: str | None = typer.Option(
        None, "--template", "-t", metavar="NAMA|FILE", help=TEMPLATE_HELP
    ),
    variant: int = typer.Option(
        0,
        "--variant",
        min=0,
        metavar="N",
        help="Pilih susunan kalimat lain (0, 1, 2, ...); kunjungan yang sama selalu sama hasilnya.",
    ),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help=OUTPUT_HELP + " HTML: boleh sebuah folder (FOLDER/ dibuat bila belum ada).",
    ),
    foto_dir: Path | None = typer.Option(
        None,
        "--foto-dir",
        metavar="FOLDER",
        file_okay=False,
        help="HTML: tulis file foto kunjungan ke folder ini (di samping file HTML).",
    ),  # fmt: skip
    force: bool = force_option(),
) -> None:
    """Tulis rilis berita dari data satu kunjungan, siap tempel ke situs, WhatsApp atau Instagram."""
    from komsos_cli.release import render_release

    _render_and_write(
        ctx, ref, render_release, "rilis", fmt=fmt, output=output, force=force,
        foto_dir=foto_dir, template=template, variant=variant,
    )  # fmt: skip


@command("report", "lapor")
def report(
    ctx: typer.Context,
    ref: str | None = typer.Argument(
        None, metavar="[ID]", help=ID_HELP + " Atau tanpa ID: --tanggal untuk laporan Koramil."
    ),
    tanggal: str | None = typer.Option(
        None,
        "--tanggal",
        metavar="TANGGAL",
        help="Laporan harian Koramil kepada Dandim: semua kunjungan tanggal ini, per Babinsa (mis. 2023-03-16, kemarin).",
    ),
    nomor: str | None = typer.Option(
        None,
        "--nomor",
        metavar="NOMOR",
        help="Nomor urut surat untuk laporan --tanggal (awalannya dari profil: komsos profile set nomor R/Laphar).",
    ),
    fmt: str = typer.Option(
        "text", "--format", "-f", metavar="FORMAT", help="Format: {formats:report}."
    ),
    template: str | None = typer.Option(
        None,
        "--template",
        "-t",
        metavar="NAMA|FILE",
        help="Template laporan satu kunjungan (nama atau file .j2). Bawaan: laporan.",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="FILE", dir_okay=False, help=OUTPUT_HELP
    ),
    force: bool = force_option(),
) -> None:
    """Laporan singkat kunjungan kepada Danramil ("Ijin melaporkan ... Demikian dilaporkan"); dengan --tanggal: laporan harian Koramil kepada Dandim."""
    if tanggal is not None:
        if ref is not None or template is not None:
            raise InputError(
                "--tanggal membuat laporan harian Koramil; jangan sertakan ID atau --template."
            )
        _daily_report(ctx, tanggal, nomor=nomor, fmt=fmt, output=output, force=force)
        return
    if ref is None:
        raise InputError(
            "Sebutkan nomor kunjungan (komsos report ID) atau tanggal laporan harian Koramil "
            "(komsos report --tanggal 2023-03-16)."
        )
    if nomor is not None:
        raise InputError("--nomor hanya untuk laporan harian Koramil (--tanggal).")
    from komsos_cli.release import render_report

    _render_and_write(
        ctx, ref, render_report, "laporan", fmt=fmt, output=output, force=force, template=template
    )


def _daily_report(ctx: typer.Context, tanggal: str, *, nomor, fmt, output, force) -> None:  # type: ignore[no-untyped-def]
    """`report --tanggal D`: the Koramil's report to the Dandim (komsos_cli.dandim)."""
    from komsos_cli.dandim import build_daily_report, render_daily_report
    from komsos_cli.dates import parse_date

    output = output_path(ctx, output, force)
    day = parse_date(tanggal)  # a mistyped date is the user's (exit 2)
    with store_from(ctx).read() as db:
        daily = build_daily_report(
            db.take_visits(), db.profile(), day, serial=nomor, office_profiles=db.office_profiles()
        )
    text = render_daily_report(daily, format=fmt)
    if daily.skipped:
        print(
            f"Catatan: {daily.skipped} kunjungan Koramil lain pada tanggal itu tidak dilaporkan.",
            file=sys.stderr,
        )
    _write(text, output, "Laporan")


# --- komsos templates ------------------------------------------------------------------------

templates_app = typer.Typer(
    cls=KomsosGroup,
    help="Template rilis dan laporan: bawaan dan buatan pengguna.",
    no_args_is_help=True,
)
app.add_typer(
    templates_app,
    name="templates",
    help="Lihat, tampilkan dan periksa template rilis dan laporan.",
)

_KIND = {"rilis": "rilis", "laporan": "laporan", "bagian": "bagian bersama"}


# Narrower than this, the list of templates is not a table.
_TABLE_WIDTH = 60


@templates_app.command("list", cls=KomsosCommand)
def templates_list() -> None:
    """Daftar template bawaan dan template pengguna."""
    from rich.table import Table

    from komsos_cli.paths import user_templates_dir
    from komsos_cli.release import list_templates

    out = console()
    rows = []
    for info in list_templates():
        source = info.source + (" (menggantikan bawaan)" if info.overrides else "")
        rows.append((info.name, _KIND[info.kind], source, info.description))
    if out.width < _TABLE_WIDTH:
        # A phone's screen: four columns would cut every word; one template a paragraph.
        from rich.markup import escape
        from rich.padding import Padding

        for name, kind, source, description in rows:
            out.print(f"[bold]{escape(name)}[/bold] ({escape(kind)}, {escape(source)})")
            out.print(Padding(escape(description), (0, 0, 0, 4), expand=False))
    else:
        table = Table(header_style="bold")
        for title in ("Nama", "Jenis", "Sumber", "Keterangan"):
            table.add_column(title)
        for row in rows:
            table.add_row(*row)
        out.print(table)
    out.print(
        f"Template pengguna: {user_templates_dir()} (file NAMA.j2; nama yang sama dengan "
        "template bawaan akan menggantikannya)."
    )


@templates_app.command("show", cls=KomsosCommand)
def templates_show(
    name: str = typer.Argument(..., metavar="NAMA", help="Nama template, mis. usaha."),
) -> None:
    """Tampilkan isi satu template (salin sebagai titik awal template sendiri)."""
    from komsos_cli.release import template_source

    info, source = template_source(name)
    print(f"# {info.name} ({info.source}): {info.path}", file=sys.stderr)
    sys.stdout.write(source if source.endswith("\n") else source + "\n")


@templates_app.command("check", cls=KomsosCommand)
def templates_check(
    file: str = typer.Argument(..., metavar="FILE", help="File template .j2 (atau nama template)."),
) -> None:
    """Uji template pada contoh kunjungan dan periksa hasilnya (fakta lengkap, ejaan, panjang)."""
    from komsos_cli.release import check_template

    results = check_template(file)
    total = 0
    for label, problems in results:
        if not problems:
            print(f"OK     {label}")
            continue
        total += len(problems)
        print(f"MASALAH {label}:")
        for problem in problems:
            print(f"  - {problem}")
    if total:
        raise KomsosError(f"Template {file} punya {total} masalah pada contoh kunjungan.")
    print(f"Template {file} lolos pemeriksaan pada {len(results)} contoh kunjungan.")
