"""A user template is code: its time, output, widths and includes are bounded (issue 11, 17)."""

from __future__ import annotations

import time

import pytest
from release_support import sample

from komsos_cli.errors import InputError
from komsos_cli.release import environment, render_release


def _render(tmp_path, body: str, name: str = "coba.j2") -> str:
    path = tmp_path / name
    path.write_text("Judul\n\n" + body + "\n", "utf-8")
    return render_release(sample("usaha"), template=str(path))


@pytest.mark.parametrize(
    "body",
    [
        "{{ 'a' | center(10**9) }}",
        "{{ 'a' | center(1000000000) }}",
        "{{ 'a' | indent(1000000000) }}",
        "{{ 'a'.center(1000000000) }}",
        "{{ 'a'.ljust(1000000000) }}",
        "{{ 'a'.zfill(1000000000) }}",
        "{{ '%1000000000s' % 'a' }}",
        "{{ '%1000000000s' | format('a') }}",
        "{{ '{:>1000000000}'.format('a') }}",
        "{{ range(10) | slice(1000000000) | list | length }}",
        "{{ ('x' * 99999) | replace('x', 'y' * 99999) }}",
        "{{ ('x' * 99999).replace('x', 'y' * 99999) }}",
        "{{ ('y' * 99999).join('x' * 99999) }}",
        "{{ ('x' * 99999) | join('y' * 99999) }}",
        "{{ 'x' * 1000000000 }}",
    ],
)
def test_width_and_repeat_arguments_are_refused_before_memory_is_spent(tmp_path, body):
    with pytest.raises(InputError, match="dihentikan|ditolak"):
        _render(tmp_path, body)


def test_output_is_capped_as_it_streams(tmp_path):
    body = "{% for i in range(100000) %}{{ 'kalimat panjang sekali ' * 40 }}{% endfor %}"
    start = time.monotonic()
    with pytest.raises(InputError, match="terlalu panjang"):
        _render(tmp_path, body)
    assert time.monotonic() - start < 5  # stopped at the cap, not after 90 MB


def test_nested_loops_stop_at_the_turn_budget(tmp_path):
    body = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    start = time.monotonic()
    with pytest.raises(InputError, match="perulangan|detik"):
        _render(tmp_path, body)
    assert time.monotonic() - start < 10


def test_render_time_is_bounded_even_for_loops_that_print_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(environment, "RENDER_SECONDS", 0.5)
    # Strings are not ranges: no turn counting, only the clock stops this one.
    body = "{% for a in 'x' * 99999 %}{% for b in 'x' * 99999 %}{% endfor %}{% endfor %}"
    start = time.monotonic()
    with pytest.raises(InputError, match="detik"):
        _render(tmp_path, body)
    assert time.monotonic() - start < 5


def test_a_normal_render_after_a_stopped_one_is_not_disturbed(tmp_path, monkeypatch):
    monkeypatch.setattr(environment, "RENDER_SECONDS", 0.3)
    with pytest.raises(InputError):
        _render(
            tmp_path, "{% for a in 'x' * 99999 %}{% for b in 'x' * 9999 %}{% endfor %}{% endfor %}"
        )
    monkeypatch.setattr(environment, "RENDER_SECONDS", 5.0)
    text = render_release(sample("usaha"))
    time.sleep(0.5)  # a late watchdog would raise here
    assert "Serka Sugianto" in text


def test_include_reads_only_templates(tmp_path):
    (tmp_path / "rahasia.txt").write_text("kata sandi: 1234", "utf-8")
    with pytest.raises(InputError, match="hanya template"):
        _render(tmp_path, '{% include "rahasia.txt" %}')
    (tmp_path / "bagian.j2").write_text("Bagian yang boleh dimuat.", "utf-8")
    assert "Bagian yang boleh dimuat." in _render(tmp_path, '{% include "bagian.j2" %}')


def test_real_templates_are_well_inside_the_limits():
    text = render_release(sample("usaha"), format="html")
    assert "Sugianto" in text
