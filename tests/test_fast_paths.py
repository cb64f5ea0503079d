"""The shortcuts taken for speed give exactly what the plain way gives.

storage: a parse reused between read() and write(), an added visit spliced into the old bytes,
the whole file written in chunks, merged visits listed lazily. models: whitespace collapsed
without a regex, normal forms of repeated values remembered. (tests/test_stateful.py drives
all of them at random; these are the cases worth naming.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests_support import VISIT as PLAIN_VISIT

import komsos_cli.storage as storage
from komsos_cli.errors import FieldError
from komsos_cli.models import _SIMPLE, collapse, new_visit, normalise_fields
from komsos_cli.storage import DatabaseDamaged, Store, encode, table_chunks

VISIT = {**PLAIN_VISIT, "pendamping": ["Kopda Dede Herman"]}


def visit(**changes: str) -> dict:
    return new_visit({**VISIT, **changes})


@pytest.fixture
def spliced(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records, for every write, whether the splice was used."""
    calls: list[bool] = []
    original = storage.SafeStorage._old_table

    def spy(self):  # type: ignore[no-untyped-def]
        old = original(self)
        calls.append(old is not None)
        return old

    monkeypatch.setattr(storage.SafeStorage, "_old_table", spy)
    return calls


def stored_visits(path: Path) -> dict[str, dict]:
    with Store(path).read() as db:
        return {v["uuid"]: v for v in db.visits()}


def is_canonical(path: Path) -> bool:
    blob = path.read_bytes()
    return encode(json.loads(blob)) == blob


# --- storage ----------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    table=st.dictionaries(
        st.integers(1, 500).map(str),
        st.dictionaries(st.sampled_from(["a", "b", "é"]), st.text(max_size=5) | st.integers()),
        max_size=12,
    ),
    chunk=st.integers(1, 7),
)
def test_chunked_encoding_is_byte_for_byte_encode(table: dict, chunk: int) -> None:
    original = storage._CHUNK
    storage._CHUNK = chunk
    try:
        assert b"".join(table_chunks(table)) == encode(table)
    finally:
        storage._CHUNK = original


def test_an_add_is_spliced_into_the_old_bytes_and_equals_a_full_rewrite(tmp_path, spliced):
    path = tmp_path / "db.json"
    store = Store(path)
    with store.write() as db:
        db.add(visit(warga="Satu"))
    with store.write() as db:
        db.add(visit(warga="Dua"))
    with store.write() as db:
        db.merge([visit(warga="Tiga"), visit(warga="Empat")])
    assert spliced == [False, True, True]  # the first write creates the file
    assert is_canonical(path)
    assert sorted(v["warga"] for v in stored_visits(path).values()) == [
        "Dua", "Empat", "Satu", "Tiga",
    ]  # fmt: skip
    assert json.loads(path.read_bytes())["_meta"]["1"]["last_id"] == 4


@pytest.mark.parametrize(
    "rewrite",
    [
        pytest.param(lambda data: json.dumps(data, indent=2), id="indented by hand"),
        pytest.param(lambda data: json.dumps({k: data[k] for k in reversed(data)}), id="reordered"),
        pytest.param(
            lambda data: json.dumps({k: v for k, v in data.items() if k != "_meta"}),
            id="older file without meta",
        ),
    ],
)
def test_a_file_not_written_by_encode_is_rewritten_in_full(tmp_path, spliced, rewrite):
    path = tmp_path / "db.json"
    store = Store(path)
    with store.write() as db:
        first = db.add(visit(warga="Satu"))
    path.write_text(rewrite(json.loads(path.read_bytes())), encoding="utf-8")
    with store.write() as db:
        second = db.add(visit(warga="Dua"))
    assert spliced[-1] is False
    assert set(stored_visits(path)) == {first["uuid"], second["uuid"]}
    assert is_canonical(path)


def test_a_duplicated_table_that_could_fool_a_splice_is_refused(tmp_path, spliced):
    """JSON keeps the last of two equal keys: a file with a table twice is refused whole
    (issue 11 item 6), neither spliced nor rewritten."""
    path = tmp_path / "db.json"
    store = Store(path)
    with store.write() as db:
        db.set_profile({"pangkat": "Serka", "babinsa": "Sugianto"})
        first = db.add(visit(warga="Satu"))
    data = json.loads(path.read_bytes())
    decoy = encode({"1": {"x": 1}})
    text = (
        encode({"kunjungan": data["kunjungan"]})[:-1]
        + b',"profil":' + decoy + b',"profil":' + encode(data["profil"])
        + b',"_meta":' + encode(data["_meta"]) + b"}"
    )  # fmt: skip
    path.write_bytes(text)
    with pytest.raises(DatabaseDamaged), store.write() as db:
        db.add(visit(warga="Dua"))
    assert path.read_bytes() == text
    assert [v["uuid"] for v in json.loads(text)["kunjungan"].values()] == [first["uuid"]]


