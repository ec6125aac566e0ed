"""``onderteken`` refuses what would not count (X16), and takes a trusted time (--tsa)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner, Result
from pypdf import PdfWriter

from overeenkomsten.cli import main
from overeenkomsten.handtekeningen import inspect_signatures
from tests.plugins.pki import PkiMaterial, sign_as
from tests.plugins.tsa import TsaServer


def _onderteken(pki: PkiMaterial, pdf: Path, rol: str, p12: Path, *extra: str) -> Result:
    return CliRunner().invoke(
        main,
        ["onderteken", str(pdf), "--rol", rol, "--p12", str(p12), "--wachtwoord-env", "WW", *extra],
        env={"WW": pki.wachtwoord.decode(), "COLUMNS": "200"},
    )


def test_a_role_the_document_does_not_have_is_refused(kopie: Path, test_pki: PkiMaterial) -> None:
    before = kopie.read_bytes()
    result = _onderteken(test_pki, kopie, "rmt", test_pki.p12["rmt"])

    assert result.exit_code == 2
    assert "heeft geen partij 'rmt'" in result.output
    assert "instelling, leerbedrijf, kandidaat" in result.output or "kandidaat" in result.output
    assert kopie.read_bytes() == before


def test_a_pdf_that_is_not_one_of_our_documents_is_refused(
    test_pki: PkiMaterial, tmp_path: Path
) -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    vreemd = tmp_path / "factuur.pdf"
    vreemd.write_bytes(buffer.getvalue())

    result = _onderteken(test_pki, vreemd, "kandidaat", test_pki.p12["kandidaat"])

    assert result.exit_code == 2
    assert "geen document van dit programma" in result.output
    assert inspect_signatures(vreemd) == []


def test_another_persons_certificate_is_refused_unless_toch(
    kopie: Path, test_pki: PkiMaterial
) -> None:
    """onderteken POK.pdf --rol kandidaat --p12 leerbedrijf.p12"""
    refused = _onderteken(test_pki, kopie, "kandidaat", test_pki.p12["leerbedrijf"])
    assert refused.exit_code == 2
    assert "J. Jansen" in refused.output
    assert "Fatma Yılmaz" in refused.output
    assert "--toch" in refused.output
    assert inspect_signatures(kopie) == []

    forced = _onderteken(test_pki, kopie, "kandidaat", test_pki.p12["leerbedrijf"], "--toch")
    assert forced.exit_code == 0, forced.output
    assert "Let op" in forced.output
    (h,) = inspect_signatures(kopie)
    assert (h.veld, h.ondertekenaar) == ("kandidaat", "J. Jansen")


def test_the_same_person_under_a_full_name_may_sign(kopie: Path, test_pki: PkiMaterial) -> None:
    """The block says 'drs. P. de Vries'; the certificate 'Pieter de Vries'."""
    result = _onderteken(test_pki, kopie, "instelling", test_pki.bijzonder["pieter"])
    assert result.exit_code == 0, result.output
    assert "Let op" not in result.output


def test_tsa_gives_a_trusted_signing_time(
    kopie: Path, test_pki: PkiMaterial, tsa_server: TsaServer
) -> None:
    voor = len(tsa_server.verzoeken)
    result = _onderteken(
        test_pki, kopie, "leerbedrijf", test_pki.p12["leerbedrijf"], "--tsa", tsa_server.url
    )
    assert result.exit_code == 0, result.output
    assert "met tijdstempel" in result.output
    assert len(tsa_server.verzoeken) > voor  # pyHanko also asks once to size the token

    (h,) = inspect_signatures(kopie, test_pki.basis())
    assert h.tijdstip_bron == "tijdstempel"
    assert h.tijdstempel_vertrouwd
    assert h.vertrouwd


def test_an_unreachable_tsa_is_a_dutch_error(kopie: Path, test_pki: PkiMaterial) -> None:
    before = kopie.read_bytes()
    result = _onderteken(
        test_pki, kopie, "leerbedrijf", test_pki.p12["leerbedrijf"], "--tsa", "http://127.0.0.1:9/"
    )
    assert result.exit_code == 2
    assert "tijdstempeldienst" in result.output
    assert "Traceback" not in result.output
    assert kopie.read_bytes() == before


def test_handtekeningen_takes_roots_and_crl_from_the_environment(
    kopie: Path, test_pki: PkiMaterial
) -> None:
    test_pki.sign(kopie, "instelling", vertrouwd=False)
    sign_as(test_pki, kopie, "kandidaat", test_pki.bijzonder["ingetrokken"])

    result = CliRunner().invoke(
        main,
        ["handtekeningen", str(kopie), "--json"],
        env={"OVEREENKOMSTEN_VERTROUWD": f"{test_pki.root_pem}:{test_pki.crl}"},
    )

    assert result.exit_code == 0, result.output
    records = {h["veld"]: h for h in json.loads(result.output)["handtekeningen"]}
    assert records["instelling"]["vertrouwen"] == "niet-vertrouwd"
    assert records["kandidaat"]["vertrouwen"] == "ingetrokken"
    assert records["kandidaat"]["certificaat"]["naam"] == "Fatma Yılmaz"

    text = CliRunner().invoke(
        main,
        ["handtekeningen", str(kopie), "--crl", str(test_pki.crl)],
        env={"OVEREENKOMSTEN_VERTROUWD": str(test_pki.root_pem), "COLUMNS": "200"},
    )
    assert "geen vertrouwde basis opgegeven" not in text.output
    assert "ingetrokken" in text.output
