"""Place names through the CLI: add/edit/init/profile set check them against the list of wilayah,
`komsos wilayah cari`, --strict-wilayah, shell completion. A real TinyDB file under tmp_path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests_support import Terminal

from komsos_cli.paths import CACHE_ENV

VISIT = ["--warga", "Harjanto", "--topik", "memberikan motivasi", "--tanggal", "2023-01-16"]


@pytest.fixture(scope="session")
def wilayah_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("wilayah-cache-cli")


@pytest.fixture(autouse=True)
def _cache_env(wilayah_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(wilayah_cache))


@pytest.fixture
def k(komsos, db_path: Path):
    """``komsos --db <tmp file> ...``"""

    def run(*args: str, code: int | None = 0, input: str | None = None):
        return komsos("--db", str(db_path), *args, code=code, input=input)

    return run


@pytest.fixture
def gatak(k):
    """The profile of the Babinsa of Desa Krajan, Kecamatan Gatak, Kabupaten Sukoharjo."""
    k("init", "--no-input", "--pangkat", "Serka", "--babinsa", "Sugianto", "--desa", "Krajan",
      "--kecamatan", "Gatak", "--kabupaten", "Sukoharjo")  # fmt: skip
    return k


@pytest.fixture
def nowhere(k):
    """A profile without a place: every place comes from the command line."""
    k("init", "--no-input", "--pangkat", "Serka", "--babinsa", "Sugianto")
    return k


@pytest.fixture
def wamena(k):
    """A Babinsa of Papua Pegunungan (WIT)."""
    k("init", "--no-input", "--pangkat", "Serka", "--babinsa", "Sugianto", "--desa", "Autakma",
      "--kecamatan", "Wamena", "--kabupaten", "Jayawijaya")  # fmt: skip
    return k


def stored(k, ref: str = "1") -> dict:
    return json.loads(k("show", ref, "--json").stdout)


def place(visit: dict) -> tuple:
    keys = ("jenis_desa", "desa", "kecamatan", "jenis_kabupaten", "kabupaten", "provinsi")
    return tuple(visit.get(key) for key in keys)


# --- add ------------------------------------------------------------------------------------------


def test_add_misspelt_desa_is_stored_as_typed_with_a_warning(gatak) -> None:
    result = gatak("add", "--no-input", *VISIT, "--desa", "Kraajan")
    assert (
        "Peringatan: Desa 'Kraajan' tidak ada di Kecamatan Gatak. Maksud Anda: Krajan? "
        "Disimpan seperti diketik: 'Kraajan'." in result.stderr
    )
    assert stored(gatak)["desa"] == "Kraajan"


def test_add_strict_refuses_an_unknown_name_and_stores_nothing(gatak) -> None:
    result = gatak("add", "--no-input", *VISIT, "--desa", "Kraajan", "--strict-wilayah", code=2)
    assert "Nama wilayah tidak ada di daftar resmi (--strict-wilayah)" in result.stderr
    assert "Desa 'Kraajan' tidak ada di Kecamatan Gatak. Maksud Anda: Krajan?" in result.stderr
    assert json.loads(gatak("list", "--json").stdout) == []


def test_add_official_spelling_is_applied(gatak) -> None:
    result = gatak("add", "--no-input", *VISIT, "--desa", "krajan ", "--kecamatan", "GATAK",
                   "--strict-wilayah")  # fmt: skip
    assert "Peringatan" not in result.stderr
    assert place(stored(gatak)) == (
        "Desa", "Krajan", "Gatak", "Kabupaten", "Sukoharjo", "Jawa Tengah",
    )  # fmt: skip


def test_add_in_a_city_completes_the_kecamatan_and_drops_the_profiles(gatak) -> None:
    result = gatak("add", "--no-input", *VISIT, "--kelurahan", "sondakan", "--kota", "solo")
    assert place(stored(gatak)) == (
        "Kelurahan", "Sondakan", "Laweyan", "Kota", "Surakarta", "Jawa Tengah",
    )  # fmt: skip
    assert "Catatan: Kecamatan 'Gatak' tidak ada di Kota Surakarta" in result.stderr
    assert "kabupaten 'Solo' → Surakarta" in result.stderr


def test_add_wrong_kecamatan_for_the_desa(gatak) -> None:
    result = gatak("add", "--no-input", *VISIT, "--desa", "Krajan", "--kecamatan", "Polokarto",
                   "--strict-wilayah", code=2)  # fmt: skip
    assert "Desa 'Krajan' tidak ada di Kecamatan Polokarto, tetapi ada di Kecamatan Gatak" in (
        result.stderr
    )


def test_add_other_kecamatan_does_not_take_the_profiles_desa(gatak) -> None:
    result = gatak("add", "--no-input", *VISIT, "--kecamatan", "Polokarto", "--strict-wilayah")
    assert "Catatan: Desa 'Krajan' tidak ada di Kecamatan Polokarto" in result.stderr
    visit = stored(gatak)
    assert (visit.get("desa"), visit["kecamatan"]) == (None, "Polokarto")


def test_add_without_place_flags_uses_the_profile_unchecked(gatak) -> None:
    result = gatak("add", "--no-input", *VISIT, "--strict-wilayah")
    assert result.stderr == ""
    assert stored(gatak)["desa"] == "Krajan"


def test_add_nagari_in_sumatera_barat(nowhere) -> None:
    nowhere("add", "--no-input", *VISIT, "--desa", "Nagari Koto Gadang", "--kecamatan",
            "IV Koto", "--kabupaten", "agam", "--strict-wilayah")  # fmt: skip
    assert place(stored(nowhere)) == (
        "Nagari", "Koto Gadang", "IV Koto", "Kabupaten", "Agam", "Sumatera Barat",
    )  # fmt: skip


def test_add_gampong_in_aceh(nowhere) -> None:
    nowhere("add", "--no-input", *VISIT, "--desa", "ulee lheue", "--kota", "Banda Aceh",
            "--strict-wilayah")  # fmt: skip
    assert place(stored(nowhere)) == (
        "Gampong", "Ulee Lheue", "Meuraxa", "Kota", "Banda Aceh", "Aceh",
    )  # fmt: skip


def test_add_in_bali_and_nusa_tenggara(nowhere) -> None:
    nowhere("add", "--no-input", *VISIT, "--desa", "Legian", "--kecamatan", "Kuta",
            "--kabupaten", "Badung", "--strict-wilayah")  # fmt: skip
    # Legian is a kelurahan (its Kemendagri code), though it lies in a kabupaten.
    assert place(stored(nowhere)) == (
        "Kelurahan", "Legian", "Kuta", "Kabupaten", "Badung", "Bali",
    )  # fmt: skip
    nowhere("add", "--no-input", *VISIT, "--desa", "Oebobo", "--kabupaten", "Kota Kupang")
    assert place(stored(nowhere, "2")) == (
        "Kelurahan", "Oebobo", "Oebobo", "Kota", "Kupang", "Nusa Tenggara Timur",
    )  # fmt: skip


def test_add_in_sulawesi(nowhere) -> None:
    nowhere("add", "--no-input", *VISIT, "--kelurahan", "Jongaya", "--kota", "Makassar")
    assert place(stored(nowhere)) == (
        "Kelurahan", "Jongaya", "Tamalate", "Kota", "Makassar", "Sulawesi Selatan",
    )  # fmt: skip


def test_add_in_a_2022_province(nowhere) -> None:
    nowhere("add", "--no-input", *VISIT, "--desa", "Autakma", "--kecamatan", "Wamena",
            "--kabupaten", "Jayawijaya", "--strict-wilayah")  # fmt: skip
    visit = stored(nowhere)
    assert place(visit) == (
        "Kampung", "Autakma", "Wamena", "Kabupaten", "Jayawijaya", "Papua Pegunungan",
    )  # fmt: skip


def test_add_kampung_in_kota_jayapura(nowhere) -> None:
    nowhere("add", "--no-input", *VISIT, "--desa", "Kampung Yoka", "--kota", "Jayapura",
            "--strict-wilayah")  # fmt: skip
    assert place(stored(nowhere)) == ("Kampung", "Yoka", "Heram", "Kota", "Jayapura", "Papua")


def test_add_keeps_an_official_name_that_begins_like_a_kind(nowhere) -> None:
    """Kelurahan "Kampung Baru" of Kota Medan is stored whole, through add and edit."""
    nowhere("add", "--no-input", *VISIT, "--desa", "Kampung Baru", "--kecamatan", "Medan Maimun",
            "--kota", "Medan", "--strict-wilayah")  # fmt: skip
    expected = ("Kelurahan", "Kampung Baru", "Medan Maimun", "Kota", "Medan", "Sumatera Utara")
    assert place(stored(nowhere)) == expected
    nowhere("edit", "1", "--kecamatan", "medan maimun", "--strict-wilayah")
    assert place(stored(nowhere)) == expected
    nowhere("add", "--no-input", *VISIT, "--kelurahan", "Kampung Baru", "--kecamatan",
            "Medan Maimun", "--kota", "Medan")  # fmt: skip
    assert place(stored(nowhere, "2")) == expected


def test_add_with_the_province_before_2022(nowhere) -> None:
    args = ["add", "--no-input", *VISIT, "--desa", "Autakma", "--kecamatan", "Wamena",
            "--kabupaten", "Jayawijaya", "--provinsi", "Papua"]  # fmt: skip
    result = nowhere(*args, "--strict-wilayah", code=2)
    assert "masuk Provinsi Papua Pegunungan sejak 2022 (UU No. 16 Tahun 2022)" in result.stderr
    result = nowhere(*args)
    assert "Maksud Anda: Papua Pegunungan?" in result.stderr
    assert stored(nowhere)["provinsi"] == "Papua"  # kept as typed


def test_add_bad_province_is_still_an_error(gatak) -> None:
    result = gatak("add", "--no-input", *VISIT, "--provinsi", "Jawa Tenga", code=2)
    assert "Provinsi 'Jawa Tenga' tidak dikenal. Maksud Anda: Jawa Tengah?" in result.stderr
    assert json.loads(gatak("list", "--json").stdout) == []


# --- a default from the profile gives way to the place typed ----------------------------------


def test_add_in_another_province_takes_its_province_and_time_zone(gatak) -> None:
    """A profile in Jawa Tengah (WIB); a visit in Denpasar is in Bali and its release says WITA."""
    result = gatak("add", "--no-input", *VISIT, "--kelurahan", "Sanur", "--kecamatan",
                   "Denpasar Selatan", "--kota", "Denpasar", "--waktu", "10.00",
                   "--strict-wilayah")  # fmt: skip
    assert place(stored(gatak)) == (
        "Kelurahan", "Sanur", "Denpasar Selatan", "Kota", "Denpasar", "Bali",
    )  # fmt: skip
    assert "pukul 10.00 WITA" in gatak("release", "1").stdout
    assert (
        "Catatan: Kota Denpasar ada di Provinsi Bali; Provinsi Jawa Tengah (dari profil) "
        "tidak dipakai." in result.stderr
    )
    assert "Peringatan" not in result.stderr
    assert "Jawa Tengah'" not in result.stderr  # never "kept as typed": it was not typed


def test_add_kota_kupang_with_a_profile_in_papua_pegunungan(wamena) -> None:
    result = wamena("add", "--no-input", *VISIT, "--kelurahan", "Oesapa", "--kota", "Kupang",
                    "--waktu", "09.30")  # fmt: skip
    assert place(stored(wamena)) == (
        "Kelurahan", "Oesapa", "Kelapa Lima", "Kota", "Kupang", "Nusa Tenggara Timur",
    )  # fmt: skip
    assert "pukul 09.30 WITA" in wamena("release", "1").stdout
    assert "Provinsi Papua Pegunungan (dari profil) tidak dipakai." in result.stderr
    assert "Kabupaten Kupang" not in result.stderr  # the user typed --kota
    assert "Peringatan" not in result.stderr


def test_add_kecamatan_typed_moves_the_profiles_kabupaten_and_province(gatak) -> None:
    result = gatak("add", "--no-input", *VISIT, "--kelurahan", "Sanur", "--kecamatan",
                   "denpasar selatan", "--strict-wilayah")  # fmt: skip
    assert place(stored(gatak)) == (
        "Kelurahan", "Sanur", "Denpasar Selatan", "Kota", "Denpasar", "Bali",
    )  # fmt: skip
    assert (
        "Catatan: Kecamatan Denpasar Selatan ada di Kota Denpasar, Provinsi Bali; Kabupaten "
        "Sukoharjo dan Provinsi Jawa Tengah (dari profil) tidak dipakai." in result.stderr
    )


def test_add_kecamatan_elsewhere_drops_the_profiles_desa_too(gatak) -> None:
    result = gatak("add", "--no-input", *VISIT, "--kecamatan", "Kota")
    visit = stored(gatak)
    assert place(visit) == (None, None, "Kota", "Kota", "Kediri", "Jawa Timur")
    assert "Catatan: Desa 'Krajan' tidak ada di Kecamatan Kota." in result.stderr


def test_add_desa_of_another_kecamatan_moves_the_profiles_kecamatan(gatak) -> None:
    result = gatak("add", "--no-input", *VISIT, "--desa", "Kateguhan", "--strict-wilayah")
    assert place(stored(gatak)) == (
        "Desa", "Kateguhan", "Tawangsari", "Kabupaten", "Sukoharjo", "Jawa Tengah",
    )  # fmt: skip
    assert "Kecamatan Gatak (dari profil) tidak dipakai." in result.stderr


def test_add_desa_name_alone_does_not_move_the_visit_to_another_kabupaten(gatak) -> None:
    """Desa names repeat across the country: a desa typed alone is looked for around the
    profile's place, never moved to Bali because Bali has a village of that name."""
    result = gatak("add", "--no-input", *VISIT, "--desa", "Sanur")
    assert "Desa 'Sanur' tidak ada di Kecamatan Gatak." in result.stderr
    visit = stored(gatak)
    assert (visit["desa"], visit["kabupaten"], visit["provinsi"]) == (
        "Sanur", "Sukoharjo", "Jawa Tengah",
    )  # fmt: skip


