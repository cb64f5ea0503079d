"""The visit model: validation and normalisation, example by example and for any valid input."""

from __future__ import annotations

import string
from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from komsos_cli import models
from komsos_cli.dates import BULAN, HARI, hari, parse_date, parse_month, parse_time, tanggal_angka
from komsos_cli.errors import FieldError, MissingFieldsError

TODAY = date(2023, 1, 20)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2023-01-16", date(2023, 1, 16)),
        ("16/01/2023", date(2023, 1, 16)),
        ("16-1-23", date(2023, 1, 16)),
        ("16.01.2023", date(2023, 1, 16)),
        ("16 Januari 2023", date(2023, 1, 16)),
        ("16 januari 2023", date(2023, 1, 16)),
        ("16 Jan 2023", date(2023, 1, 16)),
        ("Senin, 16 Januari 2023", date(2023, 1, 16)),
        ("5 Agustus 2022", date(2022, 8, 5)),
        ("5 Agt 22", date(2022, 8, 5)),
        ("hari ini", TODAY),
        ("HARI INI", TODAY),
        ("kemarin", TODAY - timedelta(days=1)),
        ("  kemarin ", TODAY - timedelta(days=1)),
    ],
)
def test_parse_date_accepts_every_documented_form(text, expected):
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text", ["", "besok", "32/01/2023", "2023-02-30", "16 Janu 2023", "16/13/2023", "abc"]
)
def test_parse_date_rejects_with_indonesian_message(text):
    with pytest.raises(FieldError) as info:
        parse_date(text, today=TODAY)
    assert "Tanggal" in info.value.message
    assert info.value.exit_code == 2


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_parse_date_round_trips_every_written_form(d):
    forms = [
        d.isoformat(),
        tanggal_angka(d),
        f"{d.day}-{d.month}-{d.year}",
        f"{d.day} {BULAN[d.month - 1]} {d.year}",
        f"{d.day} {BULAN[d.month - 1].upper()} {d.year}",
        f"{hari(d)}, {d.day} {BULAN[d.month - 1]} {d.year}",
        f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}",
    ]
    for form in forms:
        assert parse_date(form, today=TODAY) == d, form


@given(st.text(max_size=30))
def test_parse_date_never_crashes(text):
    try:
        result = parse_date(text, today=TODAY)
    except FieldError:
        return
    assert isinstance(result, date)


def test_weekday_names_agree_with_calendar():
    assert hari(date(2023, 1, 16)) == "Senin"
    assert hari(date(2023, 1, 22)) == "Minggu"
    assert len(set(HARI)) == 7


def test_parse_month():
    assert parse_month("2023-01") == (date(2023, 1, 1), date(2023, 1, 31))
    assert parse_month("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert parse_month("Desember 2023") == (date(2023, 12, 1), date(2023, 12, 31))
    with pytest.raises(FieldError):
        parse_month("2023-13")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("09.30", "09.30"),
        ("9:30", "09.30"),
        ("0930", "09.30"),
        ("14", "14.00"),
        ("09.30 WIB", "09.30"),
        ("pukul 7.05", "07.05"),
    ],
)
def test_parse_time(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24.00", "9.75", "pagi"])
def test_parse_time_rejects(text):
    with pytest.raises(FieldError):
        parse_time(text)


@pytest.mark.parametrize(
    "typed", ["serka", "SERKA", "Serka", " Serka. ", "Sersan Kepala", "sersan kepala"]
)
def test_rank_is_canonical(typed):
    assert models.norm_pangkat(typed) == "Serka"


def test_unknown_rank_lists_the_valid_ones():
    with pytest.raises(FieldError) as info:
        models.norm_pangkat("Kapolsek")
    assert "Serka" in info.value.message


@pytest.mark.parametrize(
    "typed, expected",
    [("3", "03"), ("03", "03"), ("RT 3", "03"), ("rt.04", "04"), ("003", "003"), ("120", "120")],
)
def test_rt_rw_zero_padded(typed, expected):
    assert models.norm_rt_rw(typed, "rt") == expected


@pytest.mark.parametrize("typed", ["0", "abc", "1000", "3a"])
def test_rt_rejects_non_numbers(typed):
    with pytest.raises(FieldError):
        models.norm_rt_rw(typed, "rt")


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("harjanto", "Harjanto"),
        ("HARJANTO", "Harjanto"),
        ("  siti   aminah ", "Siti Aminah"),
        ("ma'ruf", "Ma'ruf"),
        ("ahmad bin salim", "Ahmad bin Salim"),
        ("McDonald", "McDonald"),
        ("nur-aini", "Nur-Aini"),
    ],
)
def test_names_capitalised_sensibly(typed, expected):
    assert models.capitalise_name(typed) == expected


