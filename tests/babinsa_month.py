"""A month of one Babinsa's visits (30 by default), as `komsos add` stores them, and their releases
rendered one after another the way `komsos release` does (each storing its wording choice).

Written for komsos: the people, places and words are invented, not taken from any article.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from komsos_cli.models import new_visit
from komsos_cli.release import CHOICE_KEY, release_with_choice

BABINSA = {
    "pangkat": "Serka", "babinsa": "Sugianto", "nrp": "21100123", "koramil": "07/Gatak",
    "kodim": "0726/Sukoharjo", "kecamatan": "Gatak", "kabupaten": "Sukoharjo",
    "provinsi": "Jawa Tengah",
}  # fmt: skip
DESA = ["Krajan", "Trosemi", "Blimbing", "Geneng", "Klaseman", "Mayang", "Sanggung", "Sraten"]
DUKUH = ["Kauman", "Ngaglik", "Karangmojo", "Tegalsari", "Jetis", "Ngemplak", "Gumuk", "Pundung"]

# (tema, kegiatan, sapaan, warga, umur, pekerjaan, kelompok, topik, kutipan, kutipan_warga,
#  harapan); "" where the Babinsa left it out.
VISITS: list[tuple[str, ...]] = [
    ("usaha", "anjangsana", "Bapak", "Harjanto", "52", "pengrajin blangkon", "",
     "memberikan motivasi agar memasarkan blangkon lewat media daring",
     "Kami siap membantu mengenalkan produk warga ke wilayah yang lebih luas",
     "Pesanan mulai datang dari luar kota sejak saya unggah foto di grup", ""),
    ("pertanian", "pendampingan", "", "", "", "", "kelompok tani Ngudi Makmur",
     "pendampingan panen jagung di lahan seluas tiga hektare", "",
     "Hasilnya lumayan, tongkolnya besar-besar", "harga jagung tetap stabil sampai musim depan"),
    ("kamtibmas", "komsos", "", "", "", "", "pemuda Karang Taruna Tunas Muda",
     "sosialisasi bahaya judi online",
     "Jangan sampai masa depan habis di layar ponsel", "", ""),
    ("kesehatan", "sambang", "Ibu", "Sumarni", "31", "kader posyandu", "",
     "penyuluhan stunting bagi ibu yang memiliki balita", "",
     "Kami akan mendata ulang balita yang jarang datang ke posyandu", ""),
    ("usaha", "sambang", "Ibu", "Wartini", "45", "pedagang sayur", "",
     "pengecekan harga cabai dan bawang merah", "",
     "Harga cabai naik hampir dua kali lipat minggu ini", ""),
    ("sosial", "anjangsana", "Mbah", "Karsono", "84", "", "",
     "menanyakan kondisi kesehatan dan kebutuhan sehari-hari", "", "",
     "Mbah Karsono selalu sehat dan tercukupi kebutuhannya"),
    ("gotong-royong", "karya-bakti", "", "", "", "", "warga RT 02",
     "membersihkan saluran irigasi yang tertutup lumpur",
     "Saluran yang lancar menentukan hasil panen kita", "", ""),
    ("pertanian", "komsos", "Bapak", "Sutrisno", "58", "petani padi", "",
     "menemui seorang petani padi untuk menanyakan serangan hama wereng", "",
     "Wereng muncul lagi di petak sebelah timur", "petani segera mendapat penyuluhan dari PPL"),
    ("umum", "komsos", "Bapak", "Paimin", "", "", "",
     "bersilaturahmi dan menanyakan kabar keluarga", "", "", ""),
    ("perikanan", "sambang", "Bapak", "Darto", "47", "pembudidaya lele",
     "", "melihat kolam lele dan menanyakan harga pakan", "",
     "Pakan pelet sekarang lebih mahal, jadi saya campur dengan ampas tahu", ""),
    ("usaha", "komsos", "Ibu", "Murtiningsih", "39", "pembuat keripik tempe", "",
     "memberikan saran agar kemasan keripik diberi label dan tanggal kedaluwarsa", "",
     "Nanti saya coba buat label sendiri", "usaha keripik Ibu Murtiningsih makin berkembang"),
    ("kamtibmas", "komsos", "", "", "", "", "warga yang berjaga di pos ronda",
     "mengajak warga mengaktifkan kembali ronda malam",
     "Keamanan kampung adalah tanggung jawab kita semua", "", ""),
    ("kesehatan", "komsos", "", "", "", "", "ibu-ibu PKK Dukuh Ngaglik",
     "mengajak warga menguras bak mandi dan menutup tempat penampungan air", "",
     "Kami sepakat kerja bakti setiap Jumat pagi", "kasus demam berdarah tidak muncul lagi"),
    ("sosial", "anjangsana", "Ibu", "Ngatiyem", "72", "", "",
     "mendengarkan cerita tentang anak-anaknya yang merantau", "",
     "Saya senang ada yang menengok", ""),
    ("pertanian", "anjangsana", "Bapak", "Wagimin", "61", "petani tembakau", "",
     "menanyakan persiapan tanam tembakau musim ini",
     "Kalau ada kendala bibit, sampaikan kepada kami", "", ""),
    ("umum", "sambang", "Bapak", "Suyanto", "", "ketua RT 04", "",
     "berdiskusi tentang rencana perbaikan jalan kampung", "",
     "Warga sudah siap iuran semen", "jalan kampung segera diperbaiki bersama"),
    ("gotong-royong", "karya-bakti", "", "", "", "", "warga Dukuh Jetis",
     "memperbaiki atap pos ronda yang bocor", "", "", "pos ronda bisa dipakai lagi"),
    ("usaha", "anjangsana", "Bapak", "Slamet", "50", "perajin mebel", "",
     "mengunjungi bengkel mebel untuk melihat proses pembuatan kursi jati", "",
     "Pesanan kursi biasanya ramai menjelang Lebaran", ""),
    ("perikanan", "komsos", "Bapak", "Marno", "44", "pembudidaya nila", "",
     "memberikan motivasi untuk mencoba kolam terpal", "Kolam terpal hemat lahan dan mudah dirawat",
     "", "hasil panen nila meningkat"),
    ("kesehatan", "sambang", "Ibu", "Lestari", "29", "bidan desa", "",
     "menanyakan jadwal posyandu lansia bulan ini", "", "", ""),
    ("kamtibmas", "komsos", "Bapak", "Tukiran", "56", "tokoh masyarakat", "",
     "membahas persiapan pengamanan hajatan desa", "",
     "Kami akan libatkan pemuda untuk parkir dan keamanan", "hajatan desa berjalan tertib"),
    ("sosial", "komsos", "", "", "", "", "para penyandang disabilitas di Dukuh Gumuk",
     "mendata kebutuhan alat bantu jalan", "", "", ""),
    ("pertanian", "pendampingan", "", "", "", "", "kelompok wanita tani Sekar Arum",
     "mendampingi penanaman cabai di pekarangan", "Pekarangan yang sempit pun bisa menghasilkan",
     "", "kebutuhan dapur warga tercukupi dari pekarangan sendiri"),
    ("umum", "komsos", "Bapak", "Darmaji", "66", "", "",
     "bertamu ke rumah untuk menanyakan kabar setelah sakit", "",
     "Alhamdulillah sekarang sudah bisa ke sawah lagi", ""),
    ("usaha", "sambang", "Ibu", "Painem", "48", "penjual jamu gendong", "",
     "menanyakan perkembangan usaha jamu", "", "Langganan saya kebanyakan buruh pabrik", ""),
    ("gotong-royong", "karya-bakti", "", "", "", "", "warga RT 03",
     "membersihkan makam desa menjelang bulan Ruwah", "", "", ""),
    ("kesehatan", "komsos", "Bapak", "Sugeng", "53", "", "",
     "mengingatkan pentingnya memeriksakan tekanan darah secara rutin", "",
     "Saya baru tahu tensi saya tinggi", "Bapak Sugeng rutin memeriksakan diri ke puskesmas"),
    ("kamtibmas", "sambang", "", "", "", "", "pemilik warung di sekitar pasar",
     "mengimbau agar selalu mengunci kios pada malam hari", "Lebih baik mencegah daripada menyesal",
     "", ""),
    ("perikanan", "anjangsana", "Bapak", "Sarwono", "51", "pemilik kolam pemancingan", "",
     "menanyakan ramainya pengunjung kolam pemancingan", "",
     "Akhir pekan bisa sampai lima puluh orang", ""),
    ("pertanian", "komsos", "Bapak", "Kasiyo", "63", "petani padi", "",
     "membahas rencana tanam serempak di Dukuh Pundung", "",
     "Kalau serempak, hama tidak berpindah-pindah", "tanam serempak berjalan sesuai jadwal"),
]  # fmt: skip

_KEYS = ("tema", "kegiatan", "sapaan", "warga", "umur", "pekerjaan", "kelompok", "topik",
         "kutipan", "kutipan_warga", "harapan")  # fmt: skip


def month(n: int = 30, start: date = date(2024, 8, 1)) -> list[dict[str, Any]]:
    """``n`` visits of Serka Sugianto in the month from ``start``, stored as `add` stores them."""
    visits = []
    for i in range(n):
        row = dict(zip(_KEYS, VISITS[i % len(VISITS)], strict=True))
        given = {k: v for k, v in row.items() if v}
        day = start + timedelta(days=i * 30 // n)
        given |= BABINSA | {"tanggal": day.isoformat(), "desa": DESA[i % len(DESA)]}
        if i % 3 != 2:
            given["dukuh"] = DUKUH[i % len(DUKUH)]
        if i % 4 == 0:
            given["waktu"] = f"{8 + i % 9:02d}.{(i * 7) % 60:02d}"
        if i % 5 == 1:
            given["pendamping"] = ["Kopda Dede Herman"]
        visit = new_visit(given, today=date(2025, 1, 1))
        visit["uuid"] = f"7d1c{i:04d}-0b5e-4c1a-9f00-{i:012d}"
        visit["id"] = i + 1
        visits.append(visit)
    return visits


def render_month(visits: list[dict[str, Any]], **options: Any) -> list[str]:
    """Each visit's release, in order, each knowing the others and storing its choice."""
    texts = []
    for visit in visits:
        text, choice = release_with_choice(visit, others=visits, **options)
        visit[CHOICE_KEY] = choice
        texts.append(text)
    return texts
