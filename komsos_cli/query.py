"""Filtering visits: the filters of `list`, shared by `export` and `rekap`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from komsos_cli.dates import parse_date, parse_month
from komsos_cli.errors import InputError
from komsos_cli.models import KEGIATAN, TEMA, collapse, norm_choice, norm_desa

SEARCHED_FIELDS = (
    "warga", "kelompok", "pekerjaan", "keterangan", "topik", "kutipan", "kutipan_warga", "harapan",
    "desa", "dukuh", "kecamatan", "kabupaten", "babinsa", "pendamping", "catatan", "situasi",
)  # fmt: skip


@dataclass(frozen=True)
class VisitFilter:
    start: date | None = None
    end: date | None = None
    desa: str | None = None
    kegiatan: str | None = None
    tema: str | None = None
    search: str | None = None
    limit: int | None = None

    @classmethod
    def from_options(
        cls,
        *,
        dari: str | None = None,
        sampai: str | None = None,
        bulan: str | None = None,
        desa: str | None = None,
        kegiatan: str | None = None,
        tema: str | None = None,
        cari: str | None = None,
        limit: int | None = None,
    ) -> VisitFilter:
        """Build a filter from what the user typed; bad values raise InputError (exit 2)."""
        today = date.today()
        start = parse_date(dari, today=today, field="--from") if dari else None
        end = parse_date(sampai, today=today, field="--to") if sampai else None
        if bulan:
            if dari or sampai:
                raise InputError("Pakai --month atau --from/--to, jangan keduanya.")
            start, end = parse_month(bulan, field="--month")
        if start and end and start > end:
            raise InputError(f"Tanggal --from ({start}) sesudah --to ({end}).")
        if limit is not None and limit < 1:
            raise InputError("--limit harus 1 atau lebih.")
        return cls(
            start=start,
            end=end,
            desa=norm_desa(desa)[1].lower() if desa else None,
            kegiatan=norm_choice(kegiatan, "kegiatan", KEGIATAN) if kegiatan else None,
            tema=norm_choice(tema, "tema", TEMA) if tema else None,
            search=collapse(cari).lower() if cari else None,
            limit=limit,
        )

    def matches(self, visit: Mapping[str, Any]) -> bool:
        tanggal = visit.get("tanggal", "")
        if self.start and tanggal < self.start.isoformat():
            return False
        if self.end and tanggal > self.end.isoformat():
            return False
        if self.desa and str(visit.get("desa", "")).lower() != self.desa:
            return False
        if self.kegiatan and visit.get("kegiatan") != self.kegiatan:
            return False
        if self.tema and visit.get("tema") != self.tema:
            return False
        if self.search:
            haystack = " ".join(
                " ".join(v) if isinstance(v, list) else str(v)
                for v in (visit.get(f) for f in SEARCHED_FIELDS)
                if v
            ).lower()
            if self.search not in haystack:
                return False
        return True

    def apply(self, visits: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Matching visits, oldest first (by date, time, then number); ``limit`` keeps the newest."""
        found = sorted((v for v in visits if self.matches(v)), key=sort_key)
        if self.limit:
            found = found[-self.limit :]
        return found


def sort_key(visit: Mapping[str, Any]) -> tuple[str, str, int]:
    # str(): a hand-edited file may hold a number where a date belongs; sorting must not fail.
    return (str(visit.get("tanggal", "")), str(visit.get("waktu", "")), int(visit.get("id", 0)))