def test_add_typo_keeps_the_profiles_kecamatan(gatak) -> None:
    gatak("add", "--no-input", *VISIT, "--desa", "Kraajan")
    assert stored(gatak)["kecamatan"] == "Gatak"


def test_add_typed_province_is_kept_and_the_warning_names_the_kota_once(gatak) -> None:
    result = gatak("add", "--no-input", *VISIT, "--kelurahan", "Oesapa", "--kota", "Kupang",
                   "--provinsi", "Jawa Tengah")  # fmt: skip
    assert (
        "Peringatan: Kota Kupang ada di Provinsi Nusa Tenggara Timur, bukan di Provinsi Jawa "
        "Tengah. Maksud Anda: Nusa Tenggara Timur? Disimpan seperti diketik: 'Jawa Tengah'."
        in result.stderr
    )
    assert stored(gatak)["provinsi"] == "Jawa Tengah"


def test_add_kabupaten_of_two_kinds_in_another_province_offers_it_once(gatak) -> None:
    result = gatak("add", "--no-input", *VISIT, "--kecamatan", "Kelapa Lima", "--kabupaten",
                   "Kupang", "--provinsi", "Jawa Tengah")  # fmt: skip
    assert (
        "Kabupaten Kupang dan Kota Kupang ada di Provinsi Nusa Tenggara Timur, bukan di "
        "Provinsi Jawa Tengah. Maksud Anda: Nusa Tenggara Timur? Disimpan" in result.stderr
    )
    assert "Nusa Tenggara Timur atau" not in result.stderr


