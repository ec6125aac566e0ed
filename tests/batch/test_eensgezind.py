"""``status`` and ``controleer`` agree (domein.md section 5, after X17): one definition of
present, signed, by whom and late, documents found by content, not by file name.

Both commands run, as a user runs them, over the same folders: renamed signed PDFs, a late
signature, a half-signed set, a scan, and a newer version beside a signed one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter

from tests.plugins.documenten import PV_ONDERTEKEND

UTC = dt.UTC
OP_TIJD = dt.datetime(2026, 8, 31, 10, 0, tzinfo=UTC)
TE_LAAT = dt.datetime(2026, 9, 10, 10, 0, tzinfo=UTC)  # startdatum is 7 september 2026
ROLLEN = {
    "OOK": ("instelling", "kandidaat"),
    "POK": ("instelling", "leerbedrijf", "kandidaat"),
    "PLOK": ("rmt", "leerbedrijf", "kandidaat"),
    "PV": ("praktijkopleider", "examencommissie"),
}
#: How signed PDFs come back from e-mail and signing services.
NIEUWE_NAMEN = {
    "OOK": "Ondertekend document (1).pdf",
    "POK": "getekend-final.pdf",
    "PLOK": "Bijlage mail 12-09.pdf",
    "PV": "scan_ondertekend.pdf",
}


def _run(*args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "overeenkomsten", *args, "--json"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _sign_all(test_pki: Any, folder: Path, stem: str, tijdstip: dt.datetime) -> None:
    """The contracts at ``tijdstip``; the PV (made at the end) after its date of issue."""
    for document, rollen in ROLLEN.items():
        for rol in rollen:
            when = PV_ONDERTEKEND if document == "PV" else tijdstip
            test_pki.sign(folder / f"{stem}_{document}.pdf", rol, tijdstip=when)


def _blank_pdf(path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with path.open("wb") as handle:
        writer.write(handle)


@pytest.fixture(scope="module")
def mappen(afgeronde_set: Path, test_pki: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch folder with one trajectory folder per case (signatures made once); the
    trajectory has ended, so its set has a praktijkverklaring."""
    voorbeeld_set = afgeronde_set
    stem = voorbeeld_set.name
    uit = tmp_path_factory.mktemp("eensgezind")
    getekend = uit / ".getekend"
    shutil.copytree(voorbeeld_set, getekend)
    _sign_all(test_pki, getekend, stem, OP_TIJD)

    hernoemd = uit / "hernoemd"
    shutil.copytree(getekend, hernoemd)
    for document, naam in NIEUWE_NAMEN.items():
        (hernoemd / f"{stem}_{document}.pdf").rename(hernoemd / naam)

    te_laat = uit / "te-laat"
    shutil.copytree(getekend, te_laat)
    shutil.copy(voorbeeld_set / f"{stem}_OOK.pdf", te_laat / f"{stem}_OOK.pdf")
    test_pki.sign(te_laat / f"{stem}_OOK.pdf", "instelling", tijdstip=OP_TIJD)
    test_pki.sign(te_laat / f"{stem}_OOK.pdf", "kandidaat", tijdstip=TE_LAAT)
    (te_laat / f"{stem}_OOK.pdf").rename(te_laat / "OOK getekend.pdf")

    half = uit / "half"
    shutil.copytree(voorbeeld_set, half)
    for document in ("POK", "PLOK", "PV"):
        shutil.copy(getekend / f"{stem}_{document}.pdf", half / f"{stem}_{document}.pdf")
    test_pki.sign(half / f"{stem}_OOK.pdf", "kandidaat", tijdstip=OP_TIJD)

    scan = uit / "scan"
    shutil.copytree(getekend, scan)
    (scan / f"{stem}_POK.pdf").unlink()
    _blank_pdf(scan / "scan0001.pdf")

    # The engine's versions: the OOK is signed, then the record changes; genereer writes
    # the changed OOK as _v2 beside the signed one.
    record = json.loads((voorbeeld_set / "traject.json").read_text("utf-8"))
    invoer = uit / ".record.json"
    invoer.write_text(json.dumps(record), "utf-8")
    gemaakt = uit / ".gemaakt"
    _genereer(invoer, gemaakt)
    test_pki.sign(gemaakt / stem / f"{stem}_OOK.pdf", "instelling", tijdstip=OP_TIJD)
    test_pki.sign(gemaakt / stem / f"{stem}_OOK.pdf", "kandidaat", tijdstip=OP_TIJD)
    record["opleiding"]["lesdagen"] = "woensdag en donderdag"
    invoer.write_text(json.dumps(record), "utf-8")
    _genereer(invoer, gemaakt)
    shutil.copytree(gemaakt / stem, uit / "versies")
    shutil.rmtree(gemaakt)
    invoer.unlink()
    geattesteerd = uit / "geattesteerd"  # POK signed on paper, checked by the instelling
    shutil.copytree(getekend, geattesteerd)
    (geattesteerd / f"{stem}_POK.pdf").unlink()
    _blank_pdf(geattesteerd / "scan POK.pdf")
    _attest(test_pki, geattesteerd / "scan POK.pdf", "POK", dt.date(2026, 8, 30))

    papier_te_laat = uit / "papier-te-laat"  # the OOK's paper says 10 September
    shutil.copytree(getekend, papier_te_laat)
    (papier_te_laat / f"{stem}_OOK.pdf").unlink()
    _blank_pdf(papier_te_laat / "ook-scan.pdf")
    _attest(test_pki, papier_te_laat / "ook-scan.pdf", "OOK", TE_LAAT.date())
    shutil.rmtree(getekend)
    return uit


