"""Random sequences of what users do, against the real storage and a plain model of it.

The machine drives ``Store`` on a file in a temporary folder through the same API the commands
use (``read()`` then ``write()``, backups, restore, exporters and importers) and keeps a plain
dict uuid -> visit beside it. After every step a fresh ``Store`` (as the next command would)
must see exactly the model: the same visits under the same numbers, numbers never reused, and a
file that is what ``encode`` writes (so the fast paths of the storage - reusing a parse,
splicing an added visit into the old bytes, writing in chunks - agree with a full rewrite).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    precondition,
    rule,
)

from komsos_cli import exporters, importers
from komsos_cli.models import edit_visit, new_visit
from komsos_cli.storage import Store, encode

PROFILE = {
    "pangkat": "Serka",
    "babinsa": "Sugianto",
    "nrp": "21100123",
    "koramil": "07/Gatak",
    "kodim": "0726/Sukoharjo",
    "desa": ["Krajan"],
    "jenis_desa": "Desa",
    "kecamatan": "Gatak",
    "kabupaten": "Sukoharjo",
    "jenis_kabupaten": "Kabupaten",
    "provinsi": "Jawa Tengah",
}

NAMES = st.sampled_from(["Harjanto", "Siti Aminah", "Ma'ruf", "Budi Santoso", "wagiman", "ÉLISE"])
# Free text with what people really type: spaces and tabs to collapse, quotes, accents, an
# emoji, a separator, a formula character at the start.
TEXT = st.text(
    alphabet=st.sampled_from(list("abcdeiklmnoprstu ABK,.;'\"“”é🙏=\t-")), min_size=3, max_size=40
).filter(lambda t: any(c.isalpha() for c in t))
DATES = st.dates(min_value=date(2021, 1, 1), max_value=date(2025, 12, 31)).map(date.isoformat)


@st.composite
def visit_fields(draw: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "tanggal": draw(DATES),
        "topik": draw(TEXT),
        "kegiatan": draw(st.sampled_from(["komsos", "anjangsana", "sambang", "karya-bakti"])),
        "tema": draw(st.sampled_from(["umum", "usaha", "pertanian", "kamtibmas"])),
    }
    if draw(st.booleans()):
        fields["warga"] = draw(NAMES)
        fields["umur"] = str(draw(st.integers(17, 99)))
    else:
        fields["kelompok"] = draw(TEXT)
    optional = {
        "waktu": st.sampled_from(["07.30", "9.30", "13:00", "20.45"]),
        "desa": st.sampled_from(["Krajan", "Blimbing", "Kel. Sondakan", "nagari koto gadang"]),
        "rt": st.integers(1, 20).map(str),
        "kutipan": TEXT,
        "kutipan_warga": TEXT,
        "harapan": TEXT,
        "catatan": TEXT,
        "pendamping": st.lists(st.sampled_from(["Kopda Dede Herman", "Bripka Agus"]), max_size=2),
    }
    for name, strategy in optional.items():
        if draw(st.booleans()):
            fields[name] = draw(strategy)
    return fields


EDITS = st.fixed_dictionaries(
    {},
    optional={
        "topik": TEXT,
        "kutipan": st.one_of(TEXT, st.just("")),
        "tema": st.sampled_from(["sosial", "kesehatan"]),
        "pendamping": st.lists(st.just("Serda Joko"), max_size=1),
        "tanggal": DATES,
    },
).filter(bool)


class StorageMachine(RuleBasedStateMachine):
    """The real storage and a dict, driven side by side."""

    visits = Bundle("visits")

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="komsos-stateful-"))
        self.path = self.folder / "komsos.json"
        self.store = Store(self.path, lock_timeout=5, keep_backups=3)
        with self.store.write() as db:
            db.set_profile(PROFILE)
        self.model: dict[str, dict[str, Any]] = {}  # uuid -> stored visit, "id" included
        self.last_id = 0
        self.clock = 0
        # backup file -> (the model then, the last number given out then)
        self.snapshots: dict[Path, tuple[dict[str, dict[str, Any]], int]] = {}

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- what users do ----------------------------------------------------------------------

    def _added(self, stored: dict[str, Any]) -> str:
        assert stored["id"] == self.last_id + 1, "a visit number was reused or skipped"
        self.last_id = stored["id"]
        self.model[stored["uuid"]] = stored
        return stored["uuid"]

    @rule(target=visits, fields=visit_fields())
    def add(self, fields: dict[str, Any]) -> str:
        # As `komsos add` does it: read the profile, build the visit, then lock and write.
        with self.store.read() as db:
            profile = db.profile()
        record = new_visit(fields, profile)
        with self.store.write() as db:
            stored = db.add(record)
        return self._added(stored)

    @rule(target=visits, fields=visit_fields())
    def add_in_a_new_process(self, fields: dict[str, Any]) -> str:
        self.store = Store(self.path, lock_timeout=5, keep_backups=3)
        with self.store.write() as db:
            stored = db.add(new_visit(fields, db.profile()))
        return self._added(stored)

    @rule(target=visits, mine=visit_fields(), theirs=visit_fields())
    def add_while_another_process_adds(self, mine: dict[str, Any], theirs: dict[str, Any]) -> str:
        """Between our read and our write another command writes: nothing of it may be lost."""
        with self.store.read() as db:
            profile = db.profile()
        with Store(self.path, lock_timeout=5).write() as db:
            self._added(db.add(new_visit(theirs, profile)))
        with self.store.write() as db:
            stored = db.add(new_visit(mine, profile))
        return self._added(stored)

    @rule(uid=visits, changes=EDITS)
    def edit(self, uid: str, changes: dict[str, Any]) -> None:
        if uid not in self.model:
            return
        with self.store.write(backup="ubah") as db:
            current = db.get(uid)
            stored = db.replace(current["id"], edit_visit(current, changes))
        assert stored["id"] == self.model[uid]["id"]
        self.model[uid] = stored

    @rule(uid=consumes(visits))
    def delete(self, uid: str) -> None:
        if uid not in self.model:
            return
        # As `komsos delete` does it: find the visit first, then lock, find it again, delete.
        with self.store.read() as db:
            number = db.get(uid)["id"]
        with self.store.write(backup="hapus") as db:
            db.delete(db.get(uid)["id"])
        assert number == self.model.pop(uid)["id"]

    @rule()
    def reopen(self) -> None:
        self.store = Store(self.path, lock_timeout=5, keep_backups=3)

    @rule()
    def backup(self) -> None:
        self.snapshots[self.store.backup("manual")] = (_copy(self.model), self.last_id)

    @precondition(lambda self: self.snapshots)
    @rule(data=st.data())
    def restore(self, data: st.DataObject) -> None:
        kept = sorted(p for p in self.snapshots if p.exists())
        if not kept:
            return
        source = data.draw(st.sampled_from(kept))
        before = (_copy(self.model), self.last_id)
        self.store.restore(source)
        # The current content is kept as a backup too before it is replaced.
        self.snapshots[self.store.backups()[-1]] = before
        model, snapshot_last_id = self.snapshots[source]
        self.model = _copy(model)
        # Numbers given out after that backup are never given out again.
        self.last_id = max(before[1], snapshot_last_id)

    @precondition(lambda self: self.model)
    @rule(fmt=st.sampled_from(["jsonl", "csv"]))
    def export_and_import_again(self, fmt: str) -> None:
        """Importing our own export changes nothing."""
        exported = self._export(fmt)
        result = self._import(exported)
        assert not result.added and not result.updated
        assert result.unchanged == len(self.model)

    @rule(
        target=visits,
        fields=st.lists(visit_fields(), min_size=1, max_size=4),
        fmt=st.sampled_from(["jsonl", "csv"]),
    )
    def import_from_another_babinsa(self, fields: list[dict[str, Any]], fmt: str) -> str:
        """Visits logged in another database arrive through an export file."""
        other = Store(self.folder / "lain.json", lock_timeout=5)
        with other.write() as db:
            for item in fields:
                db.add(new_visit(item, {**PROFILE, "babinsa": "Agus", "nrp": "31100456"}))
        exported = self._export(fmt, other)
        (self.folder / "lain.json").unlink()
        result = self._import(exported)
        assert len(result.added) == len(fields) and not result.updated
        uid = ""
        for stored in result.added:
            uid = self._added(stored)
        return uid

    @rule(uid=visits, changes=EDITS)
    def import_a_newer_copy(self, uid: str, changes: dict[str, Any]) -> None:
        """A visit edited elsewhere later replaces ours, under our number."""
        if uid not in self.model:
            return
        current = self.model[uid]
        newer = edit_visit(current, changes)
        self.clock += 1  # later than anything stored, and later than the previous one
        newer["diubah"] = f"2090-01-01T00:{self.clock // 60:02d}:{self.clock % 60:02d}+07:00"
        source = self.folder / "newer.jsonl"
        with source.open("wb") as out:
            exporters.get_exporter("jsonl").write([newer], out)
        result = self._import(source)
        assert len(result.updated) == 1 and not result.added
        self.model[uid] = {**newer, "id": current["id"]}

    def _export(self, fmt: str, store: Store | None = None) -> Path:
        target = self.folder / f"ekspor.{fmt}"
        with (store or self.store).read() as db, target.open("wb") as out:
            exporters.get_exporter(fmt).write(db.visits(), out)
        return target

    def _import(self, path: Path) -> Any:
        report = importers.read_file(path)
        assert not report.errors, report.errors
        return importers.merge_records(self.store, report.records)

    # --- what must always hold --------------------------------------------------------------

    @invariant()
    def storage_agrees_with_the_model(self) -> None:
        with Store(self.path).read() as db:
            stored = {v["uuid"]: v for v in db.visits()}
        assert stored == self.model

    @invariant()
    def file_is_canonical_and_numbers_are_kept(self) -> None:
        blob = self.path.read_bytes()
        data = json.loads(blob)
        assert encode(data) == blob  # what a full rewrite would have written, byte for byte
        assert data["_meta"]["1"]["last_id"] >= self.last_id
        assert data["profil"]["1"]["babinsa"] == "Sugianto"
        assert not list(self.folder.glob(".komsos.json.*.tmp"))


def _copy(model: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return json.loads(json.dumps(model))


StorageMachine.TestCase.settings = settings(
    max_examples=50,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestStorageMachine = StorageMachine.TestCase
