"""Writing sets: folder layout, traject.json, whole-folder replacement, no half sets."""

from __future__ import annotations

import json
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from overeenkomsten.documenten import DocumentGenerator
from overeenkomsten.documenten.render import default_template_dir
from overeenkomsten.errors import InputError, TemplateError
from tests.plugins.documenten import afgerond, valid_traject


@pytest.fixture(scope="module")
def generator() -> Iterator[DocumentGenerator]:
    with DocumentGenerator(pdf=False) as made:
        yield made


def _diploma(record: dict[str, Any], traject_id: str) -> dict[str, Any]:
    return dict(record, traject_id=traject_id, einddoel="diploma", werkprocessen=[])


def test_generate_writes_the_set_and_the_validated_record(
    generator: DocumentGenerator, tmp_path: Path, record: dict[str, Any]
) -> None:
    """A set made at the start: the three contracts and the record, no PV yet."""
    traject = valid_traject(record)
    files = generator.generate(traject, tmp_path)
    folder = tmp_path / "RMT-TW-2026-0042"
    assert files == [
        folder / name
        for name in (
            "RMT-TW-2026-0042_OOK.docx",
            "RMT-TW-2026-0042_PLOK.docx",
            "RMT-TW-2026-0042_POK.docx",
            "traject.json",
        )
    ]
    saved = json.loads((folder / "traject.json").read_text(encoding="utf-8"))
    assert saved == traject.model_dump(mode="json")
    assert saved["kandidaat"]["bsn"] == "111222333"  # needed to regenerate (domein.md 9)
    assert [p.name for p in tmp_path.iterdir()] == ["RMT-TW-2026-0042"]


def test_pv_only_for_einddoel_praktijkverklaring_once_finished(
    generator: DocumentGenerator, tmp_path: Path, record: dict[str, Any]
) -> None:
    """The PV rule of documents_to_make: einddoel praktijkverklaring and an afronding."""
    sets = generator.generate_many(
        [
            valid_traject(afgerond(record)),
            valid_traject(afgerond(_diploma(record, "RMT-DIPLOMA-1"))),
            valid_traject(dict(record, traject_id="RMT-LOOPT-1")),
        ],
        tmp_path,
    )
    assert [s.traject_id for s in sets] == ["RMT-TW-2026-0042", "RMT-DIPLOMA-1", "RMT-LOOPT-1"]
    assert any(p.name.endswith("_PV.docx") for p in sets[0].bestanden)
    assert not any(p.name.endswith("_PV.docx") for p in sets[1].bestanden)
    assert not any(p.name.endswith("_PV.docx") for p in sets[2].bestanden)


def test_same_record_gives_byte_identical_docx_files(
    generator: DocumentGenerator, tmp_path: Path, record: dict[str, Any]
) -> None:
    traject = valid_traject(record)
    first = generator.generate(traject, tmp_path / "a")
    second = generator.generate(traject, tmp_path / "b")
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes(), one.name


def test_an_existing_set_is_never_replaced_here(
    generator: DocumentGenerator, tmp_path: Path, record: dict[str, Any]
) -> None:
    """Updating a set is the engine's (tests/motor); this writer only makes fresh folders."""
    traject = valid_traject(afgerond(record))
    generator.generate(traject, tmp_path)
    folder = tmp_path / "RMT-TW-2026-0042"
    (folder / "eigen-bestand.txt").write_text("van de gebruiker", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        generator.generate(valid_traject(_diploma(record, "RMT-TW-2026-0042")), tmp_path)
    assert caught.value.code == "map-bestaat"
    names = sorted(p.name for p in folder.iterdir())
    assert "eigen-bestand.txt" in names
    assert "RMT-TW-2026-0042_PV.docx" in names
    assert [p.name for p in tmp_path.iterdir()] == ["RMT-TW-2026-0042"]


def test_files_and_folders_get_ordinary_permissions(
    generator: DocumentGenerator, tmp_path: Path, record: dict[str, Any]
) -> None:
    files = generator.generate(valid_traject(record), tmp_path)
    assert stat.S_IMODE(files[0].parent.stat().st_mode) & 0o055 == 0o055
    assert all(stat.S_IMODE(f.stat().st_mode) & 0o044 == 0o044 for f in files)


def test_unsafe_traject_id_stays_inside_the_output_folder(
    generator: DocumentGenerator, tmp_path: Path, record: dict[str, Any]
) -> None:
    record["traject_id"] = "../../buiten/CON"
    files = generator.generate(valid_traject(record), tmp_path / "uit")
    assert all(tmp_path / "uit" in f.parents for f in files)
    assert not (tmp_path / "buiten").exists()


def test_duplicate_traject_ids_are_refused_before_writing(
    generator: DocumentGenerator, tmp_path: Path, record: dict[str, Any]
) -> None:
    traject = valid_traject(record)
    with pytest.raises(InputError) as caught:
        generator.generate_many([traject, traject], tmp_path)
    assert caught.value.code == "traject-dubbel"
    assert not any(tmp_path.iterdir())


def test_a_template_error_leaves_no_folder_behind(tmp_path: Path, record: dict[str, Any]) -> None:
    sjablonen = tmp_path / "sjablonen"
    shutil.copytree(default_template_dir(), sjablonen)
    pv = Document(str(sjablonen / "PV.docx"))
    pv.add_paragraph().add_run("{{ kandidaat.geboorteplaats }}")
    pv.save(str(sjablonen / "PV.docx"))
    uit = tmp_path / "uit"
    diploma = valid_traject(_diploma(record, "RMT-EERST"))
    with DocumentGenerator(sjablonen, pdf=False) as generator, pytest.raises(TemplateError):
        generator.generate_many([diploma, valid_traject(afgerond(record))], uit)
    assert list(uit.iterdir()) == []


def test_an_output_path_that_is_a_file_is_refused(
    generator: DocumentGenerator, tmp_path: Path, record: dict[str, Any]
) -> None:
    uit = tmp_path / "uit"
    uit.write_text("geen map", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        generator.generate(valid_traject(record), uit)
    assert caught.value.code == "uitvoermap-ongeldig"