def test_edit_to_another_province_takes_its_province(gatak) -> None:
    gatak("add", "--no-input", *VISIT, "--waktu", "10.00")
    result = gatak("edit", "1", "--kelurahan", "Sanur", "--kecamatan", "Denpasar Selatan",
                   "--kota", "Denpasar", "--strict-wilayah")  # fmt: skip
    assert place(stored(gatak)) == (
        "Kelurahan", "Sanur", "Denpasar Selatan", "Kota", "Denpasar", "Bali",
    )  # fmt: skip
    assert "Provinsi Jawa Tengah (nilai tersimpan) tidak dipakai." in result.stderr
    assert "pukul 10.00 WITA" in gatak("release", "1").stdout


def test_profile_set_kota_in_another_province_takes_its_province(gatak) -> None:
    result = gatak("profile", "set", "kota", "Denpasar")
    profile = json.loads(gatak("profile", "show", "--json").stdout)
    assert (profile["kabupaten"], profile["provinsi"]) == ("Denpasar", "Bali")
    assert "Provinsi Jawa Tengah (dari profil) tidak dipakai." in result.stderr
    # The profile's kecamatan was not typed: it is kept, and said so plainly.
    assert profile["kecamatan"] == "Gatak"
    assert "Tetap disimpan: 'Gatak' (dari profil)." in result.stderr
    assert "Disimpan seperti diketik" not in result.stderr


