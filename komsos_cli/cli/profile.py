"""The Babinsa's profile (`init`, `profile show|set`), stored in the database file itself."""

from __future__ import annotations

import sys
from typing import Any

import typer

from komsos_cli.cli.app import (
    KomsosCommand,
    KomsosGroup,
    app,
    command,
    console,
    interactive,
    print_json,
    store_from,
)
from komsos_cli.errors import InputError

profile_app = typer.Typer(
    cls=KomsosGroup,
    help="Profil Babinsa: nilai bawaan untuk setiap kunjungan.",
    no_args_is_help=True,
)
app.add_typer(
    profile_app,
    name="profile",
    help="Profil Babinsa: lihat atau ubah nilai bawaan. (alias: profil)",
)
app.add_typer(profile_app, name="profil", hidden=True)

INIT_QUESTIONS = (
    ("pangkat", "Pangkat (mis. Serka)", True),
    ("babinsa", "Nama Babinsa", True),
    ("nrp", "NRP", False),
    ("koramil", "Koramil (mis. 07/Gatak)", False),
    ("kodim", "Kodim (mis. 0726/Sukoharjo)", False),
    ("desa", "Desa binaan (pisahkan dengan koma bila lebih dari satu)", False),
    ("kecamatan", "Kecamatan", False),
    ("kabupaten", "Kabupaten/kota (tulis 'Kota ...' untuk kota)", False),
    ("provinsi", "Provinsi", False),
)
LABELS = {
    "pangkat": "Pangkat", "babinsa": "Nama", "nrp": "NRP", "koramil": "Koramil", "kodim": "Kodim",
    "desa": "Desa binaan", "jenis_desa": "Jenis desa", "kecamatan": "Kecamatan",
    "kabupaten": "Kabupaten/kota", "jenis_kabupaten": "Jenis kabupaten", "provinsi": "Provinsi",
    "target": "Target kunjungan per desa sebulan",
    "nomor": "Awalan nomor laporan", "tembusan": "Tembusan",
}  # fmt: skip


def _display(profile: dict[str, Any], key: str) -> str:
    value = profile.get(key)
    if key == "desa" and value:
        return ", ".join(value)
    if key == "tembusan" and value:
        return "; ".join(value)
    if key == "kabupaten" and value and profile.get("jenis_kabupaten") == "Kota":
        return f"Kota {value}"
    if key == "kecamatan" and value and profile.get("jenis_kecamatan"):
        return f"{profile['jenis_kecamatan'].capitalize()} {value}"  # Distrik Aimas
    return "" if value is None else str(value)


def _ask(profile: dict[str, Any]) -> dict[str, Any]:
    from rich.prompt import Prompt

    from komsos_cli.errors import FieldError
    from komsos_cli.models import normalise_profile

    out = console(stderr=True)
    out.print("[bold]Profil Babinsa[/bold] (Enter = pakai nilai dalam kurung)")
    answers: dict[str, Any] = {}
    try:
        for key, question, required in INIT_QUESTIONS:
            default = _display(profile, key)
            while True:
                reply = (Prompt.ask(question, console=out, default=default or None) or "").strip()
                if not reply and required:
                    out.print("[red]Wajib diisi.[/red]")
                    continue
                try:
                    if reply:
                        normalise_profile({key: reply})
                except FieldError as exc:
                    out.print(f"[red]{exc.message}[/red]")
                    continue
                if reply:
                    answers[key] = reply
                break
    except (KeyboardInterrupt, EOFError):
        if answers:  # nothing typed is lost: the line that stores it without asking again
            print(
                "\nJawaban yang sudah diisi tidak disimpan. Untuk menyimpannya nanti:",
                file=sys.stderr,
            )
            print(_init_command_line(answers), file=sys.stderr)
        raise
    return answers


def _init_command_line(answers: dict[str, Any]) -> str:
    """``komsos init --no-input --pangkat Serka ...`` for the answers typed so far."""
    import shlex

    parts = ["komsos", "init", "--no-input"]
    for key, value in answers.items():
        values = [v.strip() for v in value.split(",") if v.strip()] if key == "desa" else [value]
        for item in values:
            parts += [f"--{key}", item]
    return shlex.join(parts)


