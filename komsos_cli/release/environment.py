"""The sandboxed Jinja2 environment templates render in, and the limits it enforces.

jinja2 is imported only inside the functions here, so that importing the package stays cheap."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from komsos_cli.errors import InputError, KomsosError
from komsos_cli.release import catalog
from komsos_cli.release.catalog import (
    _MAX_OUTPUT_CHARS,
    TEMPLATE_SUFFIX,
    _Chosen,
)
from komsos_cli.release.messages import _fail
from komsos_cli.release.wording import (
    awal,
    daftar,
    gabung,
    judul,
    kutip_koma,
    kutip_titik,
    tanpa_ulang,
)

_ENVS: dict[tuple[str, str], Any] = {}

_BYTECODE: Any = None


def _environment(user_dir: Path, extra_dir: Path | None = None) -> Any:
    """A sandboxed Jinja2 environment: user folder (and a template file's folder) before the
    built-in templates, StrictUndefined, no access to Python internals."""
    key = (str(user_dir), str(extra_dir or ""))
    if key in _ENVS:
        return _ENVS[key]
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class _Sandbox(ImmutableSandboxedEnvironment):
        # "x" * 10**9 would exhaust memory before any other check could stop it.
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context, operator, left, right):  # type: ignore[no-untyped-def]
            if operator == "**" and isinstance(right, int) and abs(right) > 64:
                raise jinja2.sandbox.SecurityError("pangkat bilangan terlalu besar")
            if operator == "*":
                for a, b in ((left, right), (right, left)):
                    sized = isinstance(a, (str, list, tuple)) and isinstance(b, int)
                    if sized and len(a) * b > _MAX_OUTPUT_CHARS:
                        raise jinja2.sandbox.SecurityError("hasil perkalian terlalu besar")
            return super().call_binop(context, operator, left, right)

    global _BYTECODE
    if _BYTECODE is None:

        class _MemoryBytecode(jinja2.BytecodeCache):
            """Compiled templates shared by all environments of this process (keyed by source
            checksum, so an edited file is compiled again)."""

            def __init__(self) -> None:
                self.store: dict[str, bytes] = {}

            def load_bytecode(self, bucket: Any) -> None:
                if bucket.key in self.store:
                    bucket.bytecode_from_string(self.store[bucket.key])

            def dump_bytecode(self, bucket: Any) -> None:
                self.store[bucket.key] = bucket.bytecode_to_string()

        _BYTECODE = _MemoryBytecode()

    builtin = catalog.builtin_templates_dir()  # looked up here: tests replace it
    loaders: list[Any] = []
    if extra_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(extra_dir)))
    loaders.append(jinja2.FileSystemLoader(str(user_dir)))
    if isinstance(builtin, Path):
        loaders.append(jinja2.FileSystemLoader(str(builtin)))
    else:  # a zipped install: read through importlib.resources

        def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
            entry = builtin / name
            if not entry.is_file():
                return None
            return entry.read_text("utf-8"), f"komsos_cli/templates/{name}", lambda: True

        loaders.append(jinja2.FunctionLoader(load))
    env = _Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=True,
        bytecode_cache=_BYTECODE,
    )
    env.filters.update(
        gabung=gabung, daftar=daftar, judul=judul, awal=awal, kutip_koma=kutip_koma,
        kutip_titik=kutip_titik, tanpa_ulang=tanpa_ulang,
    )  # fmt: skip
    _ENVS[key] = env
    return env


def _render(chosen: _Chosen, context: Mapping[str, Any], user_dir: Path) -> str:
    import jinja2

    env = _environment(user_dir, chosen.folder)
    try:
        if chosen.source is not None:
            template = env.from_string(chosen.source)
        else:
            template = env.get_template(chosen.name + TEMPLATE_SUFFIX)
        text = template.render(**context)
    except KomsosError:
        raise
    except (jinja2.TemplateError, RecursionError, TypeError, ValueError, AttributeError,
            KeyError, IndexError, ZeroDivisionError, OverflowError) as exc:  # fmt: skip
        raise _fail(exc, chosen, user_dir) from None
    if len(text) > _MAX_OUTPUT_CHARS:
        raise (InputError if chosen.user else KomsosError)(
            f"Template '{chosen.name}' menghasilkan teks terlalu panjang."
        )
    return text
