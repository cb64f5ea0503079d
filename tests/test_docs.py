"""The README documents every command and alias, and every command and option has help (in the
spirit of sqlite-utils' tests/test_docs.py). A new command fails here until it is documented;
the failure says exactly what to add."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from komsos_cli.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group, path: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    """(command path, command, the visible command it is an alias of, or None), for every
    command and group, hidden aliases included. A visible command names its aliases in its
    help, "(alias: tambah)", as `cli.app.command` writes it."""
    alias_of = {}
    for name, command in group.commands.items():
        if not command.hidden:
            for alias in re.findall(r"\(alias: ([^)]*)\)", command.help or ""):
                alias_of[alias.strip()] = name
    for name, command in sorted(group.commands.items()):
        yield (*path, name), command, alias_of.get(name)
        if isinstance(command, typer.core.TyperGroup) and not command.hidden:
            yield from _commands(command, (*path, name))


COMMANDS = list(_commands(typer.main.get_command(app)))


def _mentioned(words: tuple[str, ...]) -> bool:
    """`komsos WORDS` in the README, or the words in backquotes (`tambah`, `profile show`)."""
    spaced = r"\s+".join(re.escape(w) for w in words)
    return bool(
        re.search(rf"komsos\s+(?:--db\s+\S+\s+)?{spaced}\b", README)
        or re.search(rf"`{spaced}`", README)
    )


def test_every_command_and_alias_is_in_the_readme():
    missing = []
    for path, _command, alias_of in COMMANDS:
        if _mentioned(path) or (len(path) > 1 and alias_of and _mentioned(path[-1:])):
            continue
        if alias_of:
            missing.append(
                f"alias `{path[-1]}` of `komsos {' '.join((*path[:-1], alias_of))}`: name it in "
                f"README.md, e.g. `{path[-1]}` in backquotes or a line `komsos {' '.join(path)} ...`"
            )
        else:
            missing.append(
                f"command `komsos {' '.join(path)}`: add an example line `komsos {' '.join(path)} ...` "
                "to the user part of README.md"
            )
    assert not missing, "README.md does not document:\n  " + "\n  ".join(missing)


def _help_of(command) -> str:  # type: ignore[no-untyped-def]
    text = command.help or command.short_help or ""
    return re.sub(r"\(alias: [^)]*\)", "", text).strip()


def test_every_command_has_help():
    missing = [
        f"`komsos {' '.join(path)}`: give it a docstring or help=... in Indonesian"
        for path, command, alias_of in COMMANDS
        if not alias_of and not _help_of(command)
    ]
    assert not missing, "Commands without help:\n  " + "\n  ".join(missing)


def test_every_hidden_command_is_the_alias_of_a_visible_one():
    orphans = [
        f"`komsos {' '.join(path)}` is hidden but no visible command names it as its alias; "
        "register it with cli.app.command(name, alias) or write (alias: ...) in the help"
        for path, command, alias_of in COMMANDS
        if command.hidden and not alias_of
    ]
    assert not orphans, "\n".join(orphans)


def test_every_option_and_argument_has_help():
    missing = []
    for path, command, alias_of in COMMANDS:
        if alias_of or isinstance(command, typer.core.TyperGroup):
            continue
        for param in command.params:
            if not (getattr(param, "help", None) or "").strip():
                name = param.opts[0] if param.param_type_name == "option" else param.name.upper()
                missing.append(f"`komsos {' '.join(path)}` {name}: add help=... in Indonesian")
    assert not missing, "Parameters without help:\n  " + "\n  ".join(missing)


def test_the_checks_see_the_commands_and_their_aliases():
    # The lists above come from the app itself; make sure they are not empty by mistake.
    names = {" ".join(path) for path, _c, _a in COMMANDS}
    aliases = {" ".join(path) for path, _c, alias_of in COMMANDS if alias_of}
    assert {"add", "list", "release", "templates list", "wilayah cari"} <= names
    assert {"tambah", "rilis", "profil"} <= aliases
