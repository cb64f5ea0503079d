"""Where templates are (built-in and user ones), their names, kinds and descriptions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from komsos_cli.errors import InputError, os_reason

TEMPLATE_SUFFIX = ".j2"

REPORT_TEMPLATE = "laporan"

DEFAULT_TEMPLATE = "umum"

# A user template may not produce more than this (a runaway loop, a huge repetition).
_MAX_OUTPUT_CHARS = 100_000


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    kind: str  # "rilis", "laporan" or "bagian" (a partial other templates import)
    source: str  # "bawaan" or "pengguna"
    path: str
    description: str
    overrides: bool = False  # a user template with the name of a built-in one


def builtin_templates_dir() -> Any:
    """The built-in templates: inside the installed package, else ``<repo>/templates``."""
    from importlib import resources

    try:
        packaged = resources.files("komsos_cli") / "templates"
        if packaged.is_dir():
            return packaged
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):  # pragma: no cover
        pass
    return Path(__file__).resolve().parents[2] / "templates"


def _user_dir(user_dir: str | Path | None) -> Path:
    if user_dir is not None:
        return Path(user_dir)
    from komsos_cli.paths import user_templates_dir

    return user_templates_dir()


def _kind(name: str) -> str:
    if name.startswith("_"):
        return "bagian"
    return "laporan" if name.startswith(REPORT_TEMPLATE) else "rilis"


def _description(source: str) -> str:
    m = re.match(r"\s*\{#-?\s*(.*?)\s*-?#\}", source, re.S)
    if not m:
        return ""
    return " ".join(m[1].split("\n\n")[0].split())


# Release and report templates are NAME.j2 with a plain NAME; other modules keep templates of
# their own in the same folder under dotted names (rekap.html.j2) that are not listed here.
_OWN_NAME = re.compile(r"[\w-]+")


def _own_name(filename: str) -> str | None:
    if not filename.endswith(TEMPLATE_SUFFIX):
        return None
    name = filename[: -len(TEMPLATE_SUFFIX)]
    return name if _OWN_NAME.fullmatch(name) else None


def _builtin_sources() -> dict[str, tuple[str, str]]:
    folder = builtin_templates_dir()
    found = {}
    for entry in folder.iterdir():
        name = _own_name(entry.name)
        if name and entry.is_file():
            found[name] = (entry.read_text("utf-8"), str(entry))
    return found


def _user_files(user_dir: Path) -> dict[str, Path]:
    if not user_dir.is_dir():
        return {}
    found = {}
    for path in sorted(user_dir.glob("*" + TEMPLATE_SUFFIX)):
        name = _own_name(path.name)
        if name and path.is_file():
            found[name] = path
    return found


def list_templates(user_dir: str | Path | None = None) -> list[TemplateInfo]:
    """Built-in and user templates, user ones first; partials (``_name``) last."""
    builtin = _builtin_sources()
    folder = _user_dir(user_dir)
    infos = []
    for name, path in _user_files(folder).items():
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        infos.append(
            TemplateInfo(
                name, _kind(name), "pengguna", str(path), _description(text), name in builtin
            )
        )
    user_names = {i.name for i in infos}
    for name, (text, path) in sorted(builtin.items()):
        if name not in user_names:
            infos.append(TemplateInfo(name, _kind(name), "bawaan", path, _description(text)))
    order = {"rilis": 0, "laporan": 1, "bagian": 2}
    return sorted(infos, key=lambda i: (order[i.kind], i.name))


def template_source(name: str, user_dir: str | Path | None = None) -> tuple[TemplateInfo, str]:
    """The template called ``name`` (a user one first) and its text, for ``templates show``."""
    clean = name[: -len(TEMPLATE_SUFFIX)] if name.endswith(TEMPLATE_SUFFIX) else name
    for info in list_templates(user_dir):
        if info.name == clean:
            if info.source == "pengguna":
                return info, _read_user_file(Path(info.path))
            return info, _builtin_sources()[clean][0]
    raise InputError(
        f"Template '{name}' tidak ada.",
        details=[f"Template yang tersedia: {', '.join(_names(user_dir))}."],
    )


def _names(user_dir: str | Path | None = None) -> list[str]:
    return [i.name for i in list_templates(user_dir) if i.kind != "bagian"]


def _read_user_file(path: Path) -> str:
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise InputError(f"File template {path} tidak ditemukan.") from None
    except UnicodeDecodeError:
        raise InputError(f"File template {path} bukan teks UTF-8.") from None
    except OSError as exc:
        raise InputError(f"File template {path} tidak bisa dibaca: {os_reason(exc)}.") from None
    if len(text) > _MAX_OUTPUT_CHARS:
        raise InputError(f"File template {path} terlalu besar (lebih dari 100 ribu huruf).")
    return text


@dataclass(frozen=True)
class _Chosen:
    name: str  # for messages
    source: str | None  # the text of a template FILE, else None (load by name)
    user: bool  # written by the user: errors are the user's (exit 2)
    folder: Path | None  # the template file's folder


def _resolve(template: str | Path | None, default: str, user_dir: Path) -> _Chosen:
    if template is None or str(template).strip() == "":
        name = default
    else:
        text = str(template).strip()
        path = Path(text).expanduser()
        looks_like_file = "/" in text or "\\" in text or (path.suffix not in ("", TEMPLATE_SUFFIX))
        if path.is_file() or looks_like_file:
            if not path.is_file():
                raise InputError(f"File template {path} tidak ditemukan.")
            return _Chosen(str(path), _read_user_file(path), True, path.resolve().parent)
        name = text[: -len(TEMPLATE_SUFFIX)] if text.endswith(TEMPLATE_SUFFIX) else text
    user_files = _user_files(user_dir)
    if name in user_files:
        return _Chosen(name, None, True, None)
    if name in _builtin_sources():
        if name.startswith("_"):
            raise InputError(f"'{name}' adalah bagian bersama template, bukan template utuh.")
        return _Chosen(name, None, False, None)
    raise InputError(
        f"Template '{name}' tidak ada.",
        details=[
            f"Template yang tersedia: {', '.join(_names(user_dir))}.",
            "Atau berikan path ke file template (.j2).",
        ],
    )


def _in_folder(filename: str | None, folder: Path) -> bool:
    if not filename:
        return False
    try:
        return Path(filename).resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError):
        return False
