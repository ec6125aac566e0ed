"""Settings resolved once at the ``api`` edge, from files or from material already loaded.

A web application holds an organisation's trust roots as PEM bytes in its database: the
same :class:`Settings` must come from those bytes as from the files a user names, with the
same Dutch errors, and travel loaded (pickled) to worker processes.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from cryptography import x509

from overeenkomsten import api
from overeenkomsten.controle import Erkenning
from overeenkomsten.errors import ConfigurationError
from overeenkomsten.handtekeningen.basis import Vertrouwensbasis
from overeenkomsten.instellingen import Settings
from overeenkomsten.register import KwalificatieRegister
from tests.plugins.pki import PkiMaterial

TRUST = ("--vertrouwd", "--crl")


def _fingerprints(basis: Vertrouwensbasis) -> tuple[list[bytes], list[bytes]]:
    return [c.sha256 for c in basis.roots], [c.sha256 for c in basis.crls]


def test_trust_from_bytes_certificates_and_files_is_the_same(test_pki: PkiMaterial) -> None:
    pem = test_pki.root_pem.read_bytes()
    from_files = api.instellingen(vertrouwd=[test_pki.root_pem], crl=[test_pki.crl])
    from_bytes = api.instellingen(vertrouwd=[pem], crl=[test_pki.crl.read_bytes()])
    from_certificate = Vertrouwensbasis.from_certificates([x509.load_pem_x509_certificate(pem)])

    assert _fingerprints(from_files.vertrouwd) == _fingerprints(from_bytes.vertrouwd)
    assert len(from_files.vertrouwd.roots) == len(from_files.vertrouwd.crls) == 1
    assert _fingerprints(from_certificate)[0] == _fingerprints(from_files.vertrouwd)[0]
    assert from_bytes.vertrouwd.opgegeven


def test_a_crl_among_the_roots_is_used_as_one(test_pki: PkiMaterial) -> None:
    """``OVEREENKOMSTEN_VERTROUWD`` may name roots and CRLs in one list."""
    settings = api.instellingen(vertrouwd=[test_pki.root_pem, test_pki.crl])
    assert (len(settings.vertrouwd.roots), len(settings.vertrouwd.crls)) == (1, 1)


@pytest.mark.parametrize(
    ("option", "inhoud", "code", "tekst"),
    [
        ("vertrouwd", b"geen certificaat", "vertrouwd-onleesbaar", "bevat geen certificaat"),
        ("crl", b"geen lijst", "crl-onleesbaar", "is geen intrekkingslijst"),
        ("erkenningen", b"\x00\x01 geen tabel", "erkenningen-onleesbaar", "erkenningen"),
        ("register", b"\x00\x01 geen tabel", "register-onleesbaar", "kwalificatieregister"),
    ],
)
def test_an_unusable_file_is_a_dutch_configuration_error_naming_it(
    tmp_path: Path, option: str, inhoud: bytes, code: str, tekst: str
) -> None:
    bestand = tmp_path / f"slecht-{option}.csv"
    bestand.write_bytes(inhoud)
    with pytest.raises(ConfigurationError) as info:
        api.instellingen(**{option: [bestand] if option in ("vertrouwd", "crl") else bestand})
    assert info.value.code == code
    assert tekst in info.value.bericht
    assert "slecht-" in info.value.bericht


def test_unusable_bytes_are_named_by_position(test_pki: PkiMaterial) -> None:
    with pytest.raises(ConfigurationError) as info:
        api.instellingen(vertrouwd=[test_pki.root_pem.read_bytes(), b"rommel"])
    assert info.value.code == "vertrouwd-onleesbaar"
    assert "vertrouwd certificaat 2 bevat geen certificaat" in info.value.bericht


def test_loaded_material_is_taken_as_it_is() -> None:
    register = KwalificatieRegister.default()
    erkenning = Erkenning(crebo="25371", leerbedrijf_id="100077736")
    settings = api.instellingen(register=register, erkenningen=[erkenning])
    assert settings.register is register
    assert settings.erkenningen == (erkenning,)
    assert not settings.vertrouwd.opgegeven


def test_settings_are_picklable_for_worker_processes(test_pki: PkiMaterial) -> None:
    settings = api.instellingen(vertrouwd=[test_pki.root_pem], crl=[test_pki.crl])
    copy = pickle.loads(pickle.dumps(settings))
    assert isinstance(copy, Settings)
    assert _fingerprints(copy.vertrouwd) == _fingerprints(settings.vertrouwd)


def test_the_environment_is_read_by_the_api_edge_not_by_instellingen(
    test_pki: PkiMaterial, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An application passes what it holds; a stray variable never changes its trust."""
    rommel = tmp_path / "rommel.pem"
    rommel.write_bytes(b"rommel")
    monkeypatch.setenv("OVEREENKOMSTEN_VERTROUWD", str(rommel))
    assert not api.instellingen().vertrouwd.opgegeven
    with pytest.raises(ConfigurationError):
        api.handtekeningen(b"%PDF-1.4")  # the command's edge does read it


def test_settings_and_the_files_they_replace_are_not_mixed(test_pki: PkiMaterial) -> None:
    settings = api.instellingen()
    with pytest.raises(TypeError):
        api.controleer(test_pki.map, [test_pki.root_pem], instellingen=settings)


@pytest.mark.parametrize(
    ("opdracht", "optie"),
    [
        *((o, v) for o in ("controleer", "bundel", "status", "handtekeningen") for v in TRUST),
        ("controleer", "--erkenningen"),
        ("bundel", "--erkenningen"),
    ],
)
def test_every_command_refuses_an_unusable_option_file_with_exit_2(
    tmp_path: Path, opdracht: str, optie: str
) -> None:
    from click.testing import CliRunner

    from overeenkomsten.cli import main

    slecht = tmp_path / "slecht.pem"
    slecht.write_bytes(b"\x00 rommel")
    pad = tmp_path / "map"
    pad.mkdir()
    (pad / "stuk.pdf").write_bytes(b"%PDF-1.4\n")
    args = [opdracht, str(pad / "stuk.pdf" if opdracht == "handtekeningen" else pad)]
    if opdracht == "bundel":
        args += ["--uit", str(tmp_path / "dossier.pdf")]
    result = CliRunner().invoke(main, [*args, optie, str(slecht)])
    assert result.exit_code == 2, result.output
    assert "slecht.pem" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "dossier.pdf").exists()
