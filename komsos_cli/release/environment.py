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

# Limits on what a template may cost (a user template is code; issue: a template that runs
# for minutes or asks for gigabytes). Generous for any real release (a few ms, a few KB).
RENDER_SECONDS = 5.0
# Width and repeat arguments (center, indent, ljust, zfill, format widths, slice counts):
MAX_WIDTH = 1_000
# How many loop turns a template may take in all (nested range(100000) loops stop here).
MAX_TURNS = 1_000_000

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
        intercepted_binops = frozenset(["*", "**", "%"])

        def call_binop(self, context, operator, left, right):  # type: ignore[no-untyped-def]
            if operator == "**" and isinstance(right, int) and abs(right) > 64:
                raise jinja2.sandbox.SecurityError("pangkat bilangan terlalu besar")
            if operator == "%" and isinstance(left, str):
                _check_format_widths(left)
            if operator == "*":
                for a, b in ((left, right), (right, left)):
                    sized = isinstance(a, (str, list, tuple)) and isinstance(b, int)
                    if sized and len(a) * b > _MAX_OUTPUT_CHARS:
                        raise jinja2.sandbox.SecurityError("hasil perkalian terlalu besar")
            return super().call_binop(context, operator, left, right)

        def call(__self, __context, __obj, *args, **kwargs):  # type: ignore[no-untyped-def]
            # str.center(10**9), "{:>999999999}".format(x), range(...) inside range(...): every
            # call a template makes passes here.
            owner = getattr(__obj, "__self__", None)
            if isinstance(owner, str):
                method = getattr(__obj, "__name__", "")
                if method in _WIDTH_METHODS:
                    _check_widths(args, kwargs)
                if method in ("format", "format_map"):
                    _check_format_widths(owner)
                _check_growth(method, owner, args)
            return super().call(__context, __obj, *args, **kwargs)

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

    class _OnlyTemplates(jinja2.ChoiceLoader):
        """{% include %}/{% import %} load templates (.j2) only, never another file."""

        def get_source(self, environment, template):  # type: ignore[no-untyped-def]
            if not str(template).endswith(TEMPLATE_SUFFIX):
                raise jinja2.TemplateNotFound(template)
            return super().get_source(environment, template)

        def load(self, environment, name, globals=None):  # type: ignore[no-untyped-def]
            if not str(name).endswith(TEMPLATE_SUFFIX):
                raise jinja2.TemplateNotFound(name)
            return super().load(environment, name, globals)

    env = _Sandbox(
        loader=_OnlyTemplates(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=True,
        bytecode_cache=_BYTECODE,
    )
    for name in ("center", "indent", "format", "slice", "replace", "join"):
        env.filters[name] = _bounded(env.filters[name])
    env.globals["range"] = _counted_range
    env.filters.update(
        gabung=gabung, daftar=daftar, judul=judul, awal=awal, kutip_koma=kutip_koma,
        kutip_titik=kutip_titik, tanpa_ulang=tanpa_ulang,
    )  # fmt: skip
    _ENVS[key] = env
    return env


# str methods whose integer argument is a width or a count of repeats
_WIDTH_METHODS = frozenset(["center", "ljust", "rjust", "zfill", "expandtabs"])


class TemplateLimit(Exception):
    """A template went past one of the limits (time, output, width, loop turns)."""


def _too_wide(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WIDTH


def _check_widths(args: Any, kwargs: Mapping[str, Any]) -> None:
    if any(_too_wide(a) for a in args) or any(_too_wide(v) for v in kwargs.values()):
        raise TemplateLimit(f"angka lebar atau ulangan lebih dari {MAX_WIDTH}")


_WIDTH_SPEC = None


def _check_format_widths(text: str) -> None:
    """Refuse a format string that asks for a huge width ("%999999s", "{:>999999}")."""
    import re

    global _WIDTH_SPEC
    if _WIDTH_SPEC is None:
        _WIDTH_SPEC = re.compile(r"%[-+ #0]*(\d+)|\{[^{}]*:[^{}]*?(\d+)[^{}]*\}")
    for m in _WIDTH_SPEC.finditer(text):
        if int(m[1] or m[2]) > MAX_WIDTH:
            raise TemplateLimit(f"lebar format lebih dari {MAX_WIDTH}")


def _check_growth(method: str, text: str, args: Any) -> None:
    """Refuse a replace or join whose result would pass the output cap before it is built."""
    if method == "replace" and len(args) >= 2 and isinstance(args[1], str):
        old = str(args[0])
        hits = text.count(old) if old else len(text) + 1
        if len(text) + hits * len(args[1]) > _MAX_OUTPUT_CHARS:
            raise TemplateLimit("hasil replace terlalu panjang")
    elif method == "join" and args:
        items = args[0]
        if isinstance(items, (str, list, tuple)) and len(items) * len(text) > _MAX_OUTPUT_CHARS:
            raise TemplateLimit("hasil join terlalu panjang")


def _bounded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A built-in filter that refuses huge widths and results (its markers kept)."""
    name = fn.__name__

    def checked(*args: Any, **kwargs: Any) -> Any:
        # Filters marked pass_eval_context/pass_environment get that object first.
        values = list(args[1:] if getattr(fn, "jinja_pass_arg", None) else args)
        if not values:
            return fn(*args, **kwargs)
        subject, rest = values[0], values[1:]
        if name in ("do_center", "do_indent", "do_slice"):
            _check_widths(rest, kwargs)
        if isinstance(subject, str) and name == "do_format":
            _check_format_widths(subject)
        if name == "do_replace" and isinstance(subject, str) and len(rest) >= 2:
            _check_growth("replace", subject, [str(rest[0]), str(rest[1])])
        if name == "do_join" and isinstance(subject, (str, list, tuple)):
            sep = rest[0] if rest else kwargs.get("d", "")
            _check_growth("join", str(sep), [subject])
        return fn(*args, **kwargs)

    for attr in ("jinja_pass_arg", "jinja_async_variant"):
        if hasattr(fn, attr):
            setattr(checked, attr, getattr(fn, attr))
    checked.__name__ = name
    return checked


class _Turns:
    """The loop turns and the deadline of the render running now."""

    deadline = 0.0
    left = MAX_TURNS


class _Counted:
    """A range whose every turn counts against the render's budget of turns and time."""

    def __init__(self, inner: range):
        self.inner = inner

    def __len__(self) -> int:
        return len(self.inner)

    def __iter__(self) -> Any:
        import time

        for n, item in enumerate(self.inner):
            _Turns.left -= 1
            if _Turns.left < 0:
                raise TemplateLimit(f"perulangan lebih dari {MAX_TURNS} kali")
            if n % 1000 == 0 and time.monotonic() > _Turns.deadline:
                raise TemplateLimit(f"lebih dari {RENDER_SECONDS:g} detik")
            yield item


def _counted_range(*args: Any) -> _Counted:
    from jinja2.sandbox import safe_range

    _check_range = safe_range(*args)
    return _Counted(_check_range)


def _render(chosen: _Chosen, context: Mapping[str, Any], user_dir: Path) -> str:
    import jinja2

    env = _environment(user_dir, chosen.folder)
    try:
        if chosen.source is not None:
            template = env.from_string(chosen.source)
        else:
            template = env.get_template(chosen.name + TEMPLATE_SUFFIX)
        text = _stream(template, context)
    except KomsosError:
        raise
    except TemplateLimit as exc:
        raise (InputError if chosen.user else KomsosError)(
            f"Template {chosen.name} dihentikan: {exc} (batas template, agar komsos tidak macet "
            "atau kehabisan memori)."
        ) from None
    except (jinja2.TemplateError, RecursionError, TypeError, ValueError, AttributeError,
            KeyError, IndexError, ZeroDivisionError, OverflowError) as exc:  # fmt: skip
        raise _fail(exc, chosen, user_dir) from None
    return text


def _stream(template: Any, context: Mapping[str, Any]) -> str:
    """Render chunk by chunk: stop as soon as the output passes the cap or time runs out.

    Loops that print nothing never reach a chunk, so a watchdog thread also raises
    TemplateLimit inside the rendering thread when the time is up.
    """
    import time

    _Turns.deadline = time.monotonic() + RENDER_SECONDS
    _Turns.left = MAX_TURNS
    parts, size = [], 0
    with _Watchdog(RENDER_SECONDS):
        for chunk in template.generate(**context):
            size += len(chunk)
            if size > _MAX_OUTPUT_CHARS:
                raise TemplateLimit(
                    "teks yang dihasilkan terlalu panjang (lebih dari 100 ribu huruf)"
                )
            if time.monotonic() > _Turns.deadline:
                raise TemplateLimit(f"lebih dari {RENDER_SECONDS:g} detik")
            parts.append(chunk)
    return "".join(parts)


class _Watchdog:
    """Raise TemplateLimit in this thread after ``seconds`` (CPython's async exception: it
    interrupts pure-Python loops, which is all a sandboxed template can run)."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self) -> _Watchdog:
        import threading

        self.thread_id = threading.get_ident()
        self.lock = threading.Lock()
        self.done = False
        self.fired = False
        self.timer = threading.Timer(self.seconds, self._fire)
        self.timer.daemon = True
        self.timer.start()
        return self

    def _set(self, exc: Any) -> None:
        import ctypes

        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.thread_id), exc)

    def _fire(self) -> None:
        import ctypes

        with self.lock:
            if not self.done:
                self.fired = True
                self._set(ctypes.py_object(_TimeUp))

    def __exit__(self, *exc: Any) -> None:
        self.timer.cancel()
        with self.lock:
            self.done = True
            if self.fired:
                self._set(None)  # not raised yet (the render ended first): take it back
        if exc[0] is _TimeUp:
            raise TemplateLimit(f"lebih dari {RENDER_SECONDS:g} detik") from None


class _TimeUp(Exception):
    """Raised asynchronously by the watchdog; turned into TemplateLimit on the way out."""
