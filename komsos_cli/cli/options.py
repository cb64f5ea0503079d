"""The visit's fields as command-line options, declared once for `add` and `edit`."""

from __future__ import annotations

import functools
import inspect
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import typer


@dataclass(frozen=True)
class FieldOption:
    name: str  # the record field (or pseudo-field: kelurahan, kota)
    help: str
    multiple: bool = False

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


VISIT_OPTIONS = (
    FieldOption(
        "tanggal",
        "Tanggal kunjungan: 2023-01-16, 16/01/2023, '16 Januari 2023', tanpa tahun (3/12, '3 Des'), nama hari ('senin': Senin terakhir), 'hari ini', 'kemarin', 'kemarin lusa'. Bawaan: hari ini.",
    ),
    FieldOption("waktu", "Jam kunjungan, mis. 09.30."),
    FieldOption("pangkat", "Pangkat Babinsa, mis. Serka (bawaan dari profil)."),
    FieldOption("babinsa", "Nama Babinsa (bawaan dari profil)."),
    FieldOption("nrp", "NRP Babinsa (bawaan dari profil)."),
    FieldOption(
        "pendamping",
        "Yang ikut berkunjung: pangkat atau jabatan lalu nama, mis. 'Kopda Dede Herman', 'Bhabinkamtibmas Bripka Agus Salim', 'Kepala Desa Suparno' (boleh diulang).",
        multiple=True,
    ),
    FieldOption("koramil", "Koramil, mis. '07/Gatak' (bawaan dari profil)."),
    FieldOption("kodim", "Kodim, mis. '0726/Sukoharjo' (bawaan dari profil)."),
    FieldOption("kegiatan", "komsos (bawaan), anjangsana, sambang, pendampingan, karya-bakti."),
    FieldOption(
        "tema",
        "umum (bawaan), usaha, pertanian, perikanan, kesehatan, kamtibmas, sosial, gotong-royong.",
    ),
    FieldOption("sapaan", "Sapaan warga: Bapak, Ibu, Saudara, ..."),
    FieldOption("warga", "Nama warga yang dikunjungi."),
    FieldOption("umur", "Umur warga (tahun)."),
    FieldOption("pekerjaan", "Pekerjaan warga, mis. 'pengrajin blangkon'."),
    FieldOption("keterangan", "Keterangan tentang pekerjaan atau usaha warga."),
    FieldOption(
        "kelompok",
        "Kelompok yang dikunjungi, mis. 'para pengrajin batu bata' (bila bukan satu orang).",
    ),
    FieldOption("dukuh", "Dukuh/dusun, mis. 'Kauman' atau 'Dusun Kauman'."),
    FieldOption("rt", "Nomor RT."),
    FieldOption("rw", "Nomor RW."),
    FieldOption("desa", "Nama desa (bawaan: desa binaan di profil)."),
    FieldOption("kelurahan", "Nama kelurahan (dipakai sebagai ganti --desa di wilayah kota)."),
    FieldOption(
        "kecamatan", "Nama kecamatan (bawaan dari profil); juga 'Distrik ...', 'Kapanewon ...'."
    ),
    FieldOption("kabupaten", "Nama kabupaten (bawaan dari profil)."),
    FieldOption("kota", "Nama kota (dipakai sebagai ganti --kabupaten)."),
    FieldOption("provinsi", "Nama provinsi, menentukan zona waktu (WIB, WITA, WIT)."),
    FieldOption(
        "topik",
        "Yang dilakukan atau disampaikan Babinsa, mis. 'memberikan motivasi agar lebih produktif'.",
    ),
    FieldOption("kutipan", "Ucapan Babinsa untuk dikutip di rilis."),
    FieldOption("kutipan_warga", "Ucapan warga untuk dikutip di rilis."),
    FieldOption("harapan", "Harapan penutup rilis."),
    FieldOption("situasi", "Situasi wilayah untuk laporan (bawaan: 'aman dan kondusif')."),
    FieldOption(
        "foto",
        "File foto dokumentasi (boleh diulang); disalin ke folder foto database.",
        multiple=True,
    ),
    FieldOption(
        "koordinat",
        "Lokasi kunjungan, mis. '-7.5921, 110.7012' (bawaan: dari GPS foto bila ada).",
    ),
    FieldOption("catatan", "Catatan internal; tidak pernah masuk rilis."),
)
OPTION_NAMES = tuple(o.name for o in VISIT_OPTIONS)