# --- warnings only for a visit that is stored (or with the error) ---------------------------------


def test_ambiguous_desa_warning_lists_places_with_one_dan(nowhere) -> None:
    result = nowhere("add", "--no-input", *VISIT, "--desa", "Krajan", "--provinsi", "Jawa Tengah")
    (line,) = [x for x in result.stderr.splitlines() if "desa/kelurahan bernama Krajan" in x]
    assert line.startswith("Peringatan: Ada 6 desa/kelurahan bernama Krajan, di Kecamatan ")
    assert line.endswith(
        ", Gatak (Kabupaten Sukoharjo), Weru (Kabupaten Sukoharjo) dan lainnya; isi kecamatannya."
    )
    assert line.count(" dan ") == 1


def test_warnings_are_not_printed_before_a_failure(nowhere) -> None:
    result = nowhere("add", "--no-input", "--topik", "memberikan motivasi", "--desa", "Krajan",
                     "--provinsi", "Jawa Tengah", code=2)  # fmt: skip
    lines = result.stderr.splitlines()
    assert (
        lines[0] == "Galat: Data wajib belum diisi: warga atau kelompok. Tidak ada yang disimpan."
    )
    # The warning comes with the error, under it, not before it.
    assert lines[1].startswith("  Peringatan: Ada 6 desa/kelurahan bernama Krajan")
    assert json.loads(nowhere("list", "--json").stdout) == []