def _genereer(invoer: Path, uit: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "overeenkomsten", "genereer", str(invoer), "--uit", str(uit)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _attest(test_pki: Any, scan: Path, document: str, op: dt.date) -> None:
    from overeenkomsten.handtekeningen.attestatie import make_attestation

    make_attestation(
        scan,
        ROLLEN[document],
        op,
        test_pki.p12["instelling"],
        test_pki.wachtwoord,
        document=document,
        nu=dt.datetime(2026, 9, 20, 12, 0, tzinfo=UTC),
    )


@pytest.fixture(scope="module")
def uitkomsten(mappen: Path, test_pki: Any) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Per case: (status's trajectory, controleer's report); status reads its trust root
    from OVEREENKOMSTEN_VERTROUWD, controleer from --vertrouwd."""
    status = _run(
        "status",
        str(mappen),
        env={"OVEREENKOMSTEN_VERTROUWD": f"{test_pki.root_pem}:{test_pki.crl}"},
    )
    found = {}
    for traject in status["trajecten"]:
        folder = mappen / traject["map"]
        rapport = _run(
            "controleer",
            str(folder),
            "--vertrouwd",
            str(test_pki.root_pem),
            "--crl",
            str(test_pki.crl),
        )
        found[traject["map"]] = (traject, rapport)
    return found


def _assert_agree(status: dict[str, Any], rapport: dict[str, Any]) -> None:
    assert status["oordeel"] == rapport["oordeel"]
    fouten = [
        b
        for b in rapport["bevindingen"]
        if b["ernst"] == "fout" and b["regel"] in ("X0", "X7", "X8")
    ]
    if fouten:
        assert not status["compleet"], fouten
    if status["compleet"]:
        assert not fouten
    # the same file is the same document
    present = {d["bestand"]: d["document"] for d in status["documenten"] if d["bestand"]}
    for naam, document in present.items():
        assert rapport["documenten"][naam] == document
    counted = {n: t for n, t in rapport["documenten"].items() if t in ROLLEN}
    assert counted == present
    # the same signatures are missing (X7) and late (X8)
    missing = Counter(
        b["documenten"][0] for b in rapport["bevindingen"] if b["code"] == "handtekening-ontbreekt"
    )
    for doc in status["documenten"]:
        digital = doc["pdf"] and any(p["stand"] != "ontbreekt" for p in doc["partijen"])
        if digital:
            stands = Counter(p["stand"] for p in doc["partijen"])
            assert missing[doc["bestand"]] == stands["ontbreekt"], doc
    late = {
        b["documenten"][0] for b in rapport["bevindingen"] if b["code"] == "getekend-na-startdatum"
    }
    assert late == {d["bestand"] for d in status["documenten"] if d["te_laat"]}


@pytest.mark.parametrize(
    "geval", ["hernoemd", "te-laat", "half", "scan", "versies", "geattesteerd", "papier-te-laat"]
)
def test_status_and_controleer_agree(
    uitkomsten: dict[str, tuple[dict[str, Any], dict[str, Any]]], geval: str
) -> None:
    _assert_agree(*uitkomsten[geval])


def test_renamed_signed_pdfs_are_found_by_content(
    uitkomsten: dict[str, tuple[dict[str, Any], dict[str, Any]]],
) -> None:
    status, rapport = uitkomsten["hernoemd"]
    documenten = {d["document"]: d for d in status["documenten"]}
    for document, naam in NIEUWE_NAMEN.items():
        assert documenten[document]["bestand"] == naam
        assert documenten[document]["pdf"] is True
        assert documenten[document]["ontbreekt"] == []
        assert documenten[document]["ondertekend"] == list(ROLLEN[document])
    assert status["compleet"] is True
    assert not [b for b in rapport["bevindingen"] if b["regel"] in ("X0", "X7", "X8")]


def test_late_signature_is_not_volledig(
    uitkomsten: dict[str, tuple[dict[str, Any], dict[str, Any]]],
) -> None:
    status, rapport = uitkomsten["te-laat"]
    assert rapport["oordeel"] == "fouten"
    assert status["compleet"] is False
    ook = next(d for d in status["documenten"] if d["document"] == "OOK")
    assert ook["te_laat"] == ["kandidaat"]
    kandidaat = next(p for p in ook["partijen"] if p["rol"] == "kandidaat")
    assert kandidaat["datum"] == "2026-09-10"
    assert next(t for t in status["termijnen"] if t["document"] == "OOK")["te_laat"] is True


def test_a_scan_never_counts_as_signed(
    uitkomsten: dict[str, tuple[dict[str, Any], dict[str, Any]]],
) -> None:
    status, _ = uitkomsten["scan"]
    pok = next(d for d in status["documenten"] if d["document"] == "POK")
    assert pok["ondertekend"] == []
    assert pok["ontbreekt"] == ["instelling", "leerbedrijf", "kandidaat"]
    assert any("scan0001.pdf" in p for p in pok["problemen"])
    assert status["compleet"] is False


def test_newest_version_counts_and_the_signed_one_is_replaced(
    uitkomsten: dict[str, tuple[dict[str, Any], dict[str, Any]]], mappen: Path
) -> None:
    status, rapport = uitkomsten["versies"]
    ook = next(d for d in status["documenten"] if d["document"] == "OOK")
    assert ook["bestand"].endswith("_OOK_v2.pdf")
    assert ook["versie"] == 2
    assert ook["ontbreekt"] == ["instelling", "kandidaat"]
    assert ook["vervangen"] == [
        {"bestand": ook["bestand"].replace("_v2", ""), "versie": 1, "ondertekend": True}
    ]
    assert "vervangen" in rapport["overgeslagen"][ook["bestand"].replace("_v2", "")]
    env = {k: v for k, v in os.environ.items() if k != "OVEREENKOMSTEN_VERTROUWD"}
    text = subprocess.run(
        [sys.executable, "-m", "overeenkomsten", "status", str(mappen)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    ).stdout
    assert "v2 wacht op ondertekening; v1 ondertekend" in text
    assert "te vertrouwen zijn, is niet gecontroleerd" in text  # no --vertrouwd given


def test_status_judges_trust_with_the_roots_given(mappen: Path, test_pki: Any) -> None:
    """With --vertrouwd naming another root, no signature of the set counts as signed."""
    status = _run("status", str(mappen), "--vertrouwd", str(test_pki.untrusted_root_pem))
    hernoemd = next(t for t in status["trajecten"] if t["map"] == "hernoemd")
    assert hernoemd["compleet"] is False
    ook = next(d for d in hernoemd["documenten"] if d["document"] == "OOK")
    assert {p["stand"] for p in ook["partijen"]} == {"niet in orde"}
    assert {p["vertrouwd"] for p in ook["partijen"]} == {False}
    assert ook["ontbreekt"] == ["instelling", "kandidaat"]


def test_a_scan_attested_by_hand_counts_as_signed_by_hand(
    uitkomsten: dict[str, tuple[dict[str, Any], dict[str, Any]]],
) -> None:
    status, rapport = uitkomsten["geattesteerd"]
    pok = next(d for d in status["documenten"] if d["document"] == "POK")
    assert pok["bestand"] == "scan POK.pdf"
    assert pok["ontbreekt"] == []
    assert {p["stand"] for p in pok["partijen"]} == {"handmatig vastgesteld"}
    assert {p["tijdbron"] for p in pok["partijen"]} == {"attestatie"}
    assert status["compleet"] is True
    assert rapport["documenten"]["scan POK.pdf"] == "POK"
    codes = {(b["regel"], b["code"], b["ernst"]) for b in rapport["bevindingen"]}
    assert ("X7", "handmatig-vastgesteld", "waarschuwing") in codes
    assert not [b for b in rapport["bevindingen"] if b["regel"] == "BESTAND"]
    assert rapport["oordeel"] != "fouten"


def test_the_date_on_the_paper_is_judged_by_x8(
    uitkomsten: dict[str, tuple[dict[str, Any], dict[str, Any]]],
) -> None:
    status, rapport = uitkomsten["papier-te-laat"]
    ook = next(d for d in status["documenten"] if d["document"] == "OOK")
    assert ook["te_laat"] == ["instelling", "kandidaat"]
    assert status["compleet"] is False
    (x8,) = [b for b in rapport["bevindingen"] if b["code"] == "getekend-na-startdatum"]
    assert "volgens attestatie" in x8["bericht"]
    assert rapport["oordeel"] == "fouten"
