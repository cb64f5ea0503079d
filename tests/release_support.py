"""Sample visits for the release tests: one per tema, built the way `komsos add` builds them."""

from __future__ import annotations

from datetime import date
from typing import Any

from komsos_cli.models import new_visit

TODAY = date(2025, 1, 1)

PER_TEMA: dict[str, dict[str, Any]] = {
    "usaha": {
        "tanggal": "16/01/2023", "waktu": "09.30", "pangkat": "Serka", "babinsa": "Sugianto",
        "nrp": "21100123", "pendamping": ["Kopda Dede Herman"], "koramil": "07/Gatak",
        "kodim": "0726/Sukoharjo", "kegiatan": "anjangsana", "sapaan": "Bapak",
        "warga": "Harjanto", "umur": "52", "pekerjaan": "pengrajin blangkon",
        "keterangan": "tutup kepala tradisional khas Jawa gaya Surakarta", "dukuh": "Dk.Kauman",
        "rt": "3", "rw": "4", "desa": "Krajan", "kecamatan": "Gatak", "kabupaten": "Sukoharjo",
        "provinsi": "Jawa Tengah",
        "topik": "memberikan motivasi agar memasarkan blangkon lewat media daring",
        "kutipan": "Kami siap membantu mengenalkan produk warga ke wilayah yang lebih luas",
        "kutipan_warga": "Saya senang dikunjungi dan mendapat masukan untuk usaha saya",
        "harapan": "usaha Bapak Harjanto semakin dikenal dan ekonomi warga semakin maju",
        "catatan": "Foto sudah dikirim ke grup Pendim",
    },
    "pertanian": {
        "tanggal": "2023-09-04", "waktu": "07.15", "pangkat": "Sertu", "babinsa": "Ma'ruf Hidayat",
        "pendamping": ["Pratu Yohanes Wenda", "Bripka Slamet"], "koramil": "05/Ngawen",
        "kodim": "0720/Rembang", "kegiatan": "pendampingan",
        "kelompok": "para anggota kelompok tani Sido Makmur", "dukuh": "Dusun Ngasem",
        "desa": "Sumberjo", "kecamatan": "Ngawen", "kabupaten": "Rembang",
        "provinsi": "Jawa Tengah",
        "topik": "mendampingi penanaman padi varietas Inpari 32 di lahan seluas dua hektare",
        "kutipan": "Pendampingan ini kami lakukan sejak pengolahan lahan sampai panen nanti",
        "harapan": "agar hasil panen musim ini meningkat",
    },
    "perikanan": {
        "tanggal": "2024-02-10", "waktu": "16.00", "pangkat": "Serda", "babinsa": "O'Neil Rumbiak",
        "koramil": "1802-07/Aimas", "kodim": "1802/Sorong", "kegiatan": "sambang",
        "sapaan": "Bapak", "warga": "Yohanis Kambu", "pekerjaan": "nelayan tradisional",
        "desa": "Kampung Malawele", "kecamatan": "Aimas", "kabupaten": "Sorong",
        "provinsi": "Papua Barat Daya",
        "topik": "menanyakan kendala melaut selama musim angin barat",
        "kutipan_warga": "Kalau ombak tinggi, kami memilih memperbaiki jaring di darat",
        "harapan": "semoga hasil tangkapan nelayan kembali normal",
    },
    "kesehatan": {
        "tanggal": "2024-07-20", "waktu": "10.00", "pangkat": "Praka", "babinsa": "Siti Nur-Aini",
        "koramil": "02/Laweyan", "kodim": "0735/Surakarta", "kegiatan": "sambang",
        "sapaan": "Ibu", "warga": "Marsinah", "umur": "34", "pekerjaan": "kader posyandu",
        "rt": "2", "rw": "11", "kelurahan": "Sondakan", "kecamatan": "Laweyan",
        "kota": "Surakarta", "provinsi": "Jawa Tengah",
        "topik": "mengingatkan pentingnya imunisasi dasar lengkap bagi balita",
        "kutipan": "Balita yang imunisasinya lengkap lebih terlindungi dari penyakit berbahaya",
        "kutipan_warga": "Terima kasih sudah diingatkan, Bu Babinsa",
        "harapan": "diharapkan cakupan imunisasi di Kelurahan Sondakan terus meningkat",
    },
    "kamtibmas": {
        "tanggal": "2023-11-25", "waktu": "20.00", "pangkat": "Pelda", "babinsa": "I Made Sudarta",
        "pendamping": ["Bripka Gede Arsana"], "koramil": "1611-03/Denpasar Selatan",
        "kodim": "1611/Badung", "kegiatan": "komsos", "kelompok": "warga yang berjaga di pos kamling",
        "dukuh": "Banjar Kaja", "kelurahan": "Sesetan", "kecamatan": "Denpasar Selatan",
        "kota": "Denpasar", "provinsi": "Bali",
        "topik": "mengajak warga mengaktifkan kembali ronda malam",
        "kutipan": "Lingkungan yang aman adalah tanggung jawab kita bersama",
        "harapan": "semoga situasi di Banjar Kaja tetap aman menjelang akhir tahun",
        "situasi": "aman, tidak ada kejadian menonjol",
    },
    "sosial": {
        "tanggal": "2024-03-14", "pangkat": "Serka", "babinsa": "La Ode Musa",
        "koramil": "1413-02/Kapontori", "kodim": "1413/Buton", "kegiatan": "anjangsana",
        "sapaan": "Mbah", "warga": "Wa Ode Hasna", "umur": "81",
        "keterangan": "tinggal seorang diri setelah suaminya meninggal", "desa": "Wakalambe",
        "kecamatan": "Kapontori", "kabupaten": "Buton", "provinsi": "Sulawesi Tenggara",
        "topik": "memberikan bantuan sembako dan menanyakan kondisi kesehatannya",
        "kutipan_warga": "Alhamdulillah, saya merasa diperhatikan",
    },
    "gotong-royong": {
        "tanggal": "2023-03-07", "waktu": "07.00", "pangkat": "Sertu", "babinsa": "Agus Salim",
        "pendamping": ["Kopda Ma'ruf Hidayat", "Pratu O'Neil Pattiasina", "Praka Budi-Santoso"],
        "koramil": "07/Gatak", "kodim": "0726/Sukoharjo", "kegiatan": "karya-bakti",
        "kelompok": "warga RT 05", "rt": "5", "rw": "2", "desa": "Trosemi", "kecamatan": "Gatak",
        "kabupaten": "Sukoharjo", "provinsi": "Jawa Tengah",
        "topik": "membersihkan saluran air yang tersumbat sampah menjelang musim hujan",
        "kutipan": "Kalau saluran bersih, banjir bisa dicegah sejak awal",
        "harapan": "lingkungan Desa Trosemi bebas banjir saat musim hujan tiba",
    },
    "umum": {
        "tanggal": "2024-05-02", "pangkat": "Kopda", "babinsa": "Dede Herman",
        "warga": "Samidi", "kecamatan": "Gatak", "topik": "bersilaturahmi dan menanyakan kabar keluarga",
    },
}  # fmt: skip

UUIDS = {tema: f"0000{n:04d}-5e1e-4a5e-9b1d-{n:012d}" for n, tema in enumerate(PER_TEMA, start=1)}


def sample(tema: str, **changes: Any) -> dict[str, Any]:
    """The sample visit of ``tema`` as stored (normalised), with a fixed uuid and id."""
    given = {**PER_TEMA[tema], "tema": tema, **changes}
    visit = new_visit(given, today=TODAY)
    visit["uuid"] = UUIDS[tema]
    visit["id"] = list(PER_TEMA).index(tema) + 1
    return visit
