"""The render bounds of documenten/begrenzing.py, in-process: every way to make a template
run long or grow large ends in RenderLimitError; ordinary expressions are untouched."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from docx import Document

from overeenkomsten.documenten.begrenzing import RenderLimitError, deadline, render_bounded
from overeenkomsten.documenten.render import (
    compile_template,
    default_template_dir,
    template_environment,
)
from overeenkomsten.errors import TemplateError

SLOW = [
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    "{% for c in 'x' * 999999 %}{% for d in 'x' * 999999 %}{% endfor %}{% endfor %}",
    "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(60) }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% if j is odd %}{% endif %}"
    "{% endfor %}{% endfor %}",
]
LARGE = [
    "{{ 'x' * 2000000000 }}",
    "{{ [1] * 2000000000 }}",
    "{{ 2000000000 * 'x' }}",
    "{{ 10 ** 100000000 }}",
    "{{ 'x' | center(2000000000) }}",
    "{{ 'x' | indent(2000000000) }}",
    "{{ '%2000000000s' % 1 }}",
    "{{ '%*d' % (2000000000, 1) }}",
    "{{ range(100000) | join('x' * 999999) }}",
    "{{ ('x' * 999999) | replace('', 'yy') }}",
    "{{ 'x'.ljust(2000000000) }}",
    "{{ 'x'.zfill(2000000000) }}",
    "{{ ('x' * 999999).replace('x', 'yy') }}",
    "{{ ('x' * 999999).join(['a', 'b', 'c']) }}",
    "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s|length }}{% endif %}"
    "{% endmacro %}{{ d('x' * 1000, 40) }}",
    "{% for i in range(100000) %}{{ 'x' * 999999 }}{% endfor %}",
]
REFUSED = [
    "{{ '{:>2000000000}'.format(1) }}",
    "{{ 'abc'.expandtabs(2000000000) }}",
    "{{ 'abc'.translate({97: 'x' * 999999}) }}",
]
ORDINARY = {
    "{{ '%.2f' % 3.14159 }}": "3.14",
    "{{ ['a', 'b'] | join(', ') }}": "a, b",
    "{{ 'a-b' | replace('-', ' en ') }}": "a en b",
    "{{ 'ab'.upper() ~ 'x' * 3 }}": "ABxxx",
    "{% for i in range(3) %}{{ loop.index }}{% endfor %}": "123",
    "{{ 2 ** 10 }}": "1024",
    "{{ ' x '.strip() }}": "x",
    "{{ 'x' | center(5) }}": "  x  ",
}


def _render(source: str, seconds: float = 1.0) -> str:
    template = template_environment().from_string(source)
    with deadline(seconds):
        return render_bounded(template, {})


@pytest.mark.parametrize("source", SLOW)
def test_slow_templates_stop_at_the_deadline(source: str) -> None:
    started = time.monotonic()
    with pytest.raises(RenderLimitError) as info:
        _render(source, seconds=0.5)

    assert info.value.code == "sjabloon-te-traag"
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("source", LARGE)
def test_large_values_are_refused_before_they_are_made(source: str) -> None:
    started = time.monotonic()
    with pytest.raises(RenderLimitError) as info:
        _render(source, seconds=5)

    assert info.value.code == "sjabloon-te-groot", info.value.bericht
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("source", REFUSED)
def test_growing_string_methods_outside_the_list_are_refused(source: str) -> None:
    with pytest.raises(RenderLimitError) as info:
        _render(source)

    assert info.value.code == "sjabloon-onveilig"
    assert "niet toegestaan" in info.value.bericht


@pytest.mark.parametrize(("source", "expected"), ORDINARY.items())
def test_ordinary_expressions_are_untouched(source: str, expected: str) -> None:
    assert _render(source) == expected


@pytest.mark.parametrize("name", ["namespace", "lipsum"])
def test_globals_that_could_grow_without_bound_are_gone(name: str) -> None:
    assert name not in template_environment().globals


def test_nested_lists_are_weighed_before_they_are_multiplied() -> None:
    with pytest.raises(RenderLimitError) as info:
        _render("{{ [[[0] * 1000] * 1000] * 1000 }}", seconds=5)

    assert info.value.code == "sjabloon-te-groot"


@pytest.mark.parametrize(
    "tag", ["{% include 'x.xml' %}", "{% import 'x' as y %}", "{% from 'x' import y %}"]
)
def test_templates_cannot_pull_in_other_files(tmp_path: Path, tag: str) -> None:
    folder = tmp_path / "sjablonen"
    shutil.copytree(default_template_dir(), folder)
    document = Document(str(folder / "POK.docx"))
    document.add_paragraph().add_run(tag)
    document.save(str(folder / "POK.docx"))

    with pytest.raises(TemplateError) as info:
        compile_template(folder / "POK.docx")

    assert info.value.code == "sjabloon-invoegen"
    assert "geen andere bestanden" in info.value.bericht
