"""Spelling of the free text at add/edit (ask, or warn), and `komsos periksa` for stored visits.

The rules are in the core (``komsos_cli/spelling.py``); this module only asks and prints.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

import typer

from komsos_cli.cli.app import command, print_json, store_from

LABELS = {
    "topik": "topik",
    "kutipan": "ucapan Babinsa",
    "kutipan_warga": "ucapan warga",
    "harapan": "harapan",
    "keterangan": "keterangan",
    "pekerjaan": "pekerjaan",
}


def checked_fields(fields: Mapping[str, Any]) -> list[str]:
    from komsos_cli.spelling import FIELDS

    return [f for f in FIELDS if isinstance(fields.get(f), str) and fields[f].strip()]


def warn(record: Mapping[str, Any], fields: list[str] | None = None) -> None:
    """Print a warning on stderr for each unknown word of the record's free text (it is kept)."""
    from komsos_cli.spelling import check_record, describe

    for finding in check_record(record, fields if fields is not None else checked_fields(record)):
        print(
            f"Peringatan ejaan ({LABELS[finding.field]}): {describe(finding)} Disimpan seperti diketik.",
            file=sys.stderr,
        )


def review(fields: dict[str, Any], context: Mapping[str, Any], console) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Ask about each unknown word of the typed free text: take a suggestion, keep it, or retype.

    ``fields`` is changed in place (and returned) so that an interrupted review leaves every
    answer with the caller. ``context`` holds the names and places the words may refer to.
    """
    from rich.markup import escape
    from rich.prompt import Prompt

    from komsos_cli.spelling import QUOTED_FIELDS, Lexicon, check_text

    checked = checked_fields(fields)
    if not checked:
        return fields
    lexicon = Lexicon({**context, **fields})
    kept: set[str] = set()
    for field in checked:
        while True:
            text = fields[field]
            pending = [
                f
                for f in check_text(text, lexicon, field=field, quoted=field in QUOTED_FIELDS)
                if f.word.lower() not in kept
            ]
            if not pending:
                break
            finding = pending[0]
            console.print(
                f"Ejaan {LABELS[field]}: kata [bold]'{escape(finding.word)}'[/bold] tidak dikenal."
            )
            for i, saran in enumerate(finding.suggestions, 1):
                console.print(f"  {i}) {escape(saran)}")
            console.print("  b) biarkan seperti diketik   u) ketik ulang")
            choices = [str(i) for i in range(1, len(finding.suggestions) + 1)] + ["b", "u"]
            answer = Prompt.ask(
                "Pilihan",
                console=console,
                choices=choices,
                default=choices[0],
                show_choices=False,
            )
            if answer == "b":
                kept.add(finding.word.lower())
            elif answer == "u":
                retyped = Prompt.ask(
                    f"Ketik ulang {LABELS[field]}", console=console, default=text
                ).strip()
                if retyped:
                    fields[field] = retyped
            else:
                fields[field] = finding.replaced(text, finding.suggestions[int(answer) - 1])
    return fields


@command("periksa")
def periksa(
    ctx: typer.Context,
    ref: str | None = typer.Argument(
        None, metavar="[ID]", help="Nomor kunjungan atau (awal) UUID-nya; tanpa ID: semua."
    ),
    month: str | None = typer.Option(None, "--month", help="Hanya bulan ini (YYYY-MM)."),
    as_json: bool = typer.Option(False, "--json", help="Cetak temuan sebagai JSON."),
) -> None:
    """Periksa ejaan teks kunjungan tersimpan: kata yang tidak dikenal dan sarannya."""
    from komsos_cli.spelling import Lexicon, check_record, describe

    with store_from(ctx).read() as db:
        visits = [db.get(ref)] if ref is not None else db.take_visits()
    if month is not None:
        from komsos_cli.query import VisitFilter

        visits = VisitFilter.from_options(bulan=month).apply(visits)
    report = []
    for visit in visits:
        findings = check_record(visit, lexicon=Lexicon(visit))
        if findings or ref is not None:
            report.append((visit, findings))
    if as_json:
        print_json(
            [
                {
                    "id": visit["id"],
                    "uuid": visit.get("uuid"),
                    "temuan": [
                        {"kolom": f.field, "kata": f.word, "saran": list(f.suggestions)}
                        for f in findings
                    ],
                }
                for visit, findings in report
            ]
        )
        return
    words = 0
    for visit, findings in report:
        target = visit.get("warga") or visit.get("kelompok") or ""
        print(f"Kunjungan {visit['id']} ({visit.get('tanggal')}, {target}):")
        if not findings:
            print("  tidak ada kata yang tidak dikenal.")
        for finding in findings:
            print(f"  {LABELS[finding.field]}: {describe(finding)}")
        words += len(findings)
    with_findings = sum(1 for _, f in report if f)
    if ref is None:
        if words:
            print(
                f"{words} kata tidak dikenal di {with_findings} dari {len(visits)} kunjungan."
                " Perbaiki dengan: komsos edit ID --topik '...'"
            )
        else:
            print(f"Tidak ada kata yang tidak dikenal di {len(visits)} kunjungan.")