def test_edit_warnings_come_with_the_error(gatak) -> None:
    gatak("add", "--no-input", *VISIT)
    result = gatak("edit", "1", "--desa", "Kraajan", "--warga", "", code=2)
    assert result.stderr.startswith("Galat: Data wajib belum diisi: warga atau kelompok.")
    assert "  Peringatan: Desa 'Kraajan' tidak ada di Kecamatan Gatak." in result.stderr
    assert stored(gatak)["desa"] == "Krajan"


# --- edit ---------------------------------------------------------------------------------------


def test_edit_checks_the_new_place_against_the_stored_one(gatak) -> None:
    gatak("add", "--no-input", *VISIT)
    before = stored(gatak)
    result = gatak("edit", "1", "--desa", "Kraajan", "--strict-wilayah", code=2)
    assert "Maksud Anda: Krajan?" in result.stderr
    assert stored(gatak) == before  # nothing stored
    gatak("edit", "1", "--desa", "blimbing", "--strict-wilayah")
    assert stored(gatak)["desa"] == "Blimbing"
    result = gatak("edit", "1", "--desa", "Kraajan")
    assert "Disimpan seperti diketik: 'Kraajan'" in result.stderr
    assert stored(gatak)["desa"] == "Kraajan"


def test_edit_keeps_a_stored_desa_that_the_new_kecamatan_lacks(gatak) -> None:
    gatak("add", "--no-input", *VISIT)
    result = gatak("edit", "1", "--kecamatan", "Polokarto")
    assert "Desa 'Krajan' tidak ada di Kecamatan Polokarto" in result.stderr
    visit = stored(gatak)
    assert (visit["desa"], visit["kecamatan"]) == ("Krajan", "Polokarto")


# --- profile ------------------------------------------------------------------------------------


def test_init_writes_the_official_names_and_completes_the_province(k) -> None:
    k("init", "--no-input", "--pangkat", "Serka", "--babinsa", "Sugianto", "--desa", "krajan ",
      "--desa", "BLIMBING", "--kecamatan", "gatak", "--kabupaten", "sukoharjo")  # fmt: skip
    profile = json.loads(k("profile", "show", "--json").stdout)
    assert profile["desa"] == ["Krajan", "Blimbing"]
    assert (profile["kecamatan"], profile["provinsi"]) == ("Gatak", "Jawa Tengah")


def test_profile_set_warns_and_keeps_an_unknown_desa(gatak) -> None:
    result = gatak("profile", "set", "desa", "Kraajan")
    assert "Desa 'Kraajan' tidak ada di Kecamatan Gatak. Maksud Anda: Krajan?" in result.stderr
    assert json.loads(gatak("profile", "show", "--json").stdout)["desa"] == ["Kraajan"]


