"""Jinja2 failures said in Indonesian, naming the template file and line."""

from __future__ import annotations

import re
from pathlib import Path

from komsos_cli.errors import InputError, KomsosError
from komsos_cli.release.catalog import TEMPLATE_SUFFIX, _Chosen, _in_folder
from komsos_cli.release.facts import facts
from komsos_cli.release.samples import SAMPLE_VISITS

_SECURITY_TAIL = (
    "Template hanya boleh membaca data kunjungan (v, f) dan memakai fungsi yang disediakan, "
    "bukan bagian dalam Python."
)


_NAMES_HINT = "nama yang tersedia: v, f, acak, pilih, urut, sebut, istilah, format, varian"


def _where(exc: Exception, chosen: _Chosen) -> tuple[str, int | None]:
    """The template file (as the user knows it) and the line where ``exc`` happened.

    Syntax errors carry both; for errors while rendering, Jinja2 rewrites the traceback so that
    the frames of template code bear the template's file name and line.
    """
    filename = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if line is None:
        tb = exc.__traceback__
        while tb is not None:
            code_file = tb.tb_frame.f_code.co_filename
            if code_file == "<template>" or code_file.endswith(TEMPLATE_SUFFIX):
                filename, line = code_file, tb.tb_lineno
            tb = tb.tb_next
    if not filename or filename == "<template>":  # the chosen template itself
        return chosen.name, line
    return str(filename), line


def _syntax_message(detail: str) -> str:
    """Jinja2's syntax complaints, said in Indonesian; the original only where nothing fits."""
    tag = r"'(\w+)'"
    m = re.match(rf"Encountered unknown tag {tag}\.(?: Jinja was looking for .*? "
                 rf"The innermost block that needs to be closed is {tag}\.)?", detail)  # fmt: skip
    if m and m[2]:
        return (
            f"'{{% {m[1]} %}}' tidak pada tempatnya; blok '{{% {m[2]} %}}' harus lebih dulu "
            f"ditutup dengan '{{% end{m[2]} %}}'"
        )
    if m:
        return f"perintah '{{% {m[1]} %}}' tidak dikenal atau tidak punya pasangan pembuka"
    m = re.search(rf"Unexpected end of template\. .*The innermost block that needs to be "
                  rf"closed is {tag}", detail)  # fmt: skip
    if m:
        return f"blok '{{% {m[1]} %}}' tidak ditutup dengan '{{% end{m[1]} %}}'"
    if "unexpected end of template" in detail.lower():
        if "print statement" in detail:
            return "'{{' tidak ditutup dengan '}}'"
        if "statement block" in detail:
            return "'{%' tidak ditutup dengan '%}'"
        return "template berakhir sebelum perintah terakhir selesai ditulis"
    m = re.match(r"Expected an expression, got '(.*)'", detail)
    if m:
        inside = "'{{ ... }}'" if "print" in m[1] else "'{% ... %}'"
        return f"isi {inside} kosong atau terpotong"
    m = re.match(r"No (filter|test) named '(.+?)'", detail)
    if m:
        what = "filter" if m[1] == "filter" else "uji (is ...)"
        return f"{what} '{m[2]}' tidak ada"
    m = re.match(r"unexpected char '(.+?)'", detail)
    if m:
        return f"tanda '{m[1]}' tidak boleh dipakai di sini"
    m = re.match(r"unexpected '(.+?)', expected '(.+?)'", detail)
    if m:
        return (
            f"tertulis '{m[1]}' padahal seharusnya '{m[2]}' (mungkin ada kurung yang belum ditutup)"
        )
    m = re.match(r"unexpected '(.+?)'", detail)
    if m:
        return f"'{m[1]}' tidak pada tempatnya"
    return f"sintaks salah ({detail.rstrip('.')})"


