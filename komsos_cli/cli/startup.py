"""The start-up of a command line: build only the part of the app that this run needs.

`komsos --version` and the cached top-level help never get here (see ``komsos_cli.main`` and
``komsos_cli.quickhelp``); this is what every other run goes through before typer parses.
"""

from __future__ import annotations

import copy
import os

import typer

from komsos_cli.cli.app import app

# Options of the top level that take a value (the command word comes after it).
_GLOBAL_VALUE_OPTIONS = ("--db",)


def _command_word(args: list[str]) -> tuple[str | None, list[str]]:
    """The command named on this command line and the top-level options before it
    (``komsos --db F add ...`` -> ``("add", ["--db", "F"])``)."""
    skip = False
    for i, arg in enumerate(args):
        if skip:
            skip = False
        elif arg in _GLOBAL_VALUE_OPTIONS:
            skip = True
        elif arg == "--":
            return (args[i + 1] if i + 1 < len(args) else None), args[:i]
        elif not arg.startswith("-"):
            return arg, args[:i]
    return None, args


def _no_parameters() -> None:
    """Stands in for a command's function where only its name and help are shown."""


def for_this_run(args: list[str]) -> typer.Typer:
    """The app as typer needs it to run this command line.

    Before it runs one command, typer builds every command of the app (about forty with the
    aliases, each with its parameters read from the function's signature): a third of the
    start-up of `komsos add`. The command named on the line is built alone; for the top
    level's help, the commands are built without their parameters, which that page does not
    show. Anything else (no such command, shell completion) gets the whole app.
    """
    if any(key.endswith("_COMPLETE") for key in os.environ):
        return app
    name, options = _command_word(args)
    trimmed = copy.copy(app)
    if name is not None:
        trimmed.registered_commands = [c for c in app.registered_commands if c.name == name]
        trimmed.registered_groups = [g for g in app.registered_groups if g.name == name]
        if not trimmed.registered_commands and not trimmed.registered_groups:
            return app  # click's message, with its suggestions, needs every name
        return trimmed
    if args and not {"-h", "--help"} & set(options):
        return app  # no command and no help asked for: whatever click makes of it
    stubs = []
    for info in app.registered_commands:
        stub = copy.copy(info)
        stub.callback = _no_parameters
        stubs.append(stub)
    trimmed.registered_commands = stubs
    groups = []
    for info in app.registered_groups:
        group = copy.copy(info)
        group.typer_instance = copy.copy(info.typer_instance)
        group.typer_instance.registered_commands = []
        group.typer_instance.registered_groups = []
        groups.append(group)
    trimmed.registered_groups = groups
    return trimmed


def top_level_help() -> str:
    """The page `komsos --help` prints, as text (for the cache in komsos_cli.quickhelp)."""
    group = typer.main.get_command(for_this_run(["--help"]))
    with group.make_context("komsos", ["--help"], resilient_parsing=True) as ctx:
        return ctx.get_help() + "\n"
