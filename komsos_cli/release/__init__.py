"""Press releases (rilis) and the daily report to the Danramil, written from recorded facts only.

The wording lives in Jinja2 templates (the top-level ``templates/`` folder, shipped inside the
package as ``komsos_cli/templates``). The parts:

- :mod:`.facts`: what the record lets a release say (``f`` in a template);
- :mod:`.wording`: topik grammar, names, places, and the small filters templates use;
- :mod:`.choice`: variation, stable per visit;
- :mod:`.catalog`: where the templates are, their names and kinds;
- :mod:`.environment`: the sandbox templates render in, and its limits;
- :mod:`.messages`: template failures said in Indonesian;
- :mod:`.render`: the context, rendering and length fitting of a release or a report;
- :mod:`.formats`: text, Markdown, WhatsApp and HTML;
- :mod:`.check`: the editor (what a Kodim press officer would correct);
- :mod:`.samples`: example visits for ``komsos templates check``.

Nothing here knows about typer or rich. jinja2 is imported only inside the functions that render,
so that importing this package stays cheap.
"""

from __future__ import annotations

from komsos_cli.release.catalog import (
    DEFAULT_TEMPLATE,
    REPORT_TEMPLATE,
    TEMPLATE_SUFFIX,
    TemplateInfo,
    builtin_templates_dir,
    list_templates,
    template_source,
)
from komsos_cli.release.check import check_template, check_text, expected_facts
from komsos_cli.release.choice import CHOICE_KEY, valid_choice
from komsos_cli.release.facts import MAX_WORDS, MIN_WORDS, TARGET_WORDS, desa_binaan, facts
from komsos_cli.release.formats import (
    RELEASE_FORMATS,
    REPORT_FORMATS,
    Release,
    format_release,
    plain_text,
    wa_aman,
)
from komsos_cli.release.render import (
    build_release,
    release_with_choice,
    render_release,
    render_report,
    template_context,
)
from komsos_cli.release.samples import SAMPLE_VISITS, sample_visits
from komsos_cli.release.wording import (
    awal,
    daftar,
    dukuh_lengkap,
    first_name,
    gabung,
    judul,
    kutip_koma,
    kutip_titik,
    kutipan_dalam,
    tanpa_ulang,
)

__all__ = [
    "DEFAULT_TEMPLATE", "MAX_WORDS", "MIN_WORDS", "RELEASE_FORMATS", "REPORT_FORMATS",
    "REPORT_TEMPLATE", "SAMPLE_VISITS", "TARGET_WORDS", "TEMPLATE_SUFFIX", "Release",
    "TemplateInfo", "awal", "build_release", "builtin_templates_dir", "check_template",
    "check_text", "CHOICE_KEY", "valid_choice", "release_with_choice", "daftar", "desa_binaan", "dukuh_lengkap", "expected_facts", "facts",
    "first_name", "format_release", "gabung", "judul", "kutip_koma", "kutip_titik",
    "kutipan_dalam", "list_templates", "plain_text", "render_release", "render_report",
    "sample_visits", "tanpa_ulang", "template_context", "template_source", "wa_aman",
]  # fmt: skip
