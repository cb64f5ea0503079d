"""Interactive questions for `komsos add` and `komsos edit`: a bad answer is asked again with
the reason."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from komsos_cli.errors import FieldError
from komsos_cli.models import (
    DEFAULT_KEGIATAN,
    DEFAULT_SITUASI,
    DEFAULT_TEMA,
    KEGIATAN,
    TEMA,
    normalise_fields,
)

# (field, question, required). Fields given as flags are not asked.
QUESTIONS = (
    ("tanggal", "Tanggal kunjungan", True),
    ("waktu", "Jam kunjungan (mis. 09.30, kosongkan bila tidak dicatat)", False),
    ("pangkat", "Pangkat Babinsa", True),
    ("babinsa", "Nama Babinsa", True),
    ("kegiatan", f"Kegiatan ({', '.join(KEGIATAN)})", True),
    ("tema", f"Tema ({', '.join(TEMA)})", True),
    ("warga", "Nama warga yang dikunjungi (kosongkan bila sebuah kelompok)", False),
    ("kelompok", "Kelompok yang dikunjungi, mis. 'para petani cabai'", False),
    ("sapaan", "Sapaan warga (Bapak, Ibu, Saudara, ...)", False),
    ("umur", "Umur warga", False),
    ("pekerjaan", "Pekerjaan warga", False),
    ("keterangan", "Keterangan pekerjaan/usaha", False),
    ("dukuh", "Dukuh/dusun", False),
    ("rt", "RT", False),
    ("rw", "RW", False),
    ("desa", "Desa/kelurahan", False),
    ("kecamatan", "Kecamatan", False),
    ("kabupaten", "Kabupaten/kota", False),
    ("provinsi", "Provinsi", False),
    ("topik", "Apa yang dilakukan/disampaikan Babinsa", True),
    ("kutipan", "Ucapan Babinsa untuk dikutip", False),
    ("kutipan_warga", "Ucapan warga untuk dikutip", False),
    ("harapan", "Harapan dari kegiatan ini", False),
    ("pendamping", "Pendamping (pangkat atau jabatan lalu nama, pisahkan dengan koma)", False),
    ("situasi", "Situasi wilayah", False),
    ("catatan", "Catatan internal (tidak masuk rilis)", False),
)


def _display_default(field: str, defaults: Mapping[str, Any]) -> str:
    value = defaults.get(field)
    if field == "desa" and value and defaults.get("jenis_desa") not in (None, "Desa"):
        return f"{defaults['jenis_desa']} {value}"
    if field == "kabupaten" and value and defaults.get("jenis_kabupaten") == "Kota":
        return f"Kota {value}"
    if field == "kecamatan" and value and defaults.get("jenis_kecamatan"):
        return f"{defaults['jenis_kecamatan'].capitalize()} {value}"  # Kapanewon Depok
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


# What a user types at `edit` to empty a field that has a value.
CLEAR = "-"


_FALLBACK = {
    "tanggal": "hari ini",
    "kegiatan": DEFAULT_KEGIATAN,
    "tema": DEFAULT_TEMA,
    "situasi": DEFAULT_SITUASI,
}
_PERSON_ONLY = ("sapaan", "umur", "pekerjaan", "keterangan", "kutipan_warga")
_KEEP = object()  # the answer leaves the field as it is


def ask_visit(  # type: ignore[no-untyped-def]
    given: dict[str, Any], defaults: Mapping[str, Any], console, *, editing: str | None = None
) -> dict[str, Any]:
    """Ask for every field not given; answers are added to ``given`` as they come.

    Filling the caller's dict means an interrupted session still leaves every answer given so
    far with the caller, which prints them back rather than losing them. ``editing`` (the
    visit's number) asks about a stored visit: ``defaults`` are its values, Enter keeps one
    (and adds nothing to the answers), ``-`` empties it.
    """
    answers = given

    def warga() -> Any:  # the person visited, as answered or (editing) as stored
        return answers.get("warga") if "warga" in answers or not editing else defaults.get("warga")

    if editing:
        console.print(
            f"[bold]Ubah kunjungan {editing}[/bold] (Enter = tetap seperti dalam kurung, "
            f"{CLEAR} = kosongkan)"
        )
    else:
        console.print("[bold]Catat kunjungan baru[/bold] (Enter = pakai nilai dalam kurung)")
    for field, question, required in QUESTIONS:
        if field in answers or (field == "desa" and "kelurahan" in answers):
            continue
        if (field == "kabupaten" and "kota" in answers) or (field == "kelompok" and warga()):
            continue
        if field in _PERSON_ONLY and not warga():
            continue
        must = required or (field == "kelompok" and not warga())
        default = _display_default(field, defaults) or _FALLBACK.get(field, "")
        value = _ask_field(field, question, default, must, console, editing=bool(editing))
        if value is not _KEEP:
            answers[field] = value
    return answers


def _ask_field(field, question, default, must, console, *, editing):  # type: ignore[no-untyped-def]
    """One question, asked until the answer is valid: the value, or _KEEP."""
    from rich.prompt import Prompt

    while True:
        reply = Prompt.ask(
            question, console=console, default=default or None, show_default=bool(default)
        )
        reply = (reply or "").strip()
        if editing and reply == default:
            return _KEEP
        if editing and reply == CLEAR and not must:
            return ""
        if not reply or (editing and reply == CLEAR):
            if not must:
                return _KEEP
            console.print(
                "[red]Wajib diisi; tidak bisa dikosongkan.[/red]"
                if reply
                else "[red]Wajib diisi.[/red]"
            )
            continue
        value: Any = (
            [p.strip() for p in reply.split(",") if p.strip()] if field == "pendamping" else reply
        )
        try:
            normalise_fields({field: value})
        except FieldError as exc:
            console.print(f"[red]{exc.message}[/red]")
            continue
        if field == "tanggal":
            console.print(f"  [dim]{resolved_date(value)}[/dim]")
        return value


def resolved_date(typed: Any) -> str:
    """The day a typed date means, written out (``Senin, 7 Desember 2026``)."""
    from datetime import date

    from komsos_cli.dates import tanggal_lengkap
    from komsos_cli.models import norm_tanggal

    return tanggal_lengkap(date.fromisoformat(norm_tanggal(typed)))
