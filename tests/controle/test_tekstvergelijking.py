"""X15, the whole text: a user's own templates are found by their hash with --sjablonen."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

from overeenkomsten.controle import check_documents
from overeenkomsten.documenten import DocumentGenerator, default_template_dir
from tests.plugins.documenten import valid_traject


def test_own_templates_are_found_with_sjablonen(
    tmp_path: Path, record_data: dict[str, Any]
) -> None:
    eigen = tmp_path / "sjablonen"
    shutil.copytree(default_template_dir(), eigen)
    for template in eigen.glob("*.docx"):
        with zipfile.ZipFile(template, "a") as package:
            package.comment = b"eigen versie van de instelling"
    with DocumentGenerator(eigen, pdf=False) as generator:
        (documentenset,) = generator.generate_many([valid_traject(record_data)], tmp_path / "uit")
    zonder = check_documents(documentenset.map)
    assert any("tekstvergelijking niet mogelijk: sjabloon onbekend" in k for k in zonder.kop)
    met = check_documents(documentenset.map, sjablonen=eigen)
    assert met.kop == []
    assert not [b for b in met.bevindingen if b.regel == "X15"]