def _completer(name: str) -> Callable[..., Any] | None:
    """Shell completion of place names (cli/place_names.py; the data loads only on Tab)."""
    from komsos_cli.cli.place_names import COMPLETERS

    return COMPLETERS.get(name)


_DEFAULT_NOTE = re.compile(r" ?\(bawaan[^)]*\)| Bawaan: [^.]*\.")


def _parameter(option: FieldOption, editing: bool = False) -> inspect.Parameter:
    annotation = (list[str] | None) if option.multiple else (str | None)
    default = typer.Option(
        None,
        option.flag,
        # `edit` changes only what is given: no default applies there.
        help=_DEFAULT_NOTE.sub("", option.help) if editing else option.help,
        metavar=option.name.upper(),
        rich_help_panel="Data kunjungan",
        autocompletion=_completer(option.name),
    )
    return inspect.Parameter(
        option.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


def with_edit_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``with_visit_options`` for `edit`: the same options, their help without defaults."""
    return with_visit_options(func, editing=True)


def with_visit_options(func: Callable[..., Any], editing: bool = False) -> Callable[..., Any]:
    """Give ``func`` one option per visit field; it receives them as ``fields`` (given ones only)."""
    signature = inspect.signature(func)
    own = [p for name, p in signature.parameters.items() if name != "fields"]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        fields = {}
        for name in OPTION_NAMES:
            value = kwargs.pop(name, None)
            if value is not None and value != []:
                fields[name] = value
        return func(*args, fields=fields, **kwargs)

    params = own + [_parameter(o, editing) for o in VISIT_OPTIONS]
    # Positional parameters must come first for inspect; keyword-only ones may follow freely.
    params.sort(key=lambda p: p.kind)
    wrapper.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    del wrapper.__wrapped__
    return wrapper


# --- the filters of `list`, shared with `export` (and the period options of `rekap`) ----------

# (keyword of VisitFilter.from_options, flag, help)
FILTER_OPTIONS = (
    ("dari", "--from", "Mulai tanggal (mis. 2023-01-01)."),
    ("sampai", "--to", "Sampai tanggal."),
    ("bulan", "--month", "Satu bulan: TTTT-BB, mis. 2023-01."),
    ("desa", "--desa", "Hanya desa/kelurahan ini."),
    ("kegiatan", "--kegiatan", "Hanya kegiatan ini."),
    ("tema", "--tema", "Hanya tema ini."),
    ("cari", "--search", "Cari teks di nama, topik, kutipan, dsb."),
)
PERIOD_FILTERS = ("dari", "sampai", "bulan")


def with_filter_options(*names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give a command the filter options of `list` (all, or only ``names``).

    The command receives them as ``filters``: a dict to pass to ``VisitFilter.from_options``.
    """
    chosen = [o for o in FILTER_OPTIONS if not names or o[0] in names]

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(func)
        # Resolve string annotations (``from __future__ import annotations``) in func's module.
        hints = typing.get_type_hints(func)
        own = [
            p.replace(annotation=hints.get(name, p.annotation))
            for name, p in signature.parameters.items()
            if name != "filters"
        ]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            filters = {name: kwargs.pop(name, None) for name, _, _ in chosen}
            return func(*args, filters=filters, **kwargs)

        added = [
            inspect.Parameter(
                name,
                inspect.Parameter.KEYWORD_ONLY,
                default=typer.Option(None, flag, help=help_text, rich_help_panel="Saringan"),
                annotation=str | None,
            )
            for name, flag, help_text in chosen
        ]
        # The command's own options after the filters; those without a default (ctx) first.
        params = (
            [p for p in own if p.default is inspect.Parameter.empty]
            + added
            + [
                p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
                for p in own
                if p.default is not inspect.Parameter.empty
            ]
        )
        wrapper.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in params}
        del wrapper.__wrapped__
        return wrapper

    return decorate