@pytest.mark.parametrize(
    "typed, jenis, name",
    [
        ("Krajan", None, "Krajan"),
        ("desa krajan", "Desa", "Krajan"),
        ("Kel. Sondakan", "Kelurahan", "Sondakan"),
        ("Kelurahan Sondakan", "Kelurahan", "Sondakan"),
        ("Nagari Koto Gadang", "Nagari", "Koto Gadang"),
        ("gampong lam ara", "Gampong", "Lam Ara"),
    ],
)
def test_desa_prefix_recognised(typed, jenis, name):
    assert models.norm_desa(typed) == (jenis, name)


def test_kota_prefix_and_kabupaten_abbreviation():
    assert models.norm_kabupaten("Kota Surakarta") == ("Kota", "Surakarta")
    assert models.norm_kabupaten("Kab. Sukoharjo") == ("Kabupaten", "Sukoharjo")
    assert models.norm_kabupaten("kab.sukoharjo") == ("Kabupaten", "Sukoharjo")


@pytest.mark.parametrize("typed", ["52", "52 tahun", " 52 th "])
def test_umur(typed):
    assert models.norm_umur(typed) == 52


@pytest.mark.parametrize("typed", ["0", "121", "lima puluh", "-3", "52.5"])
def test_umur_rejects_implausible(typed):
    with pytest.raises(FieldError):
        models.norm_umur(typed)


def test_units_normalised():
    assert models.norm_unit("Koramil 07 gatak", "koramil") == "07/Gatak"
    assert models.norm_unit("1802-07/Aimas", "koramil") == "1802-07/Aimas"
    assert models.norm_unit("0726/SUKOHARJO", "kodim") == "0726/Sukoharjo"


def test_pendamping_needs_a_rank_or_role_and_a_name():
    assert models.norm_pendamping("kopda dede herman") == "Kopda Dede Herman"
    assert models.norm_pendamping("Bripka Joko") == "Bripka Joko"
    with pytest.raises(FieldError):
        models.norm_pendamping("Dede Herman")


def test_provinsi_alias_and_suggestion():
    assert models.norm_provinsi("jateng") == "Jawa Tengah"
    assert models.norm_provinsi("Prov. Papua Selatan") == "Papua Selatan"
    with pytest.raises(FieldError) as info:
        models.norm_provinsi("Jawa Tenga")
    assert "Maksud Anda: Jawa Tengah?" in info.value.message


def test_zona_waktu():
    assert models.zona_waktu("Jawa Tengah") == "WIB"
    assert models.zona_waktu("Bali") == "WITA"
    assert models.zona_waktu("Papua Pegunungan") == "WIT"
    assert models.zona_waktu(None) is None


def test_foto_entries_are_checked_and_old_paths_kept():
    digest = "a" * 64
    entry = {"hash": digest, "nama": "../../IMG_1.jpg", "ukuran": 12, "waktu": None,
             "koordinat": {"lat": -7.5, "lon": 110.7}}  # fmt: skip
    assert models.norm_foto(entry)["nama"] == "IMG_1.jpg"
    assert models.norm_foto(" /sdcard/DCIM/lama.jpg ") == "/sdcard/DCIM/lama.jpg"
    for bad in ({**entry, "hash": "../x"}, {**entry, "waktu": "kemarin"},
                {**entry, "koordinat": {"lat": 500, "lon": 0}}):  # fmt: skip
        with pytest.raises(FieldError):
            models.norm_foto(bad)


def test_future_date_refused():
    with pytest.raises(FieldError):
        models.norm_tanggal("2023-01-21", today=TODAY)


def test_new_visit_names_every_missing_field():
    with pytest.raises(MissingFieldsError) as info:
        models.new_visit({}, today=TODAY)
    assert info.value.fields == [
        "pangkat",
        "babinsa",
        "warga atau kelompok",
        "topik",
        "desa atau kecamatan",
    ]


def test_new_visit_takes_profile_defaults_and_gets_a_uuid():
    profile = {
        "pangkat": "Serka",
        "babinsa": "Sugianto",
        "desa": ["Krajan", "Blimbing"],
        "kecamatan": "Gatak",
    }
    visit = models.new_visit({"warga": "Harjanto", "topik": "silaturahmi"}, profile, today=TODAY)
    assert visit["desa"] == "Krajan" and visit["jenis_desa"] == "Desa"
    assert visit["pangkat"] == "Serka" and visit["tanggal"] == "2023-01-20"
    assert len(visit["uuid"]) == 36
    other = models.new_visit({"warga": "Harjanto", "topik": "silaturahmi"}, profile, today=TODAY)
    assert other["uuid"] != visit["uuid"]


