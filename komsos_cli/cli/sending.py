"""`komsos send`: one verified file per Babinsa and period for the Koramil office; the password."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import typer

from komsos_cli.cli.app import command, store_from
from komsos_cli.cli.options import PERIOD_FILTERS, with_filter_options
from komsos_cli.cli.output import force_option, output_path
from komsos_cli.errors import InputError

MIN_PASSWORD = 8  # shorter ones are accepted with a warning


def _env_password() -> str | None:
    from komsos_cli.sendfile import PASSWORD_ENV

    return os.environ.get(PASSWORD_ENV) or None


def new_password() -> str:
    """The password for a new send file: KOMSOS_SANDI, else asked twice at a terminal."""
    from komsos_cli.sendfile import PASSWORD_ENV

    password = _env_password()
    if password is None:
        if not sys.stdin.isatty():
            raise InputError(
                f"--sandi perlu sandi: jalankan di terminal (sandi ditanyakan dua kali), atau "
                f"isi variabel lingkungan {PASSWORD_ENV}. Sandi tidak diterima di baris perintah."
            )
        import getpass

        password = getpass.getpass("Sandi file kirim: ")
        if not password:
            raise InputError("Sandi kosong. Tidak ada file yang ditulis.")
        if getpass.getpass("Ulangi sandi: ") != password:
            raise InputError("Kedua sandi tidak sama. Tidak ada file yang ditulis.")
    if len(password) < MIN_PASSWORD:
        print(
            f"Peringatan: sandi kurang dari {MIN_PASSWORD} karakter mudah ditebak.",
            file=sys.stderr,
        )
    return password


def password_for(path: Path) -> str | None:
    """The password of an encrypted send file being imported (None when it has none)."""
    from komsos_cli.sendfile import is_encrypted

    if not is_encrypted(path):
        return None
    password = _env_password()
    if password is None and sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"Sandi untuk {path.name}: ") or None
    return password  # None: the import refuses the file with the reason


def size_text(size: int) -> str:
    """``2,8 KB``, ``14,2 MB`` (decimal units, Indonesian decimal comma)."""
    if size < 1_000_000:
        return f"{max(size, 1) / 1000:.1f}".replace(".", ",") + " KB"
    return f"{size / 1_000_000:.1f}".replace(".", ",") + " MB"


@command("send", "kirim")
@with_filter_options(*PERIOD_FILTERS)
def send(
    ctx: typer.Context,
    filters: dict[str, Any],
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="File atau folder tujuan. Bawaan: nama seperti serka-sugianto-2023-03.komsos di folder ini.",
    ),
    sandi: bool = typer.Option(
        False,
        "--sandi",
        help="Kunci file dengan sandi (AES-256, bisa dibuka 7-Zip). Sandi ditanyakan dua kali, atau dari variabel KOMSOS_SANDI.",
    ),
    force: bool = force_option(),
) -> None:
    """Satu file kirim (.komsos) untuk Koramil: kunjungan sebulan, profil, foto dan manifest yang terperiksa."""
    from komsos_cli.query import VisitFilter
    from komsos_cli.rekap import period_label, resolve_period
    from komsos_cli.sendfile import file_name, visits_to_send, write_send

    period = VisitFilter.from_options(**filters)
    start, end = resolve_period(period.start, period.end)
    store = store_from(ctx)
    with store.read() as db:
        profile = db.profile()
        if not profile.get("babinsa"):
            raise InputError("Profil belum diisi. Jalankan 'komsos init' terlebih dahulu.")
        visits, others = visits_to_send(db.take_visits(), profile, start, end)
    if others:
        print(
            f"Catatan: {others} kunjungan Babinsa lain pada periode ini tidak ikut; "
            "file kirim hanya memuat kunjungan pemilik profil.",
            file=sys.stderr,
        )
    name = file_name(profile, start, end)
    target = output if output is not None else Path(name)
    if target.is_dir():
        target = target / name
    target = output_path(ctx, target, force) or target  # an existing file only with --force
    password = new_password() if sandi else None
    written = write_send(target, visits, profile, start, end, db_path=store.path, password=password)
    for digest in written.missing_photos:
        print(
            f"Peringatan: foto {digest[:12]} tidak ada atau rusak di penyimpanan; tidak ikut terkirim.",
            file=sys.stderr,
        )
    lock = ", bersandi AES-256" if written.encrypted else ""
    print(
        f"File kirim {period_label(start, end)} ditulis ke {written.path}: "
        f"{written.visits} kunjungan, {written.photos} foto, {size_text(written.size)}{lock}."
    )
