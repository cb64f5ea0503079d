"""The JSON Schema of one exported record (a JSON Lines line, an item of a JSON export).

Derived from ``models``, the one place that defines the record: its keys and their order
(``FIELDS``), their labels (``LABELS``), the list fields, the choices (``KEGIATAN``, ``TEMA``,
``SAPAAN``, ``JENIS_DESA``, ``JENIS_KABUPATEN``, the provinces of ``ZONA_WAKTU``) and the
required fields (``missing_required``'s rules). Only the shape of the few fields that are not
plain text is written here. A key that ``models.FIELDS`` gains is a text field of the schema
until it is given a shape below; keys the schema does not know are allowed (a newer komsos may
add some), so an older warehouse loader keeps reading newer files.

The schema is versioned with ``models.SCHEMA_VERSION``: the ``$id`` ends with it, and every
exported record carries it as ``schema_version``.
"""

from __future__ import annotations

from typing import Any

from komsos_cli import models

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_KEY = "schema_version"  # as exporters.SCHEMA_KEY (kept free of the exporters import)

_UUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
_PHOTO = {
    "type": "object",
    "properties": {
        "hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "nama": {"type": "string"},
        "ukuran": {"type": "integer", "minimum": 0},
        "waktu": {"type": ["string", "null"]},
        "koordinat": {"type": ["object", "null"]},
    },
    "required": ["hash"],
}
_COORDINATES = {
    "type": "object",
    "properties": {
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "lon": {"type": "number", "minimum": -180, "maximum": 180},
        "sumber": {"type": "string"},
    },
    "required": ["lat", "lon"],
}


def _choices(values: Any) -> list[str]:
    return sorted({str(v) for v in values})


def _shapes() -> dict[str, dict[str, Any]]:
    """The fields that are not free text, in the words of ``models``."""
    return {
        "id": {"type": "integer", "minimum": 1},
        "uuid": {"type": "string", "pattern": _UUID},
        "tanggal": {"type": "string", "format": "date"},
        "waktu": {"type": "string", "pattern": r"^([01]\d|2[0-3])\.[0-5]\d$"},
        "umur": {"type": "integer", "minimum": 1, "maximum": 120},
        "rt": {"type": "string", "pattern": r"^\d{2,3}$"},
        "rw": {"type": "string", "pattern": r"^\d{2,3}$"},
        "kegiatan": {"type": "string", "enum": list(models.KEGIATAN)},
        "tema": {"type": "string", "enum": list(models.TEMA)},
        "sapaan": {"type": "string"},  # a known one (models.SAPAAN) or as typed
        "jenis_desa": {"type": "string", "enum": _choices(models.JENIS_DESA.values())},
        "jenis_kecamatan": {"type": "string", "enum": _choices(models.JENIS_KECAMATAN.values())},
        "jenis_kabupaten": {"type": "string", "enum": _choices(models.JENIS_KABUPATEN.values())},
        "provinsi": {"type": "string", "enum": list(models.PROVINSI)},
        "pendamping": {"type": "array", "items": {"type": "string", "minLength": 1}},
        # Photos: a stored photo's description, or (older records) the path it was added from.
        "foto": {"type": "array", "items": {"anyOf": [{"type": "string"}, _PHOTO]}},
        "koordinat": _COORDINATES,
        "dibuat": {"type": "string", "format": "date-time"},
        "diubah": {"type": "string", "format": "date-time"},
    }


def record_schema() -> dict[str, Any]:
    """The versioned JSON Schema (draft 2020-12) of an exported record."""
    shapes = _shapes()
    properties: dict[str, Any] = {
        SCHEMA_KEY: {
            "const": models.SCHEMA_VERSION,
            "description": "Versi skema catatan ini.",
        }
    }
    for key in models.FIELDS:
        shape = dict(shapes.get(key) or {"type": "string"})
        if key in models.LIST_FIELDS and shape.get("type") != "array":
            shape = {"type": "array", "items": {"type": "string"}}
        label = models.LABELS.get(key)
        if label:
            shape["description"] = label[:1].upper() + label[1:]
        properties[key] = shape
    return {
        "$schema": DRAFT,
        "$id": f"urn:komsos:kunjungan:v{models.SCHEMA_VERSION}",
        "title": "Kunjungan Komsos Babinsa",
        "description": (
            "Satu kunjungan seperti diekspor komsos (JSON Lines, JSON). Kolom kosong tidak ditulis."
        ),
        "type": "object",
        "properties": properties,
        # What models.missing_required asks of every visit, plus the keys every stored one has.
        "required": [SCHEMA_KEY, "uuid", "tanggal", "pangkat", "babinsa", "topik"],
        "allOf": [
            {"anyOf": [{"required": ["warga"]}, {"required": ["kelompok"]}]},
            {"anyOf": [{"required": ["desa"]}, {"required": ["kecamatan"]}]},
        ],
        "additionalProperties": True,
    }