def test_edit_changes_only_given_fields():
    profile = {"pangkat": "Serka", "babinsa": "Sugianto", "kecamatan": "Gatak"}
    visit = models.new_visit(
        {"warga": "Harjanto", "topik": "silaturahmi", "umur": "52"}, profile, today=TODAY
    )
    edited = models.edit_visit(visit, {"umur": "53", "rt": "4"}, today=TODAY)
    assert edited["umur"] == 53 and edited["rt"] == "04"
    assert {k: v for k, v in edited.items() if k not in ("umur", "rt", "diubah")} == {
        k: v for k, v in visit.items() if k not in ("umur", "diubah")
    }
    cleared = models.edit_visit(edited, {"umur": ""}, today=TODAY)
    assert "umur" not in cleared
    with pytest.raises(MissingFieldsError):
        models.edit_visit(visit, {"topik": ""}, today=TODAY)


_word = st.text(alphabet=string.ascii_letters + "'-", min_size=1, max_size=12).filter(
    lambda w: (
        any(c.isalpha() for c in w) and not w.startswith(("-", "'")) and not w.endswith(("-", "'"))
    )
)
_name = st.lists(_word, min_size=1, max_size=4).map(" ".join)
_spaces = st.sampled_from([" ", "  ", "\t", " \n "])


@given(_name, _spaces, _spaces)
def test_normaliser_is_idempotent_and_trims(name, before, after):
    once = models.capitalise_name(before + name + after)
    assert once == once.strip() and "  " not in once
    assert models.capitalise_name(once) == once
    assert once.lower() == " ".join(name.split()).lower()


@given(
    st.fixed_dictionaries(
        {"warga": _name, "topik": _name, "kecamatan": _name},
        optional={
            "rt": st.integers(1, 999).map(str),
            "rw": st.integers(1, 999).map(str),
            "umur": st.integers(1, 120).map(str),
            "pangkat": st.sampled_from(models.PANGKAT_TNI_AD).map(str.lower),
            "kegiatan": st.sampled_from(models.KEGIATAN).map(str.upper),
            "tema": st.sampled_from(models.TEMA),
            "desa": _name,
            "dukuh": _name,
        },
    )
)
def test_new_visit_normalises_any_valid_input_stably(raw):
    profile = {"pangkat": "Serka", "babinsa": "Sugianto"}
    visit = models.new_visit(raw, profile, today=TODAY)
    assert not models.missing_required(visit)
    for key in ("rt", "rw"):
        if key in raw:
            assert (
                visit[key].isdigit()
                and len(visit[key]) in (2, 3)
                and int(visit[key]) == int(raw[key])
            )
    if "pangkat" in raw:
        assert visit["pangkat"] in models.PANGKAT_TNI_AD
    # Normalising the stored values again changes nothing.
    again = models.validate_record(visit)
    assert again == visit


def test_kelurahan_flag_keeps_a_name_that_starts_like_a_prefix():
    assert models.normalise_fields({"kelurahan": "Kampung Baru"}) == {
        "desa": "Kampung Baru",
        "jenis_desa": "Kelurahan",
    }
    assert models.normalise_fields({"kelurahan": "Kel. Sondakan"}) == {
        "desa": "Sondakan",
        "jenis_desa": "Kelurahan",
    }
    assert models.normalise_fields({"desa": "Kampung Yoka"}) == {
        "desa": "Yoka",
        "jenis_desa": "Kampung",
    }


def test_validate_record_keeps_names_that_start_like_a_kind():
    profile = {"pangkat": "Serka", "babinsa": "Sugianto"}
    visit = models.new_visit(
        {"warga": "A", "topik": "b", "kelurahan": "Kampung Baru", "kota": "Medan"},
        profile,
        today=TODAY,
    )
    assert (visit["jenis_desa"], visit["desa"]) == ("Kelurahan", "Kampung Baru")
    assert models.validate_record(visit) == visit
    legacy = {k: v for k, v in visit.items() if k != "jenis_desa"} | {"desa": "Desa Krajan"}
    assert models.validate_record(legacy)["desa"] == "Krajan"


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("Memberikan motivasi kepada Bapak Harjanto", "memberikan motivasi kepada Bapak Harjanto"),
        ("Karang Taruna Tunas Muda", "Karang Taruna Tunas Muda"),
        ("Bapak Harjanto semakin sukses", "Bapak Harjanto semakin sukses"),
        ("Mbah Karto lekas sembuh", "Mbah Karto lekas sembuh"),
        ("UMKM di desa makin maju", "UMKM di desa makin maju"),
        ("Para petani cabai", "para petani cabai"),
    ],
)
def test_phrases_keep_names_capitalised(typed, stored):
    assert models.normalise_fields({"harapan": typed})["harapan"] == stored
    assert models.normalise_fields({"kelompok": typed})["kelompok"] == stored