def test_init_restores_a_name_split_into_kind_and_name(k) -> None:
    """The profile splits "Kampung Paya" into the kind Kampung and "Paya"; Aceh Selatan has a
    gampong called Kampung Paya and no Paya."""
    k("init", "--no-input", "--pangkat", "Serka", "--babinsa", "Sugianto", "--desa",
      "Kampung Paya", "--kabupaten", "Aceh Selatan")  # fmt: skip
    profile = json.loads(k("profile", "show", "--json").stdout)
    assert (profile["desa"], profile["jenis_desa"]) == (["Kampung Paya"], "Gampong")
    assert (profile["kecamatan"], profile["provinsi"]) == ("Kluet Utara", "Aceh")
    visit = json.loads(k("add", "--no-input", *VISIT, "--json").stdout)
    assert (visit["jenis_desa"], visit["desa"]) == ("Gampong", "Kampung Paya")


def test_profile_set_city_gives_kelurahan(k) -> None:
    k("init", "--no-input", "--pangkat", "Serka", "--babinsa", "Sugianto", "--kelurahan",
      "Sondakan", "--kecamatan", "Laweyan")  # fmt: skip
    k("profile", "set", "kabupaten", "surakarta")
    profile = json.loads(k("profile", "show", "--json").stdout)
    assert (profile["kabupaten"], profile["jenis_kabupaten"]) == ("Surakarta", "Kota")
    assert (profile["jenis_desa"], profile["provinsi"]) == ("Kelurahan", "Jawa Tengah")


def test_profile_set_kota_then_kabupaten_leaves_the_desa_alone(gatak) -> None:
    """The desa binaan were not typed: a new kota does not turn them into kelurahan, and going
    back does not announce a correction of something never typed."""
    first = gatak("profile", "set", "kota", "Surakarta")
    profile = json.loads(gatak("profile", "show", "--json").stdout)
    assert (profile["desa"], profile["jenis_desa"]) == (["Krajan"], "Desa")
    second = gatak("profile", "set", "kabupaten", "Sukoharjo")
    profile = json.loads(gatak("profile", "show", "--json").stdout)
    assert (profile["desa"], profile["jenis_desa"]) == (["Krajan"], "Desa")
    assert (profile["kabupaten"], profile["jenis_kabupaten"]) == ("Sukoharjo", "Kabupaten")
    for result in (first, second):
        assert "Krajan" not in result.stderr
        assert "→" not in result.stderr


def test_profile_set_desa_takes_its_kind_from_the_list(gatak) -> None:
    gatak("profile", "set", "kota", "Surakarta")
    gatak("profile", "set", "kecamatan", "Laweyan")
    result = gatak("profile", "set", "desa", "sondakan")
    profile = json.loads(gatak("profile", "show", "--json").stdout)
    assert (profile["desa"], profile["jenis_desa"]) == (["Sondakan"], "Kelurahan")
    assert result.stderr == ""


# --- komsos wilayah cari ------------------------------------------------------------------------


def test_cari_lists_places_with_parents_and_postal_code(k) -> None:
    out = k("wilayah", "cari", "Krajan, Sukoharjo").stdout
    assert "Gatak" in out and "Weru" in out and "57557" in out and "57562" in out
    assert "2 hasil." in out
    hits = json.loads(k("wilayah", "cari", "sondakan", "--json").stdout)
    assert hits == [
        {
            "tingkat": "desa", "nama": "Sondakan", "jenis": "Kelurahan", "kecamatan": "Laweyan",
            "kabupaten": "Surakarta", "jenis_kabupaten": "Kota", "provinsi": "Jawa Tengah",
            "kode_pos": "57147", "jenis_kecamatan": None,
        }
    ]  # fmt: skip