def test_edits_deletes_and_profile_changes_are_written_in_full(tmp_path, spliced):
    path = tmp_path / "db.json"
    store = Store(path)
    with store.write() as db:
        kept = db.add(visit(warga="Satu"))
        gone = db.add(visit(warga="Dua"))
    with store.write() as db:
        db.add(visit(warga="Tiga"))
        db.delete(gone["id"])
    with store.write() as db:
        db.add(visit(warga="Empat"))
        db.replace(kept["id"], {**kept, "topik": "mengajak ronda"})
    with store.write() as db:
        db.add(visit(warga="Lima"))
        db.set_profile({"pangkat": "Serda", "babinsa": "Joko"})
    assert spliced == [False, False, False, False]
    visits = stored_visits(path)
    assert sorted(v["warga"] for v in visits.values()) == ["Empat", "Lima", "Satu", "Tiga"]
    assert visits[kept["uuid"]]["topik"] == "mengajak ronda"
    assert is_canonical(path)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every parse of a whole database file (the visits included)."""
    calls: list[str] = []
    whole, in_pieces = Store._parse, storage._parse_in_pieces

    def parse(self, blob):  # type: ignore[no-untyped-def]
        calls.append("whole")
        return whole(self, blob)

    def parse_in_pieces(path):  # type: ignore[no-untyped-def]
        calls.append("pieces")
        return in_pieces(path)

    monkeypatch.setattr(Store, "_parse", parse)
    monkeypatch.setattr(storage, "_parse_in_pieces", parse_in_pieces)
    return calls


def test_an_add_never_parses_the_visits_of_a_file_komsos_wrote(tmp_path, parses, spliced):
    path = tmp_path / "db.json"
    store = Store(path)
    with store.write() as db:
        db.set_profile({"pangkat": "Serka", "babinsa": "Sugianto"})
        db.add(visit(warga="Satu"))
    for name in ("Dua", "Tiga"):
        with store.read() as db:
            assert db.profile()["babinsa"] == "Sugianto"
        with Store(path).write() as db:
            assert db.add(visit(warga=name))["id"] == 2 + (name == "Tiga")
    assert parses == []
    assert spliced == [False, True, True]
    assert is_canonical(path)
    assert sorted(v["warga"] for v in stored_visits(path).values()) == ["Dua", "Satu", "Tiga"]


@pytest.mark.parametrize(
    ("damage", "splice"),
    [
        pytest.param(lambda b: b.replace(b"Satu", b"Sat\\"), None, id="broken JSON in a visit"),
        pytest.param(
            lambda b: b.replace(b"Satu", b"Satu\\u0041"), False, id="a visit edited by hand"
        ),  # not as encode() writes it: the whole file is written again
        pytest.param(
            lambda b: re.sub(rb'"last_id":\d+', b'"last_id":0', b), True, id="meta edited by hand"
        ),
    ],
)
def test_a_visits_table_that_is_not_what_komsos_wrote_is_parsed_before_an_add(
    tmp_path, parses, spliced, damage, splice
):
    path = tmp_path / "db.json"
    store = Store(path)
    with store.write() as db:
        db.add(visit(warga="Satu"))
        db.add(visit(warga="Dua"))
    damaged = damage(path.read_bytes())
    path.write_bytes(damaged)
    if splice is None:
        with pytest.raises(storage.DatabaseDamaged), store.write() as db:
            db.add(visit(warga="Tiga"))
        assert path.read_bytes() == damaged  # refused, and the file left as it was
        return
    with store.write() as db:
        added = db.add(visit(warga="Tiga"))
    assert parses == ["whole"]
    assert spliced == [False, splice]
    assert added["id"] == 3  # never a number the table already has
    assert len(stored_visits(path)) == 3
    assert is_canonical(path)


@pytest.mark.parametrize("remember", ["bytes", "sha256"])
def test_a_parse_is_reused_only_while_the_file_is_unchanged(
    tmp_path, parses, monkeypatch, remember
):
    if remember == "sha256":  # as for a big file
        monkeypatch.setattr(storage, "_REMEMBER_BYTES", 0)
    path = tmp_path / "db.json"
    store = Store(path)
    with store.write() as db:
        for name in ("Satu", "Dua", "Tiga", "Empat"):
            db.add(visit(warga=name))
    with store.read() as db:
        db.get("1")
    with store.write() as db:  # same bytes: no second parse
        db.delete(1)
    assert len(parses) == 1
    with store.read() as db:
        db.get("2")
    with Store(path).write() as db:  # another process writes in between
        db.delete(2)
    with store.write() as db:
        db.delete(3)
    assert len(parses) == 4  # read, the other process, and a fresh parse for ours
    assert [v["warga"] for v in stored_visits(path).values()] == ["Empat"]


def test_changing_what_a_read_view_returned_changes_nothing_stored(tmp_path):
    path = tmp_path / "db.json"
    store = Store(path)
    with store.write() as db:
        db.set_profile({"pangkat": "Serka", "babinsa": "Sugianto", "desa": ["Krajan"]})
        number = db.add(visit())["id"]
    with store.read() as db:
        record = db.get(str(number))
        record["warga"] = "Orang Lain"
        record["pendamping"].append("Pratu Palsu")
        db.profile()["desa"].append("Desa Palsu")
    with store.write() as db:  # reuses the parse of the read above
        db.add(visit(warga="Dua"))
    with Store(path).read() as db:
        assert db.get(str(number))["warga"] == "Harjanto"
        assert db.get(str(number))["pendamping"] == ["Kopda Dede Herman"]
        assert db.profile()["desa"] == ["Krajan"]


def test_merged_visits_are_listed_like_a_list(tmp_path):
    with Store(tmp_path / "db.json").write() as db:
        records = [visit(warga=name) for name in ("Satu", "Dua", "Tiga")]
        added = db.merge(records).added
    assert len(added) == 3 and bool(added)
    assert [v["id"] for v in added] == [1, 2, 3]
    assert [v["warga"] for v in added[:2]] == ["Satu", "Dua"]
    assert added[-1]["warga"] == "Tiga"
    assert added == [{"id": i + 1, **r} for i, r in enumerate(records)]


# --- models -----------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
WHITESPACE_HEAVY = st.text(
    alphabet=st.sampled_from(list(" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2003\u3000\u200bab'é"))
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(WHITESPACE_HEAVY, st.text()))
def test_collapse_is_the_regex_it_replaced(text: str) -> None:
    # ... and, since issue 11, without control characters (C0, DEL, C1, bidi overrides).
    def control(c: str) -> bool:
        code = ord(c)
        return (
            code < 0x20
            or 0x7F <= code < 0xA0
            or 0x202A <= code <= 0x202E
            or 0x2066 <= code <= 0x2069
        )

    kept = "".join(c for c in text if c.isspace() or not control(c))
    assert collapse(text) == _SPACES.sub(" ", kept).strip()


@settings(max_examples=300, deadline=None)
@given(
    field=st.sampled_from(sorted(_SIMPLE)),
    value=st.one_of(
        st.sampled_from(
            [
                "Serka",
                "serka",
                "07/gatak",
                "koramil 07 gatak",
                "3",
                "rt 03",
                "52",
                "09.30",
                "9:05",
                "bapak",
                "jawa tengah",
                "jateng",
                "  x  ",
                "",
            ]
        ),
        st.text(max_size=12),
    ),  # fmt: skip
)
def test_remembered_normal_forms_are_what_the_normalisers_give(field: str, value: str) -> None:
    try:
        expected = _SIMPLE[field](value)
    except FieldError as exc:
        for _ in range(2):  # an error is not remembered: it is raised again
            with pytest.raises(FieldError) as raised:
                normalise_fields({field: value})
            assert raised.value.message == exc.message
        return
    for _ in range(2):
        assert normalise_fields({field: value}) == {field: expected}


# --- reading a big file in pieces ---------------------------------------------------------------

AWKWARD = st.lists(
    st.sampled_from([*'ab "\\},:{[]é🙏\n', '},"7":{"uuid":"', '"kunjungan":{']), max_size=8
).map("".join)


@st.composite
def database_texts(draw: st.DrawFn) -> bytes:
    visits = {
        str(draw(st.integers(1, 60))): {"uuid": draw(AWKWARD), "topik": draw(AWKWARD)}
        for _ in range(draw(st.integers(0, 12)))
    }
    tables = {"kunjungan": visits, "profil": {"1": {"babinsa": draw(AWKWARD)}}, "_meta": {}}
    names = draw(st.permutations(list(tables)))
    data = {name: tables[name] for name in names}
    text = encode(data)
    variant = draw(st.sampled_from(["canonical", "utf-8", "spaced", "truncated", "repeated"]))
    if variant == "utf-8":
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    elif variant == "spaced":
        text = json.dumps(data, indent=1).encode()
    elif variant == "truncated":
        text = text[: draw(st.integers(0, max(0, len(text) - 1)))]
    elif variant == "repeated":  # a second visits table: json.loads keeps the last
        text = text[:-1] + b',"kunjungan":' + encode(draw(st.sampled_from([{}, visits]))) + b"}"
    return text


@settings(max_examples=400, deadline=None)
@given(text=database_texts(), piece=st.integers(1, 200))
def test_pieces_parse_what_json_loads_parses_or_step_aside(tmp_path_factory, text, piece):
    path = tmp_path_factory.mktemp("pieces") / "db.json"
    path.write_bytes(text)
    original = storage._PIECE
    storage._PIECE = piece
    try:
        parsed = storage._parse_in_pieces(path)
    finally:
        storage._PIECE = original
    try:
        expected = json.loads(text.decode("utf-8"))
    except ValueError:
        assert parsed is None  # a damaged file is left to the whole-file parse to report
        return
    if parsed is not None:
        data, _ = parsed
        assert data == expected and list(data) == list(expected)
        assert list(data["kunjungan"]) == list(expected["kunjungan"])


def test_a_big_file_is_read_in_pieces_and_a_damaged_one_still_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(storage, "_REMEMBER_BYTES", 0)  # every file counts as big
    monkeypatch.setattr(storage, "_PIECE", 300)
    path = tmp_path / "db.json"
    with Store(path).write() as db:
        db.set_profile({"pangkat": "Serka", "babinsa": "Sugianto"})
        db.merge([visit(warga=f"Warga {n}") for n in range(40)])
    pieces = []
    original = storage._parse_in_pieces
    monkeypatch.setattr(
        storage, "_parse_in_pieces", lambda p: pieces.append(original(p)) or pieces[-1]
    )
    with Store(path).read() as db:
        assert len(db.visits()) == 40 and db.profile()["babinsa"] == "Sugianto"
    assert pieces[-1] is not None
    assert pieces[-1][0] == json.loads(path.read_bytes())
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(storage.DatabaseDamaged), Store(path).read():
        pass
    assert pieces[-1] is None


def test_the_stateful_machine_with_every_file_read_in_pieces(monkeypatch):
    from hypothesis.stateful import run_state_machine_as_test
    from test_stateful import StorageMachine

    monkeypatch.setattr(storage, "_REMEMBER_BYTES", 0)
    monkeypatch.setattr(storage, "_PIECE", 500)
    run_state_machine_as_test(
        StorageMachine,
        settings=settings(max_examples=15, stateful_step_count=15, deadline=None),
    )


def test_a_big_file_read_for_its_profile_is_read_only_at_its_ends(tmp_path, parses, monkeypatch):
    monkeypatch.setattr(storage, "_REMEMBER_BYTES", 0)  # every file counts as big
    monkeypatch.setattr(storage, "_ENDS", 400)
    path = tmp_path / "db.json"
    with Store(path).write() as db:
        db.set_profile({"pangkat": "Serka", "babinsa": "Sugianto"})
        db.merge([visit(warga=f"Warga {n}") for n in range(30)])
    assert path.stat().st_size > 8 * storage._ENDS
    store = Store(path)
    with store.read() as db:
        assert db.profile()["babinsa"] == "Sugianto"
    assert parses == []
    with store.read() as db:
        assert len(db.visits()) == 30
    assert parses == ["pieces"]
    with store.write() as db:  # the parse of the read above, used again
        db.delete(1)
    assert parses == ["pieces"]
    data = json.loads(path.read_bytes())
    path.write_text(json.dumps({"_meta": data["_meta"], **data}, separators=(",", ":")))
    with Store(path).read() as db:  # not komsos's layout: parsed at once
        assert db.profile()["babinsa"] == "Sugianto"
    assert parses == ["pieces", "pieces"]


@pytest.mark.parametrize("big", [False, True])
def test_visits_taken_by_a_read_only_command_are_the_visits_and_nothing_else_changes(
    tmp_path, parses, monkeypatch, big
):
    if big:
        monkeypatch.setattr(storage, "_REMEMBER_BYTES", 0)
    path = tmp_path / "db.json"
    store = Store(path)
    with store.write() as db:
        db.set_profile({"pangkat": "Serka", "babinsa": "Sugianto", "desa": ["Krajan"]})
        for name in ("Satu", "Dua", "Tiga"):
            db.add(visit(warga=name))
    before = path.read_bytes()
    with store.read() as db:
        expected = db.visits()
    with store.read() as db:
        taken = db.take_visits()
        assert db.profile()["desa"] == ["Krajan"]  # the small tables stay readable
        with pytest.raises(RuntimeError):
            db.visits()  # nothing is left to hand out twice
    assert taken == expected
    count = len(parses)
    with store.write() as db:  # the given-away parse is not used again
        db.delete(2)
    assert len(parses) == count + 1
    assert path.read_bytes() != before
    assert [v["warga"] for v in stored_visits(path).values()] == ["Satu", "Tiga"]
