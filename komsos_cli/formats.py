"""One registry of file formats: names, aliases and file endings, declared by those who write them.

Every writer and reader declares its own format where it is defined (after jrnl's
``plugins/__init__.py``)::

    @EXPORT.register(Format("xlsx", aliases=("excel",), suffixes=(".xlsx",), binary=True))
    class XlsxExporter(Exporter): ...

and every list a user sees (option help, "Format ... tidak dikenal. Pilihan: ...", "Akhiran ...
tidak dikenal") is derived from the registry of that use. A registry knows the module(s) that
declare its formats and imports them on the first question, so this module itself stays free of
heavy imports, and so do the providers at import time (xlsxwriter, openpyxl, jinja2 and the like
are imported inside the functions that write or read).

The uses: ``EXPORT`` (``komsos export``), ``IMPORT`` (``komsos import``), ``REKAP`` (``komsos
rekap``), ``RELEASE`` (``komsos release``) and ``REPORT`` (``komsos report``). Another module may
declare formats for a use by being named in its ``providers`` (``REKAP.providers``).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from komsos_cli.errors import InputError

T = TypeVar("T")


@dataclass(frozen=True)
class Format:
    """One format of one use: its name, the other words for it, and the endings that imply it."""

    name: str
    aliases: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()  # the first one is suggested for new files
    description: str = ""
    binary: bool = False  # not for a terminal
    default: bool = False  # the use's format when none is asked for


def _key(text: str) -> str:
    return str(text).strip().lower().lstrip(".")


def or_list(names: list[str]) -> str:
    """``["csv", "json", "xlsx"]`` -> ``csv, json atau xlsx``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " atau " + names[-1]


@dataclass
class Registry:
    """The formats of one use, in the order they were declared."""

    use: str  # the command, for messages: "ekspor", "rekap", ...
    providers: list[str] = field(default_factory=list)  # modules that declare its formats
    _formats: dict[str, Format] = field(default_factory=dict)
    _impl: dict[str, Any] = field(default_factory=dict)
    _loaded: bool = False

    # --- declaring ----------------------------------------------------------------------------

    def register(self, fmt: Format) -> Callable[[T], T]:
        """Decorator: ``impl`` (a class or function) writes or reads ``fmt``."""

        def decorator(impl: T) -> T:
            self.add(fmt, impl)
            return impl

        return decorator

    def add(self, fmt: Format, impl: Any = None) -> Format:
        taken = {w for f in self._formats.values() if f.name != fmt.name for w in self._words(f)}
        clash = taken & set(self._words(fmt))
        if clash:
            raise ValueError(f"{self.use}: {sorted(clash)} already name another format")
        self._formats[fmt.name] = fmt
        self._impl[fmt.name] = impl
        if impl is not None and isinstance(impl, type):
            impl.format = fmt  # type: ignore[attr-defined]
        return fmt

    @staticmethod
    def _words(fmt: Format) -> tuple[str, ...]:
        return (fmt.name, *fmt.aliases)

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            for module in self.providers:
                importlib.import_module(module)

    # --- asking -------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Format]:
        self._load()
        return iter(list(self._formats.values()))

    def names(self) -> list[str]:
        return [f.name for f in self]

    def __contains__(self, name: object) -> bool:
        return self.find(str(name)) is not None

    def find(self, name: str) -> Format | None:
        """The format a name or alias means (any case, a leading dot allowed), or None."""
        key = _key(name)
        for fmt in self:
            if key == fmt.name or key in fmt.aliases:
                return fmt
        return None

    def get(self, name: str) -> Format:
        """The format ``name`` means; an unknown one is a user mistake naming the choices."""
        fmt = self.find(name)
        if fmt is None:
            raise InputError(f"Format '{name}' tidak dikenal. Pilihan: {', '.join(self.names())}.")
        return fmt

    def impl(self, name: str) -> Any:
        """What writes or reads the format (the class or function it was declared on)."""
        return self._impl[self.get(name).name]

    @property
    def default(self) -> Format:
        return next((f for f in self if f.default), next(iter(self)))

    def by_suffix(self, suffix: str) -> Format | None:
        """The format a file ending (``.csv``, any case) implies, or None."""
        suffix = suffix.lower()
        return next((f for f in self if suffix in f.suffixes), None)

    def suffix_map(self) -> dict[str, str]:
        """Every known ending -> the name of its format, in declaration order."""
        return {s: f.name for f in self for s in f.suffixes}

    def choices(self) -> str:
        """``csv (bawaan), jsonl, json atau xlsx``."""
        return or_list([f"{f.name} (bawaan)" if f.default else f.name for f in self])

    def suffixes_text(self) -> str:
        """``.csv, .tsv, .txt (csv); .json (json)`` for the unknown-ending message."""
        return "; ".join(f"{', '.join(f.suffixes)} ({f.name})" for f in self if f.suffixes)


EXPORT = Registry("ekspor", ["komsos_cli.exporters"])
IMPORT = Registry("impor", ["komsos_cli.importers"])
REKAP = Registry("rekap", ["komsos_cli.rekap", "komsos_cli.dukops"])
RELEASE = Registry("rilis", ["komsos_cli.release.formats"])
REPORT = Registry("laporan", ["komsos_cli.release.formats"])
REGISTRIES = {
    "export": EXPORT,
    "import": IMPORT,
    "rekap": REKAP,
    "release": RELEASE,
    "report": REPORT,
}

_PLACEHOLDER = re.compile(r"\{formats:(\w+)(?::(\w+))?\}")


def fill_help(text: str) -> str:
    """Help texts name the choices as ``{formats:export}`` (``csv (bawaan), jsonl ...``) or
    ``{formats:import:suffixes}`` (``.csv, .tsv ...``); filled only when help is shown, so that
    no provider is imported to start a command."""

    def fill(match: re.Match[str]) -> str:
        registry = REGISTRIES[match[1]]
        if match[2] == "suffixes":
            return or_list([s for s in registry.suffix_map()])
        return registry.choices()

    return _PLACEHOLDER.sub(fill, text) if "{formats:" in text else text
