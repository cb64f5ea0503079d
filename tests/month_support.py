"""A Koramil's March 2023 in one office database: two Babinsa with their own desa binaan,
a visit of each on 16 March (one with the policeman and the village head along), more visits in
the month, and one from another Koramil and Kodim. Stored through the real CLI: the two
Babinsa of 07/Gatak log in their own databases and send their months (`komsos send`), which
the office imports with their profiles; the other visits are added at the office."""

from __future__ import annotations

from pathlib import Path

SUGIANTO = [
    "--pangkat", "Serka", "--babinsa", "Sugianto", "--nrp", "21050123", "--koramil", "07/Gatak",
    "--kodim", "0726/Sukoharjo", "--kecamatan", "Gatak", "--kabupaten", "Sukoharjo",
    "--provinsi", "Jawa Tengah",
]  # fmt: skip
DEDE = [
    "--pangkat", "Kopda", "--babinsa", "Dede Herman", "--nrp", "31120456", "--koramil",
    "07/Gatak", "--kodim", "0726/Sukoharjo", "--kecamatan", "Gatak", "--kabupaten",
    "Sukoharjo", "--provinsi", "Jawa Tengah",
]  # fmt: skip
BAKI = [
    "--pangkat", "Sertu", "--babinsa", "Wahyudi", "--nrp", "21080777", "--koramil", "08/Baki",
    "--kodim", "0726/Sukoharjo", "--kecamatan", "Baki", "--kabupaten", "Sukoharjo",
    "--provinsi", "Jawa Tengah",
]  # fmt: skip
KLATEN = [
    "--pangkat", "Serma", "--babinsa", "Joko Susilo", "--nrp", "20990111", "--koramil",
    "12/Delanggu", "--kodim", "0723/Klaten", "--kecamatan", "Delanggu", "--kabupaten", "Klaten",
    "--provinsi", "Jawa Tengah",
]  # fmt: skip

VISITS = [
    SUGIANTO + [
        "--tanggal", "2023-03-16", "--waktu", "09.30", "--sapaan", "Bapak", "--warga", "Harjanto",
        "--umur", "52", "--pekerjaan", "pengrajin blangkon", "--desa", "Krajan",
        "--rt", "02", "--rw", "05", "--tema", "usaha",
        "--topik", "memberikan motivasi agar usaha blangkon terus berkembang",
        "--kutipan-warga", "Pesanan blangkon meningkat menjelang Lebaran",
        "--situasi", "aman dan kondusif",
    ],
    DEDE + [
        "--tanggal", "2023-03-16", "--waktu", "13.00", "--kegiatan", "pendampingan",
        "--tema", "kesehatan", "--kelompok", "ibu-ibu kader posyandu", "--desa", "Sraten",
        "--pendamping", "Bhabinkamtibmas Bripka Agus Salim", "--pendamping", "Kepala Desa Suparno",
        "--topik", "penyuluhan stunting", "--situasi", "aman, tertib dan kondusif",
    ],
    SUGIANTO + [
        "--tanggal", "2023-03-09", "--sapaan", "Ibu", "--warga", "Sumarni",
        "--pekerjaan", "petani", "--desa", "Blimbing", "--tema", "pertanian",
        "--topik", "mengajak petani menanam padi serempak",
    ],
    DEDE + [
        "--tanggal", "2023-03-21", "--kegiatan", "karya-bakti", "--tema", "gotong-royong",
        "--kelompok", "warga RT 03", "--desa", "Sraten",
        "--topik", "membersihkan saluran irigasi bersama warga",
    ],
    BAKI + [
        "--tanggal", "2023-03-16", "--kegiatan", "sambang", "--tema", "kamtibmas",
        "--kelompok", "peserta ronda malam", "--desa", "Ngrombo",
        "--topik", "mengajak warga mengaktifkan ronda malam",
    ],
    KLATEN + [
        "--tanggal", "2023-03-02", "--warga", "Paimin", "--desa", "Sabrang",
        "--topik", "silaturahmi dengan tokoh masyarakat",
    ],
    SUGIANTO + [
        "--tanggal", "2023-04-03", "--warga", "Sukimin", "--desa", "Krajan",
        "--topik", "silaturahmi dengan warga",
    ],
]  # fmt: skip

# The office's own profile: the Koramil 07/Gatak operator.
OFFICE = [
    "init", "--no-input", "--pangkat", "Serma", "--babinsa", "Bambang Riyadi", "--nrp",
    "20010999", "--koramil", "07/Gatak", "--kodim", "0726/Sukoharjo", "--kecamatan", "Gatak",
    "--kabupaten", "Sukoharjo", "--provinsi", "Jawa Tengah",
]  # fmt: skip


# The senders' own profiles: each Babinsa's desa binaan.
SENDERS = {
    "Sugianto": (SUGIANTO, ["--desa", "Krajan", "--desa", "Blimbing"]),
    "Dede Herman": (DEDE, ["--desa", "Sraten", "--desa", "Trosemi"]),
}


def fill_month(komsos, db: Path, *, office: bool = True) -> list[dict]:
    """Store the month's visits (and the office profile); returns them as `list --json`."""
    if office:
        komsos("--db", db, *OFFICE)
    sends = db.parent / "kiriman"
    sends.mkdir(exist_ok=True)
    for name, (unit, binaan) in SENDERS.items():
        own = db.parent / f"babinsa-{name.split()[0].lower()}.json"
        komsos("--db", own, "init", "--no-input", *unit, *binaan)
        for args in VISITS:
            if args[: len(unit)] == unit:
                komsos("--db", own, "add", "--no-input", *args)
        komsos("--db", own, "send", "--from", "2023-03-01", "--to", "2023-04-30", "-o", sends)
    komsos("--db", db, "import", *sorted(sends.glob("*.komsos")))
    for args in VISITS:
        if not any(args[: len(unit)] == unit for unit, _ in SENDERS.values()):
            komsos("--db", db, "add", "--no-input", *args)
    return komsos.json("--db", db, "list")