@command("init")
def init(
    ctx: typer.Context,
    pangkat: str | None = typer.Option(None, "--pangkat", help="Pangkat, mis. Serka."),
    babinsa: str | None = typer.Option(None, "--babinsa", help="Nama Babinsa."),
    nrp: str | None = typer.Option(None, "--nrp", help="NRP."),
    koramil: str | None = typer.Option(None, "--koramil", help="Koramil, mis. 07/Gatak."),
    kodim: str | None = typer.Option(None, "--kodim", help="Kodim, mis. 0726/Sukoharjo."),
    desa: list[str] | None = typer.Option(None, "--desa", help="Desa binaan (boleh diulang)."),
    kelurahan: list[str] | None = typer.Option(
        None, "--kelurahan", help="Kelurahan binaan (boleh diulang)."
    ),
    kecamatan: str | None = typer.Option(None, "--kecamatan", help="Kecamatan."),
    kabupaten: str | None = typer.Option(None, "--kabupaten", help="Kabupaten."),
    kota: str | None = typer.Option(None, "--kota", help="Kota (ganti --kabupaten)."),
    provinsi: str | None = typer.Option(None, "--provinsi", help="Provinsi."),
    no_input: bool = typer.Option(False, "--no-input", help="Jangan bertanya; pakai opsi saja."),
) -> None:
    """Isi profil Babinsa sekali: pangkat, nama, NRP, Koramil, Kodim, desa binaan."""
    from komsos_cli.models import normalise_profile

    given = {
        k: v for k, v in dict(
            pangkat=pangkat, babinsa=babinsa, nrp=nrp, koramil=koramil, kodim=kodim,
            desa=desa or None, kelurahan=kelurahan or None, kecamatan=kecamatan,
            kabupaten=kabupaten, kota=kota, provinsi=provinsi,
        ).items() if v is not None
    }  # fmt: skip
    store = store_from(ctx)
    with store.read() as db:
        current = db.profile()
    if interactive(no_input):
        given = {**_ask({**current}), **given}
    changes = normalise_profile(given)
    # Place names against the official list of wilayah (cli/place_names.py).
    from komsos_cli.cli.place_names import apply_wilayah_check_profile, hold_notes

    with hold_notes():  # warnings once the profile is valid, or with the error
        changes = apply_wilayah_check_profile(changes, current, interactive=interactive(no_input))
        profile = {**current, **changes}
        missing = [k for k in ("pangkat", "babinsa") if not profile.get(k)]
        if missing:
            raise InputError("Profil belum lengkap: " + ", ".join(missing) + " wajib diisi.")
    with store.write() as db:
        db.set_profile(profile)
    print(f"Profil tersimpan di {store.path}.")


@profile_app.command("show", cls=KomsosCommand, help="Tampilkan profil Babinsa. (alias: lihat)")
@profile_app.command("lihat", hidden=True, cls=KomsosCommand)
def profile_show(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Cetak sebagai JSON."),
) -> None:
    store = store_from(ctx)
    with store.read() as db:
        profile = db.profile()
    if as_json:
        print_json(profile)
        return
    if not profile:
        print("Profil belum diisi. Jalankan: komsos init")
        print(f"File database: {store.path}")
        return
    from rich.table import Table

    table = Table(show_header=False, box=None)
    for key, label in LABELS.items():
        if key in ("jenis_desa", "jenis_kabupaten"):
            continue
        if profile.get(key):
            table.add_row(label, _display(profile, key))
    table.add_row("File database", str(store.path))
    console().print(table)


@profile_app.command(
    "set",
    cls=KomsosCommand,
    help="Ubah satu nilai profil, mis. 'komsos profile set desa \"Krajan, Blimbing\"'. (alias: ubah)",
)
@profile_app.command("ubah", hidden=True, cls=KomsosCommand)
def profile_set(
    ctx: typer.Context,
    key: str = typer.Argument(
        ...,
        metavar="KOLOM",
        help="pangkat, babinsa, nrp, koramil, kodim, desa, kelurahan, kecamatan, kabupaten, kota, provinsi, target (kunjungan per desa sebulan, untuk rekap); untuk laporan harian Koramil ke Dandim: nomor (awalan nomor surat, mis. R/Laphar) dan tembusan (pisahkan dengan ';').",
    ),
    value: str = typer.Argument(..., metavar="NILAI", help="Nilai baru ('' untuk mengosongkan)."),
) -> None:
    from komsos_cli.models import normalise_profile

    changes = normalise_profile({key.lower(): value})
    with store_from(ctx).write() as db:
        # Place names against the official list of wilayah (cli/place_names.py); never asks.
        from komsos_cli.cli.place_names import apply_wilayah_check_profile

        changes = apply_wilayah_check_profile(changes, db.profile())
        profile = {**db.profile(), **changes}
        if key.lower() in ("desa", "kelurahan") and not changes.get("desa"):
            profile.pop("jenis_desa", None)
        for k in ("pangkat", "babinsa"):
            if not profile.get(k) and key.lower() in (k, "nama"):
                raise InputError(f"{LABELS[k]} tidak boleh kosong.")
        db.set_profile(profile)
    print(f"Profil diubah: {key.lower()}.")
