"""Fixed example visits for `komsos templates check` and the tests."""

from __future__ import annotations

from typing import Any

SAMPLE_VISITS: tuple[dict[str, Any], ...] = (
    {
        "id": 1, "uuid": "8f14e45f-ceea-467f-a2f1-1a5e0f6c2b11", "tanggal": "2023-01-16",
        "waktu": "09.30", "pangkat": "Serka", "babinsa": "Sugianto", "nrp": "21100123",
        "pendamping": ["Kopda Dede Herman"], "koramil": "07/Gatak", "kodim": "0726/Sukoharjo",
        "kegiatan": "anjangsana", "tema": "usaha", "sapaan": "Bapak", "warga": "Harjanto",
        "umur": 52, "pekerjaan": "pengrajin blangkon",
        "keterangan": "tutup kepala tradisional khas Jawa gaya Surakarta",
        "dukuh": "Dukuh Kauman", "rt": "03", "rw": "04", "jenis_desa": "Desa", "desa": "Krajan",
        "kecamatan": "Gatak", "jenis_kabupaten": "Kabupaten", "kabupaten": "Sukoharjo",
        "provinsi": "Jawa Tengah",
        "topik": "memberikan motivasi agar memasarkan blangkon lewat media daring",
        "kutipan": "Kami siap membantu mengenalkan produk warga ke wilayah yang lebih luas",
        "kutipan_warga": "Saya senang dikunjungi dan mendapat masukan untuk usaha saya",
        "harapan": "usaha Bapak Harjanto semakin dikenal dan ekonomi warga semakin maju",
        "situasi": "aman dan kondusif", "catatan": "Foto dikirim ke grup Pendim sore ini",
    },
    {
        "id": 2, "uuid": "c9f0f895-fb98-4b91-9f0e-2b7a1c3d4e52", "tanggal": "2023-03-07",
        "pangkat": "Sertu", "babinsa": "I Made Sudarta", "koramil": "1611-03/Denpasar Selatan",
        "kodim": "1611/Badung", "kegiatan": "karya-bakti", "tema": "gotong-royong",
        "kelompok": "warga Banjar Kaja", "dukuh": "Banjar Kaja", "jenis_desa": "Kelurahan",
        "desa": "Sesetan", "kecamatan": "Denpasar Selatan", "jenis_kabupaten": "Kota",
        "kabupaten": "Denpasar", "provinsi": "Bali", "waktu": "07.00",
        "pendamping": ["Kopda Ma'ruf Hidayat", "Pratu O'Neil Pattiasina", "Bripka Gede Arsana"],
        "topik": "membersihkan saluran air yang tersumbat sampah menjelang musim hujan",
        "situasi": "aman dan kondusif",
    },
    {
        "id": 3, "uuid": "45c48cce-2e2d-4fbd-8a3b-6e7f8a9b0c13", "tanggal": "2024-07-20",
        "pangkat": "Praka", "babinsa": "Siti Nur-Aini", "kegiatan": "sambang",
        "tema": "kesehatan", "sapaan": "Ibu", "warga": "Marsinah", "kecamatan": "Laweyan",
        "jenis_kabupaten": "Kota", "kabupaten": "Surakarta",
        "topik": "mengingatkan pentingnya imunisasi dasar lengkap bagi balita",
        "kutipan_warga": "Terima kasih sudah diingatkan, Bu Babinsa",
    },
)  # fmt: skip


def sample_visits() -> list[dict[str, Any]]:
    """Fixed example visits: a full record, a group with three pendamping, a minimal one."""
    return [dict(v) for v in SAMPLE_VISITS]
