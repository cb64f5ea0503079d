"""Companions (pendamping): a role, a Polri rank or a TNI rank with a name; nothing less."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from komsos_cli import companions, models
from komsos_cli.errors import FieldError


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("Bhabinkamtibmas Bripka Agus Salim", "Bhabinkamtibmas Bripka Agus Salim"),
        ("bhabin kamtibmas aiptu made", "Bhabinkamtibmas Aiptu Made"),
        ("BHABINKAMTIBMAS BRIPKA. AGUS", "Bhabinkamtibmas Bripka Agus"),
        ("kepala desa suparno", "Kepala Desa Suparno"),
        ("Kades Suparno", "Kades Suparno"),
        ("Bidan Desa Sri Wahyuni", "Bidan Desa Sri Wahyuni"),
        ("Ketua RT 03 Slamet", "Ketua RT 03 Slamet"),
        ("ketua rt.3 slamet", "Ketua RT 03 Slamet"),
        ("Ketua RW 5 Joko", "Ketua RW 05 Joko"),
        ("Ketua RT Slamet", "Ketua RT Slamet"),
        ("sekdes wawan", "Sekdes Wawan"),
        ("Perangkat Desa Tono", "Perangkat Desa Tono"),
        ("Babinsa Serda Budi", "Babinsa Serda Budi"),
        ("bripka joko", "Bripka Joko"),
        ("a.k.p. budi santoso", "AKP Budi Santoso"),
        ("Brigadir Polisi Kepala Agus", "Bripka Agus"),
        ("kopda dede herman", "Kopda Dede Herman"),
        ("Sersan Kepala Budi", "Serka Budi"),
        ("Kapolsek AKP Hendra", "Kapolsek AKP Hendra"),
    ],
)
def test_roles_and_ranks_with_a_name_are_accepted_and_canonical(typed, stored):
    assert models.norm_pendamping(typed) == stored
    assert models.norm_pendamping(stored) == stored


@pytest.mark.parametrize(
    "typed, words",
    [
        ("Kepala Desa", "belum bernama"),
        ("Bhabinkamtibmas", "belum bernama"),
        ("Bhabinkamtibmas Bripka", "belum bernama"),
        ("Bripka", "belum bernama"),
        ("Ketua RT 03", "belum bernama"),
        ("Dede Herman", "perlu jabatan atau pangkat"),
        ("Bhabinkamtibmas Serda Budi", "anggota Polri"),
        ("Babinsa Bripka Joko", "anggota TNI"),
        ("Ketua RT 0 Budi", "1-999"),
    ],
)
def test_what_is_not_a_companion_is_refused_in_indonesian(typed, words):
    with pytest.raises(FieldError) as info:
        models.norm_pendamping(typed)
    assert words in info.value.message and info.value.exit_code == 2


_NAME = st.lists(
    st.sampled_from(["Agus", "Salim", "Sri", "Wahyuni", "Ma'ruf", "Budi-Santoso", "Made"]),
    min_size=1,
    max_size=3,
).map(" ".join)
_TITLE = st.one_of(
    st.sampled_from(sorted(companions.ROLES)),
    st.sampled_from(companions.PANGKAT_POLRI + companions.PANGKAT_TNI_AD),
    st.tuples(
        st.sampled_from(["Bhabinkamtibmas", "Kapolsek"]), st.sampled_from(companions.PANGKAT_POLRI)
    ).map(" ".join),
    st.tuples(st.just("Babinsa"), st.sampled_from(companions.PANGKAT_TNI_AD)).map(" ".join),
)


@given(_TITLE, _NAME, st.sampled_from([str, str.lower, str.upper]))
def test_any_title_with_a_name_keeps_the_name_and_is_stable(title, name, case):
    stored = models.norm_pendamping(case(f"{title} {name}"))
    assert stored.endswith(models.norm_person(name, "pendamping"))
    assert models.norm_pendamping(stored) == stored
    canonical_title = companions.split(title + " X")[0]
    assert stored.startswith(canonical_title + " ")


@given(_TITLE)
def test_a_title_alone_is_never_a_companion(title):
    with pytest.raises(FieldError):
        models.norm_pendamping(title)


def test_add_stores_companions_who_are_not_soldiers(komsos, sample_args):
    visit = komsos.json(
        "add", "--no-input", *sample_args,
        "--pendamping", "bhabinkamtibmas bripka agus salim",
        "--pendamping", "Kepala Desa Suparno", "--pendamping", "Ketua RT 3 Slamet",
    )  # fmt: skip
    assert visit["pendamping"] == [
        "Bhabinkamtibmas Bripka Agus Salim", "Kepala Desa Suparno", "Ketua RT 03 Slamet",
    ]  # fmt: skip


def test_a_bare_role_is_a_usage_error_without_a_traceback(komsos, sample_args, db_path):
    result = komsos("add", "--no-input", *sample_args, "--pendamping", "Kepala Desa", code=2)
    assert result.stderr.startswith("Galat:") and "belum bernama" in result.stderr
    assert "Traceback" not in result.stderr and not db_path.exists()


@given(st.text(max_size=60))
def test_any_text_is_a_companion_or_a_field_error(text):
    try:
        stored = models.norm_pendamping(text)
    except FieldError as exc:
        assert exc.field == "pendamping" and exc.message
    else:
        assert models.norm_pendamping(stored) == stored