def test_weekday_must_match_the_date():
    assert parse_date("Senin, 16 Januari 2023", today=TODAY) == date(2023, 1, 16)
    assert parse_date("jum'at 20/01/2023", today=TODAY) == date(2023, 1, 20)
    with pytest.raises(FieldError) as info:
        parse_date("Selasa 16/01/2023", today=TODAY)
    assert "jatuh pada hari Senin, bukan Selasa" in info.value.message


def test_desa_and_kelurahan_together_are_refused():
    with pytest.raises(FieldError) as info:
        models.normalise_fields({"desa": "Krajan", "kelurahan": "Sondakan"})
    assert "--desa atau --kelurahan" in info.value.message
    with pytest.raises(FieldError):
        models.normalise_fields({"kabupaten": "Sukoharjo", "kota": "Surakarta"})


def test_another_babinsa_does_not_inherit_the_profile_rank_and_nrp():
    profile = {"pangkat": "Serka", "babinsa": "Sugianto", "nrp": "21100123", "kecamatan": "Gatak"}
    own = models.new_visit(
        {"warga": "A", "topik": "b", "babinsa": "sugianto"}, profile, today=TODAY
    )
    assert own["nrp"] == "21100123" and own["pangkat"] == "Serka"
    with pytest.raises(MissingFieldsError) as info:
        models.new_visit({"warga": "A", "topik": "b", "babinsa": "Bambang"}, profile, today=TODAY)
    assert info.value.fields == ["pangkat"]
    other = models.new_visit(
        {"warga": "A", "topik": "b", "babinsa": "Bambang", "pangkat": "Sertu"}, profile, today=TODAY
    )
    assert "nrp" not in other and other["kecamatan"] == "Gatak"


# --- the local kinds of a kecamatan (jenis_kecamatan) ------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kind", "name"),
    [
        ("Distrik Aimas", "distrik", "Aimas"),
        ("kapanewon depok", "kapanewon", "Depok"),
        ("Kemantren Gondokusuman", "kemantren", "Gondokusuman"),
        ("Kec. Gatak", "kecamatan", "Gatak"),
        ("Gatak", None, "Gatak"),
    ],
)
def test_kecamatan_typed_with_its_kind(typed: str, kind: str | None, name: str) -> None:
    out = models.normalise_fields({"kecamatan": typed})
    assert (out.get("jenis_kecamatan"), out["kecamatan"]) == (kind, name)


def test_jenis_kecamatan_is_validated_and_kecamatan_is_not_stored() -> None:
    assert models.normalise_fields({"jenis_kecamatan": "Distrik"}) == {"jenis_kecamatan": "distrik"}
    with pytest.raises(FieldError):
        models.normalise_fields({"jenis_kecamatan": "Kawedanan"})
    given = {"pangkat": "Serka", "babinsa": "Sugianto", "warga": "Harjanto", "topik": "motivasi"}
    record = models.new_visit({**given, "kecamatan": "Kecamatan Gatak"})
    assert "jenis_kecamatan" not in record  # absent means kecamatan
    record = models.new_visit({**given, "kecamatan": "Distrik Aimas"})
    assert record["jenis_kecamatan"] == "distrik"
    assert models.kecamatan_lengkap(record) == "Distrik Aimas"
    assert models.validate_record(record)["jenis_kecamatan"] == "distrik"
    assert "jenis_kecamatan" not in models.edit_visit(record, {"kecamatan": "Gatak"})


_phrase_text = st.text(alphabet=string.ascii_letters + " '\";.,“”", min_size=1, max_size=12)


@example("'A';")
@given(_phrase_text)
def test_free_text_normalisation_is_idempotent(text):
    # Quotes and closing marks that hide each other ("'A';") once made a second pass differ.
    for field in ("kelompok", "topik", "kutipan", "harapan"):
        try:
            once = models.normalise_fields({field: text})
        except FieldError:
            continue
        assert models.normalise_fields(once) == once


@pytest.mark.parametrize(
    ("dukuh", "rw", "expected"),
    [("RW 05", "5", (None, "05")), ("rw.5", None, (None, "05")), ("RW 07", "5", ("RW 07", "05")),
     ("Kauman", "5", ("Kauman", "05"))],
)  # fmt: skip
def test_a_dukuh_typed_as_the_rw_is_the_rw(dukuh: str, rw: str | None, expected: tuple) -> None:
    """No 'warga RW 05 RT 03/RW 05': the RW is stored once; another RW or a name stays."""
    given = {"pangkat": "Serka", "babinsa": "Sugianto", "warga": "Harjanto", "topik": "motivasi",
             "desa": "Krajan", "rt": "3", "dukuh": dukuh, "rw": rw}  # fmt: skip
    record = models.new_visit(given)
    assert (record.get("dukuh"), record.get("rw")) == expected
    assert models.validate_record(record).get("dukuh") == expected[0]