def _undefined_message(detail: str) -> str:
    from komsos_cli.models import FIELDS as record_fields

    fact_keys = set(facts(SAMPLE_VISITS[0]))

    def hint(name: str) -> str:
        places = [f"{p}.{name}" for p, keys in (("v", record_fields), ("f", fact_keys))
                  if name in keys]  # fmt: skip
        return f" (pakai {' atau '.join(places)})" if places else ""

    m = re.match(r"'(\w+)' is undefined", detail)
    if m:
        return f"nama '{m[1]}' tidak dikenal" + (hint(m[1]) or f" ({_NAMES_HINT})")
    m = re.match(r"'(dict|str|int|list|bool) object' has no attribute '(.+?)'", detail)
    if m:
        if m[1] == "dict":
            return f"'{m[2]}' tidak ada di v maupun f" + (
                hint(m[2]) or " (lihat daftar isi v dan f di awal _dasar.j2)"
            )
        kind = {"str": "teks", "int": "bilangan", "list": "daftar", "bool": "nilai ya/tidak"}
        return f"{kind[m[1]]} tidak punya bagian '{m[2]}'"
    m = re.match(r"'?(\w+) object'? has no element (.+)", detail)
    if m:
        return f"isi nomor {m[2]} tidak ada"
    return f"nama atau data tidak dikenal ({detail})"


def _runtime_message(exc: Exception) -> str:
    detail = str(exc)
    if isinstance(exc, ZeroDivisionError):
        return "pembagian dengan nol"
    if isinstance(exc, TypeError):
        if "can only concatenate str" in detail or "unsupported operand" in detail:
            return "teks dan bilangan tidak bisa dijumlahkan; gabungkan teks dengan '~'"
        m = re.search(r"missing (\d+) required positional argument", detail)
        if m:
            return f"fungsi dipanggil dengan isian yang kurang ({m[1]} lagi)"
        if "positional argument" in detail:
            return "fungsi dipanggil dengan isian yang terlalu banyak"
    if isinstance(exc, (KeyError, IndexError)):
        return f"isi {detail} tidak ada"
    return f"gagal dijalankan ({type(exc).__name__}: {detail})"


def _fail(exc: Exception, chosen: _Chosen, user_dir: Path) -> KomsosError:
    """Turn a Jinja2 failure into a clear Indonesian error naming the file and the line."""
    import jinja2
    from jinja2.sandbox import SecurityError

    where = getattr(exc, "filename", None) or getattr(exc, "name", None)
    user = chosen.user or _in_folder(where, user_dir)
    tb = exc.__traceback__
    while tb is not None and not user:
        user = _in_folder(tb.tb_frame.f_code.co_filename, user_dir)
        tb = tb.tb_next
    filename, line = _where(exc, chosen)
    label = f"Template {filename}" + (f" baris {line}" if line else "")
    detail = str(getattr(exc, "message", None) or exc)
    # Chained access to a blocked attribute ends as an "undefined" error: still a refusal.
    blocked = isinstance(exc, jinja2.UndefinedError) and re.search(r"attribute '_", detail)
    if isinstance(exc, SecurityError) or blocked:
        attribute = re.search(r"attribute '(.+?)'", detail)
        if attribute and attribute[1].startswith("_"):
            message = (
                f"Template {filename} mencoba mengakses bagian dalam Python ('{attribute[1]}'); "
                "ditolak."
            )
        elif attribute:
            message = (
                f"Template {filename} mencoba mengubah data kunjungan ('{attribute[1]}'); "
                f"ditolak. {_SECURITY_TAIL}"
            )
        else:
            message = f"Template {filename} ditolak: {detail}. {_SECURITY_TAIL}"
    elif isinstance(exc, jinja2.TemplateNotFound) and not detail.endswith(TEMPLATE_SUFFIX):
        message = (
            f"{label}: memuat '{detail}' ditolak; hanya template ({TEMPLATE_SUFFIX}) yang boleh "
            "dimuat dengan include atau import."
        )
    elif isinstance(exc, jinja2.TemplateNotFound):
        message = f"{label}: memuat template lain yang tidak ada ('{detail}')."
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        explained = _syntax_message(detail)
        if not explained.startswith("sintaks salah"):
            explained = "sintaks salah, " + explained
        message = f"{label}: {explained}."
    elif isinstance(exc, jinja2.UndefinedError):
        message = f"{label}: {_undefined_message(detail)}."
    elif isinstance(exc, RecursionError):
        message = f"Template {filename} memanggil dirinya sendiri tanpa henti."
    else:
        message = f"{label}: {_runtime_message(exc)}."
    if user:
        return InputError(message)
    return KomsosError(message + " Ini kesalahan pada template bawaan; mohon laporkan.")