def test_cari_fits_80_columns(k, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMSOS_WIDTH", "80")
    for text in ("Krajan", "kampung baru", "bangka", "kota"):
        out = k("wilayah", "cari", text).stdout
        lines = out.splitlines()
        assert max(len(line) for line in lines) <= 80, out
        assert "…" not in out, out
        assert all(h in lines[1] for h in ("Nama", "Kecamatan", "Kab./Kota", "Provinsi")), out
    out = k("wilayah", "cari", "Krajan, Sukoharjo").stdout
    assert any(
        "Desa Krajan" in x and "Kab. Sukoharjo" in x and "57557" in x for x in out.splitlines()
    )


def test_cari_on_a_narrow_terminal_lists_one_place_a_line(k, monkeypatch) -> None:
    monkeypatch.setenv("KOMSOS_WIDTH", "50")
    out = k("wilayah", "cari", "sondakan").stdout
    assert "┃" not in out
    assert "Kelurahan Sondakan, Kecamatan Laweyan, Kota Surakarta, Jawa Tengah (57147)" in " ".join(
        out.split()
    )


def test_cari_typo_and_nothing_found(k) -> None:
    hits = json.loads(k("wilayah", "cari", "merauk", "--json", "-n", "1").stdout)
    assert (hits[0]["nama"], hits[0]["provinsi"]) == ("Merauke", "Papua Selatan")
    out = k("wilayah", "cari", "qqqqxxxx").stdout
    assert "Tidak ada wilayah yang cocok dengan 'qqqqxxxx'" in out


# --- shell completion ---------------------------------------------------------------------------


def complete(komsos, db_path: Path, words: str) -> list[str]:
    line = f"komsos --db {db_path} {words}"
    result = komsos.runner.invoke(
        __import__("komsos_cli.cli", fromlist=["app"]).app,
        [],
        env={
            "_KOMSOS_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(line.split(" ")) - 1),
        },
        prog_name="komsos",
    )
    return result.stdout.split()


def test_completion_of_place_options_from_the_profile(gatak, komsos, db_path) -> None:
    assert complete(komsos, db_path, "add --desa Kr") == ["Krajan"]
    assert complete(komsos, db_path, "add --desa Tr") == ["Trangsan", "Trosemi"]
    assert "Weru" in complete(komsos, db_path, "add --kecamatan ")
    assert complete(komsos, db_path, "add --kecamatan Weru --desa Kra") == ["Krajan"]
    assert complete(komsos, db_path, "add --kabupaten Sukoh") == ["Sukoharjo"]
    assert complete(komsos, db_path, "add --kota Surakarta --kelurahan Sond") == ["Sondakan"]


# --- start-up cost ------------------------------------------------------------------------------

PROBE = """
import sys
from komsos_cli.cli import main
sys.argv = ["komsos", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print("LOADED" if {"komsos_cli.wilayah", "lokal"} & set(sys.modules) else "NOT-LOADED")
"""


@pytest.mark.parametrize(
    ("args", "loaded"),
    [
        (["list"], False),
        (["add", "--no-input", *VISIT], False),  # the place comes from the profile
        (["add", "--no-input", *VISIT, "--desa", "Blimbing"], True),
    ],
)
def test_commands_without_a_place_do_not_load_the_list(gatak, db_path, args, loaded) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--db", str(db_path), *args],
        capture_output=True, text=True, env=dict(os.environ), check=True,
    )  # fmt: skip
    assert done.stdout.strip().splitlines()[-1] == ("LOADED" if loaded else "NOT-LOADED")


# --- at a terminal: a choice among the suggestions -----------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="pseudo-terminal khusus POSIX")
@pytest.mark.parametrize(("answer", "desa"), [("1", "Krajan"), ("0", "Kraajan"), ("", "Krajan")])
def test_edit_at_a_terminal_offers_the_suggestions(gatak, db_path, answer, desa) -> None:
    """Enter takes the clearly best suggestion; 0 keeps what was typed."""
    gatak("add", "--no-input", *VISIT)
    env = {**os.environ, "TERM": "dumb", "COLUMNS": "120"}
    t = Terminal(["--db", str(db_path), "edit", "1", "--desa", "Kraajan"], env)
    t.expect("Desa 'Kraajan' tidak ada di Kecamatan Gatak.")
    t.expect("1) Krajan")
    t.expect("0) simpan seperti diketik: 'Kraajan'")
    t.expect("Pilih (1):")
    t.send(answer)
    assert t.wait() == 0, t.screen
    assert stored(gatak)["desa"] == desa


