"""The one domain error. Only the CLI turns it into a message and an exit code."""

from __future__ import annotations

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class KomsosError(Exception):
    """An error the user should see as a plain Indonesian message.

    ``exit_code`` is 2 for bad usage or bad input and 1 for anything else (a busy or damaged
    database, a file that cannot be written). ``details`` are extra lines shown under the message.
    """

    exit_code = EXIT_ERROR

    def __init__(
        self, message: str, *, details: list[str] | None = None, exit_code: int | None = None
    ):
        super().__init__(message)
        self.message = message
        self.details = list(details or [])
        if exit_code is not None:
            self.exit_code = exit_code


class InputError(KomsosError):
    """The user typed something that is not valid (exit code 2)."""

    exit_code = EXIT_USAGE


class FieldError(InputError):
    """One field of a visit is not valid; ``field`` names it for prompts that ask again."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class MissingFieldsError(InputError):
    def __init__(self, fields: list[str]):
        self.fields = list(fields)
        super().__init__(
            "Data wajib belum diisi: " + ", ".join(self.fields) + ". Tidak ada yang disimpan."
        )


# The operating system's reasons (OSError.strerror) are English; these are the ones a user meets.
_OS_REASONS = {
    "EACCES": "tidak ada izin",
    "EPERM": "tidak ada izin",
    "ENOENT": "tidak ditemukan",
    "EROFS": "media hanya bisa dibaca",
    "ENOSPC": "ruang penyimpanan penuh",
    "EISDIR": "itu sebuah folder",
    "ENOTDIR": "bagian dari jalurnya bukan folder",
    "EBUSY": "sedang dipakai program lain",
    "EIO": "kesalahan baca/tulis perangkat",
    "ENAMETOOLONG": "nama terlalu panjang",
}


def os_reason(exc: OSError) -> str:
    """The reason of an OSError in Indonesian (the system's own words for a rare one)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_REASONS.get(name) or exc.strerror or str(exc)
