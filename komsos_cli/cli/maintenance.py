"""Backups, restore, salvage and the demo."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from komsos_cli.cli.app import command, confirmed, console, store_from
from komsos_cli.errors import InputError


@command("backup", "cadangkan")
def backup(
    ctx: typer.Context,
    show_list: bool = typer.Option(False, "--list", help="Tampilkan daftar cadangan yang ada."),
) -> None:
    """Buat cadangan database sekarang (atau lihat daftarnya dengan --list)."""
    store = store_from(ctx)
    if show_list:
        found = store.backups()
        if not found:
            print(f"Belum ada cadangan untuk {store.path}.")
        for path in found:
            print(path)
        return
    print(f"Cadangan dibuat: {store.backup()}")


@command("restore", "pulihkan")
def restore(
    ctx: typer.Context,
    source: Path | None = typer.Argument(
        None, metavar="[FILE]", help="File cadangan (bawaan: yang terbaru)."
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Pulihkan tanpa bertanya."),
) -> None:
    """Pulihkan database dari cadangan. Isi sekarang ikut dicadangkan dulu."""
    store = store_from(ctx)
    chosen = source or store.latest_backup()
    if chosen is None:
        raise InputError(f"Belum ada cadangan untuk {store.path}.")
    taken, count = store.describe_backup(chosen)
    about = f"{chosen} (dibuat {taken:%d/%m/%Y %H.%M}, {count} kunjungan)"
    print(f"Cadangan yang akan dipakai: {about}", file=sys.stderr)
    if not confirmed(f"Ganti isi database {store.path} dengan cadangan itu?", yes):
        return
    used = store.restore(chosen)
    print(f"Database dipulihkan dari {used}: {count} kunjungan.")


@command("salvage", "selamatkan")
def salvage(
    ctx: typer.Context,
    yes: bool = typer.Option(False, "--yes", "-y", help="Selamatkan tanpa bertanya."),
) -> None:
    """Selamatkan database yang rusak: ambil setiap kunjungan yang masih utuh, gabungkan dengan
    cadangan terbaru (yang paling baru diubah menang). File rusak disimpan dulu di folder
    cadangan."""
    from komsos_cli.salvage import salvage as run_salvage

    store = store_from(ctx)
    question = (
        f"Selamatkan database {store.path}: kunjungan yang masih utuh diambil dan digabung "
        "dengan cadangan terbaru, lalu database ditulis ulang?"
    )
    if not confirmed(question, yes):
        return
    done = run_salvage(store)
    print(f"{done.from_file} kunjungan utuh diselamatkan dari file yang rusak.")
    if done.backup is not None:
        print(f"{done.from_backup} kunjungan diambil dari cadangan {done.backup}.")
    else:
        print("Tidak ada cadangan yang bisa dibaca; hanya isi file yang rusak yang dipakai.")
    print(f"Database sekarang berisi {done.total} kunjungan.")
    print(f"File yang rusak disimpan di {done.kept_aside}.")


@command("demo")
def demo() -> None:
    """Contoh: catat satu kunjungan di database sementara, lalu tampilkan rilis dan laporannya."""
    import tempfile

    from komsos_cli.cli.render import visit_table
    from komsos_cli.models import new_visit
    from komsos_cli.storage import Store

    with tempfile.TemporaryDirectory(prefix="komsos-demo-") as folder:
        store = Store(Path(folder) / "demo.json")
        with store.write() as db:
            stored = db.add(new_visit(DEMO_VISIT))
        from komsos_cli.release import render_release, render_report

        out = console()
        out.print(f"[bold]1. Kunjungan contoh tersimpan (nomor {stored['id']}):[/bold]")
        out.print(visit_table(stored))
        out.print(f"\n[bold]2. Rilis berita (komsos release {stored['id']}):[/bold]\n")
        # The sample Babinsa's desa binaan is the visited desa, as in a real profile.
        binaan = [stored["desa"]]
        out.print(render_release(stored, desa_binaan=binaan), markup=False, highlight=False)
        out.print(f"\n[bold]3. Laporan ke Danramil (komsos report {stored['id']}):[/bold]\n")
        out.print(render_report(stored, desa_binaan=binaan), markup=False, highlight=False)
        out.print("\nDatabase contoh sudah dihapus. Mulai dengan: komsos init")


DEMO_VISIT = {
    "tanggal": "16 Januari 2023",
    "waktu": "09.30",
    "pangkat": "Serka",
    "babinsa": "Sugianto",
    "nrp": "21100123",
    "koramil": "07/Gatak",
    "kodim": "0726/Sukoharjo",
    "kegiatan": "anjangsana",
    "tema": "usaha",
    "sapaan": "Bapak",
    "warga": "Harjanto",
    "umur": "52",
    "pekerjaan": "pengrajin blangkon",
    "keterangan": "tutup kepala tradisional khas Jawa gaya Surakarta",
    "dukuh": "Kauman",
    "rt": "3",
    "rw": "4",
    "desa": "Krajan",
    "kecamatan": "Gatak",
    "kabupaten": "Sukoharjo",
    "provinsi": "Jawa Tengah",
    "topik": "memberikan motivasi agar memasarkan blangkon lewat media daring",
    "kutipan": "Kami siap membantu mengenalkan produk warga ke wilayah yang lebih luas",
    "kutipan_warga": "Saya senang dikunjungi dan mendapat masukan untuk usaha saya",
    "harapan": "usaha Bapak Harjanto semakin dikenal dan ekonomi warga Desa Krajan semakin maju",
}
