"""Hostile templates (``--sjablonen``), part two: rendering is bounded in time and size, and
active content (macros, remote images, attached templates, fetching fields) is refused by
``sjablonen-controle`` and never passed on to a generated document."""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from overeenkomsten.documenten.render import default_template_dir
from tests.conftest import data_path
from tests.robuustheid.actief import active_parts, with_macro_project, with_remote_content
from tests.robuustheid.cli import CliRun, assert_clean, run_cli, run_many

HOSTILE = {
    "lussen": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "vermenigvuldiging": "{{ 'x' * 2000000000 }}",
}
EXPECTED = {
    "lussen": "het invullen duurt langer dan 3 seconden",
    "vermenigvuldiging": "wordt te groot (meer dan 1.000.000 tekens",
}
#: The deadline is 3 s per document; start-up and the other documents take a few more.
QUICK = 20.0


def _hostile(folder: Path, tag: str) -> Path:
    shutil.copytree(default_template_dir(), folder)
    document = Document(str(folder / "POK.docx"))
    document.add_paragraph().add_run(tag)
    document.save(str(folder / "POK.docx"))
    return folder


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, goed_werkboek: Path) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("sjabloon-grenzen")
    record = shutil.copy(data_path("traject.json"), root / "traject.json")
    commands: dict[str, list[str | Path]] = {}
    for name, tag in HOSTILE.items():
        folder = _hostile(root / name, tag)
        commands[f"sjablonen-controle {name}"] = ["sjablonen-controle", folder]
        commands[f"genereer {name}"] = [
            "genereer", record, "--uit", root / f"g-{name}", "--geen-pdf", "--sjablonen", folder,
        ]  # fmt: skip
        for werkers in ("1", "2"):
            commands[f"batch {name} {werkers}"] = [
                "batch", goed_werkboek, "--uit", root / f"b{werkers}-{name}", "--geen-pdf",
                "--werkers", werkers, "--sjablonen", folder,
            ]  # fmt: skip
    macro = with_macro_project(root / "macro")
    extern = with_remote_content(root / "extern", "http://127.0.0.1:9")
    commands["sjablonen-controle macro"] = ["sjablonen-controle", macro]
    commands["sjablonen-controle extern"] = ["sjablonen-controle", extern]
    for name, folder in (("macro", macro), ("extern", extern)):
        commands[f"genereer {name}"] = [
            "genereer", record, "--uit", root / f"g-{name}", "--geen-pdf", "--sjablonen", folder,
        ]  # fmt: skip
    return {"root": root, **run_many(commands)}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_template_check_ends_quickly_with_a_dutch_error(runs: dict[str, Any], name: str) -> None:
    run: CliRun = runs[f"sjablonen-controle {name}"]
    assert_clean(run, 1, "POK.docx", "wordt niet ingevuld", EXPECTED[name])
    assert run.seconds < QUICK, run.describe()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_genereer_ends_quickly_with_a_dutch_error(runs: dict[str, Any], name: str) -> None:
    run: CliRun = runs[f"genereer {name}"]
    assert_clean(run, 2, "Het sjabloon POK.docx wordt niet ingevuld", EXPECTED[name])
    assert run.seconds < QUICK, run.describe()
    assert not (runs["root"] / f"g-{name}" / "RMT-TW-2026-0042").exists()


@pytest.mark.parametrize("werkers", ["1", "2"])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_batch_stops_like_genereer(runs: dict[str, Any], name: str, werkers: str) -> None:
    """A template over its limits is unusable setup (domein.md section 11: exit 2), in the
    batch as in ``genereer``, not an error of the row that happened to be rendered first:
    every row would fail the same way. A template that ran out of time once is refused at
    once for the rest, and the run stops before the other rows wait out the deadline."""
    run: CliRun = runs[f"batch {name} {werkers}"]
    assert_clean(run, 2, "Het sjabloon POK.docx wordt niet ingevuld", EXPECTED[name])
    assert run.seconds < QUICK, run.describe()
    assert "met fouten" not in run.output  # no row is blamed for the template
    assert not list((runs["root"] / f"b{werkers}-{name}").glob("*/*_POK.docx"))


def test_template_check_refuses_a_macro_project(runs: dict[str, Any]) -> None:
    run: CliRun = runs["sjablonen-controle macro"]
    assert_clean(run, 1, "OOK.docx", "macroproject", "Word-document (*.docx)")


def test_template_check_refuses_remote_content(runs: dict[str, Any]) -> None:
    run: CliRun = runs["sjablonen-controle extern"]
    assert_clean(
        run,
        1,
        "een afbeelding buiten het document (http://127.0.0.1:9/beeld.png)",
        "een gekoppeld sjabloon buiten het document",
        "een veld INCLUDEPICTURE",
    )


@pytest.mark.parametrize("name", ["macro", "extern"])
def test_generated_documents_carry_no_active_content(runs: dict[str, Any], name: str) -> None:
    run: CliRun = runs[f"genereer {name}"]
    assert_clean(run, 0)
    made = sorted((runs["root"] / f"g-{name}").glob("*/*.docx"))
    assert len(made) == 3  # OOK, POK, PLOK: the PV comes with the afronding (domein.md v2)
    assert {str(p.name): active_parts(p) for p in made} == {p.name: [] for p in made}


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802  (http.server's name)
        _Recorder.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Quiet."""


@pytest.fixture
def web_server() -> Iterator[tuple[str, list[str]]]:
    """A local web server that records every request it gets."""
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.requests
    finally:
        server.shutdown()
        server.server_close()


def test_libreoffice_fetches_nothing(
    tmp_path: Path, soffice: str, web_server: tuple[str, list[str]]
) -> None:
    url, requests = web_server
    folder = with_remote_content(tmp_path / "extern", url)
    record = shutil.copy(data_path("traject.json"), tmp_path / "traject.json")

    run = run_cli("genereer", record, "--uit", tmp_path / "uit", "--sjablonen", folder, timeout=120)

    assert_clean(run, 0)
    assert len(list((tmp_path / "uit").glob("*/*.pdf"))) == 3  # no PV before the afronding
    assert requests == []


def test_a_recursive_macro_is_checked_not_called_unknown(tmp_path: Path) -> None:
    """A macro that calls itself is a known name; rendering it runs into the deadline."""
    folder = _hostile(
        tmp_path / "macro",
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
        "{{ f(60) }}",
    )

    run = run_cli("sjablonen-controle", folder)

    assert_clean(run, 1, "POK.docx", EXPECTED["lussen"])
    assert "bestaat niet in het record" not in run.output
