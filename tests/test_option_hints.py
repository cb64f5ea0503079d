"""A mistyped option gets a hint, as a mistyped command does; Indonesian words for the English
options point to them."""

from __future__ import annotations

import pytest
import typer

from komsos_cli.cli import app


@pytest.mark.parametrize(
    "args, hint",
    [
        (["add", "--tangal", "3/12"], "--tanggal"),
        (["add", "--pendampin", "Kopda Dede"], "--pendamping"),
        (["list", "--bulan", "2023-01"], "--month"),
        (["list", "--bulan=2023-01"], "--month"),
        (["list", "--dari", "2023-01-01"], "--from"),
        (["list", "--sampai", "2023-01-31"], "--to"),
        (["list", "--tanggal", "2023-01-05"], "--from atau --to"),
        (["list", "--serch", "blangkon"], "--search"),
        (["rekap", "--bulan", "2023-01"], "--month"),
        (["export", "--bentuk", "csv"], "--format"),
        (["delete", "1", "--ya"], "--yes"),
    ],
)
def test_a_mistyped_option_gets_a_hint(komsos, args, hint):
    result = komsos(*args, code=2)
    typed = next(a for a in args if a.startswith("--")).split("=")[0]
    assert result.stderr.startswith(f"Galat: Opsi {typed} tidak dikenal.")
    assert f"Maksud Anda: {hint}?" in result.stderr
    assert "Possible options" not in result.stderr and "Traceback" not in result.stderr


def test_nothing_close_gets_no_guess(komsos):
    result = komsos("add", "--bogus", code=2)
    assert "Opsi --bogus tidak dikenal." in result.stderr and "Maksud Anda" not in result.stderr


def test_an_indonesian_word_is_offered_only_where_the_command_has_its_option(komsos):
    # `add` has no --month: pointing there would be a second mistake.
    result = komsos("add", "--bulan", "2023-01", code=2)
    assert "--month" not in result.stderr


def _long_options() -> list[tuple[str, str]]:
    group = typer.main.get_command(app)
    found = []
    for name, command in group.commands.items():
        if command.hidden or isinstance(command, typer.core.TyperGroup):
            continue
        for param in command.params:
            for opt in getattr(param, "opts", ()):
                if opt.startswith("--") and len(opt) >= 8 and opt != "--help":
                    found.append((name, opt))
    return found


@pytest.mark.parametrize("command, option", _long_options())
def test_every_long_option_with_a_letter_typed_twice_is_recognised(komsos, command, option):
    typo = option[:5] + option[4] + option[5:]  # "--tanggal" -> "--tannggal"
    result = komsos(command, typo, "x", code=2)
    assert f"Maksud Anda: {option}?" in result.stderr, result.stderr