@pytest.mark.skipif(os.name == "nt", reason="pseudo-terminal khusus POSIX")
def test_at_a_terminal_enter_keeps_the_name_without_a_clear_best(gatak, db_path) -> None:
    """'Tro' is only vaguely like Trosemi: Enter keeps what was typed."""
    gatak("add", "--no-input", *VISIT)
    env = {**os.environ, "TERM": "dumb", "COLUMNS": "120"}
    t = Terminal(["--db", str(db_path), "edit", "1", "--desa", "Tro"], env)
    t.expect("1) Trosemi")
    t.expect("0) simpan seperti diketik: 'Tro'")
    t.expect("Pilih (0):")
    t.send("")
    assert t.wait() == 0, t.screen
    assert stored(gatak)["desa"] == "Tro"


# --- the local kinds: Distrik, Kemantren, Kapanewon and Kalurahan -------------------------------


def kinds(visit: dict) -> tuple:
    keys = ("jenis_desa", "desa", "jenis_kecamatan", "kecamatan", "kabupaten", "provinsi")
    return tuple(visit.get(key) for key in keys)


def test_add_with_the_local_kinds_of_papua_and_yogyakarta(gatak) -> None:
    gatak("add", "--no-input", *VISIT, "--desa", "Aimas", "--kecamatan", "Distrik Aimas",
          "--kabupaten", "Sorong", "--strict-wilayah")  # fmt: skip
    assert kinds(stored(gatak)) == (
        "Kelurahan", "Aimas", "distrik", "Aimas", "Sorong", "Papua Barat Daya",
    )  # fmt: skip
    gatak("add", "--no-input", *VISIT, "--kelurahan", "Baciro", "--kecamatan",
          "Kemantren Gondokusuman", "--strict-wilayah")  # fmt: skip
    assert kinds(stored(gatak, "2")) == (
        "Kelurahan", "Baciro", "kemantren", "Gondokusuman", "Yogyakarta", "DI Yogyakarta",
    )  # fmt: skip
    gatak("add", "--no-input", *VISIT, "--desa", "caturtunggal", "--kecamatan",
          "Kapanewon Depok", "--kabupaten", "Sleman", "--strict-wilayah")  # fmt: skip
    assert kinds(stored(gatak, "3")) == (
        "Kalurahan", "Caturtunggal", "kapanewon", "Depok", "Sleman", "DI Yogyakarta",
    )  # fmt: skip
    # Another kecamatan, of no local kind: the kind goes with the old one.
    gatak("edit", "3", "--desa", "Krajan", "--kecamatan", "Gatak", "--kabupaten", "Sukoharjo")
    assert kinds(stored(gatak, "3")) == (
        "Desa",
        "Krajan",
        None,
        "Gatak",
        "Sukoharjo",
        "Jawa Tengah",
    )


def test_profile_in_sleman_gives_its_visits_the_local_kinds(k) -> None:
    k("init", "--no-input", "--pangkat", "Serka", "--babinsa", "Sugianto", "--desa",
      "Caturtunggal", "--kecamatan", "Depok", "--kabupaten", "Sleman")  # fmt: skip
    profile = json.loads(k("profile", "show", "--json").stdout)
    assert (profile["jenis_desa"], profile["jenis_kecamatan"]) == ("Kalurahan", "kapanewon")
    assert "Kapanewon Depok" in k("profile", "show").stdout
    k("add", "--no-input", *VISIT)
    assert kinds(stored(k)) == (
        "Kalurahan", "Caturtunggal", "kapanewon", "Depok", "Sleman", "DI Yogyakarta",
    )  # fmt: skip
    exported = k("export", "--format", "csv").stdout
    assert "Jenis Kecamatan" in exported.splitlines()[0] and "kapanewon" in exported


def test_cari_shows_the_local_kinds(k) -> None:
    out = k("wilayah", "cari", "Caturtunggal").stdout
    assert "Kalurahan Caturtunggal" in out and "Kapanewon Depok" in out
    assert "Kemantren Gondokusuman" in k("wilayah", "cari", "kemantren gondokusuman").stdout
    hit = json.loads(k("wilayah", "cari", "distrik aimas", "--json").stdout)[0]
    assert (hit["tingkat"], hit["nama"], hit["jenis"], hit["jenis_kecamatan"]) == (
        "kecamatan", "Aimas", "Distrik", "distrik",
    )  # fmt: skip
