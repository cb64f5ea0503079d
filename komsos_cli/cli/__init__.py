"""The command-line interface: a thin layer over the core modules.

Each command module registers its commands on ``app`` when imported; they import their heavy
dependencies inside the command functions, so importing them all here stays cheap.

Command modules are named after what their commands work on, with plain nouns that do not
repeat a core module's name (``writing`` holds `release`, `report` and `templates`, over the
core's ``release``): ``profile``, ``visits``, ``spellcheck``, ``writing``, ``exchange``,
``sending``, ``place_names``, ``maintenance``. The modules that serve them: ``app`` (the app,
its global options, the one place errors become exit codes), ``translation`` (click's texts in
Indonesian and the help layout), ``startup`` (building only what a run needs), ``options``,
``output``, ``prompts`` and ``render``.
"""

# The import order is the order of `komsos --help`: a Babinsa's day first, the Koramil's
# work next, maintenance last. isort would alphabetise it, hence the separate lines.
from komsos_cli.cli import profile  # noqa: F401, I001  (each import registers commands)
from komsos_cli.cli import visits  # noqa: F401
from komsos_cli.cli import photos  # noqa: F401
from komsos_cli.cli import spellcheck  # noqa: F401
from komsos_cli.cli import writing  # noqa: F401
from komsos_cli.cli import exchange  # noqa: F401
from komsos_cli.cli import sending  # noqa: F401
from komsos_cli.cli import place_names  # noqa: F401
from komsos_cli.cli import maintenance  # noqa: F401
from komsos_cli.cli.app import app
from komsos_cli.cli.startup import for_this_run, top_level_help

# One entry point: the console script's, which answers --version before loading typer.
from komsos_cli import main  # noqa: E402

__all__ = ["app", "for_this_run", "main", "top_level_help"]
