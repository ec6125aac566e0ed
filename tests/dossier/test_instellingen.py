"""The dossier's use cases resolve their options once, at the ``api`` edge (issue 10).

``bundel`` used to parse the trust roots eight times (the check, the originals, the cover,
each signature module); now the trust material, the erkenningen and the register are each
read exactly once per command, and worker processes receive them loaded.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from overeenkomsten import api
from overeenkomsten.controle import erkenningen as erkenningen_module
from overeenkomsten.handtekeningen.basis import Vertrouwensbasis
from overeenkomsten.register import KwalificatieRegister
from tests.plugins.pki import PkiMaterial

REGISTER = "crebo,naam,niveau,geldig_van,geldig_tot\n25371,Logistiek medewerker,2,2016-08-01,\n"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch, erkenningen_csv: Path) -> Counter[str]:
    """How often each option's file is loaded, wherever in the package that happens."""
    counts: Counter[str] = Counter()
    load = Vertrouwensbasis._load.__func__  # type: ignore[attr-defined]
    from_file = KwalificatieRegister.from_file.__func__  # type: ignore[attr-defined]
    read_table = erkenningen_module.read_table

    def count_load(cls: type, *args: Any) -> Any:
        counts["vertrouwd"] += 1
        return load(cls, *args)

    def count_register(cls: type, path: Path) -> Any:
        counts["register"] += 1
        return from_file(cls, path)

    def count_table(path: Path, *args: Any) -> Any:
        counts["erkenningen"] += path == erkenningen_csv
        return read_table(path, *args)

    monkeypatch.setattr(Vertrouwensbasis, "_load", classmethod(count_load))
    monkeypatch.setattr(KwalificatieRegister, "from_file", classmethod(count_register))
    monkeypatch.setattr(erkenningen_module, "read_table", count_table)
    return counts


def test_bundel_reads_each_option_once(
    getekende_set: Path,
    test_pki: PkiMaterial,
    erkenningen_csv: Path,
    reads: Counter[str],
    tmp_path: Path,
    soffice: str,
) -> None:
    register = tmp_path / "codelijst.csv"
    register.write_text(REGISTER, encoding="utf-8")
    folder = Path(shutil.copytree(getekende_set, tmp_path / "set"))

    resultaat = api.bundel(
        folder,
        tmp_path / "dossier.pdf",
        vertrouwd=[test_pki.root_pem, test_pki.crl],
        erkenningen=erkenningen_csv,
        register=register,
    )

    assert resultaat.uit is not None, resultaat.reden
    assert resultaat.rapport.oordeel == "in orde", resultaat.rapport.bevindingen
    assert reads == {"vertrouwd": 1, "register": 1, "erkenningen": 1}


def _oordelen(
    paden: Sequence[Path], test_pki: PkiMaterial, erkenningen_csv: Path, **opties: Any
) -> list[str]:
    return [t.oordeel for t in api.controleer_alle(paden, werkers=2, **opties)]


def test_workers_receive_trust_from_bytes_loaded(
    getekende_set: Path, test_pki: PkiMaterial, erkenningen_csv: Path, reads: Counter[str]
) -> None:
    """Settings built from PEM bytes (as the web application holds them) judge the
    signatures in worker processes as the files do; loaded once, in the parent."""
    paden = [getekende_set] * 3
    instellingen = api.instellingen(
        vertrouwd=[test_pki.root_pem.read_bytes()],
        crl=[test_pki.crl.read_bytes()],
        erkenningen=erkenningen_csv,
    )
    assert reads == {"vertrouwd": 1, "erkenningen": 1}

    met = _oordelen(paden, test_pki, erkenningen_csv, instellingen=instellingen)
    zonder = _oordelen(paden, test_pki, erkenningen_csv, erkenningen=erkenningen_csv)

    assert met == ["in orde"] * 3
    assert zonder == ["onvolledig"] * 3  # no trust roots: trust not checked
