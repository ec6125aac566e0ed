"""Shared pieces of the web benchmarks (benchmarks/web_*.py).

- :func:`django_voor` configures Django in this process for a data folder (the same folder
  a running ``overeenkomsten web`` uses, so seeding through the ORM lands in its database).
- :func:`zaai_trajecten` writes many trajectories through the ORM, with ``status`` documents
  made by the library itself (``api.status`` over a few real sets, copied per trajectory).
- :func:`maak_gebruiker` makes an account with a role and a confirmed TOTP device whose key
  the benchmark knows; :class:`HttpSessie` signs in over HTTP as a browser does (password,
  then the code) and times requests.
- :func:`pagina_ontbreekt` stops a benchmark with a clear message when a page is not built
  yet (the pages come from several engineers).
"""

from __future__ import annotations

import copy
import html.parser
import http.cookiejar
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WACHTWOORD = "Benchmark-wachtwoord-2026"


def pagina_ontbreekt(wat: str, detail: str = "") -> NoReturn:
    print(
        f"De pagina {wat} bestaat nog niet in deze versie van de webapplicatie"
        f"{': ' + detail if detail else ''}; deze meting kan pas draaien als die er is.",
        file=sys.stderr,
    )
    raise SystemExit(3)


def django_voor(data: Path, database_url: str | None = None) -> None:
    """Set up Django in this process for the installation in ``data``, migrated."""
    try:
        import django
    except ImportError:
        print("Installeer de webapplicatie: pip install -e '.[dev,web]'", file=sys.stderr)
        raise SystemExit(2) from None
    os.environ["OVEREENKOMSTEN_DATA"] = str(data)
    os.environ["DJANGO_SETTINGS_MODULE"] = "overeenkomsten.web.instellingen"
    if database_url:
        os.environ["OVEREENKOMSTEN_DATABASE_URL"] = database_url
    else:
        os.environ.pop("OVEREENKOMSTEN_DATABASE_URL", None)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def percentiel(waarden: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100) of ``waarden``, nearest-rank."""
    rij = sorted(waarden)
    index = max(0, min(len(rij) - 1, round(p / 100 * len(rij) + 0.5) - 1))
    return rij[index]


def samenvatting_ms(waarden: Sequence[float]) -> str:
    ms = [w * 1000 for w in waarden]
    return (
        f"mediaan {statistics.median(ms):.0f} ms, p95 {percentiel(ms, 95):.0f} ms, "
        f"max {max(ms):.0f} ms (n={len(ms)})"
    )


def _basisrecord() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "tests" / "data" / "traject.json").read_text())
    return data


def echte_statussen(aantal: int = 6) -> list[dict[str, Any]]:
    """The stored fields of ``aantal`` trajectories as ``ververs_status`` stores them: a batch
    of real sets (Word only), then per set the library's ``status`` and ``controleer``."""
    from tests.batch.helpers import records, write_intake

    from overeenkomsten import api
    from overeenkomsten.web.taken.traject import _zonder_bsn
    from overeenkomsten.web.trajectstatus import velden

    uitkomsten = []
    with tempfile.TemporaryDirectory() as tmp:
        map_ = Path(tmp)
        intake = write_intake(map_ / "intake.xlsx", records(_basisrecord(), aantal))
        api.batch(intake, map_ / "uit", pdf=False, werkers=1)
        for status in api.status(map_ / "uit", werkers=1):
            data = status.as_dict()
            data["map"] = ""
            data["controle"] = _zonder_bsn(api.controleer(map_ / "uit" / status.map).as_dict())
            uitkomsten.append({"status": data, **velden(status)})
    return uitkomsten


def zaai_trajecten(organisatie: Any, aantal: int, *, brin: str = "25PZ") -> list[int]:
    """``aantal`` trajectories for ``organisatie`` through the ORM; their primary keys.

    Records are real §10 records (varied ids and names, valid BSNs); the stored status and
    the fields derived from it are those of :func:`echte_statussen`, in turn.
    """
    from tests.batch.helpers import records

    from overeenkomsten.web.models import Traject

    uitkomsten = echte_statussen()
    rijen = []
    for nummer, record in enumerate(records(_basisrecord(), aantal, prefix="RMT-W")):
        uitkomst = copy.deepcopy(uitkomsten[nummer % len(uitkomsten)])
        uitkomst["status"]["traject_id"] = record["traject_id"]
        kandidaat = record["kandidaat"]
        naam = " ".join(d for d in (kandidaat.get("voornamen"), kandidaat.get("achternaam")) if d)
        rijen.append(
            Traject(
                organisatie=organisatie,
                traject_id=record["traject_id"],
                brin=brin,
                kandidaat_naam=naam,
                record=record,
                map_pad=f"trajecten/{record['traject_id']}/",
                **uitkomst,
            )
        )
    Traject.objects.bulk_create(rijen, batch_size=500)
    return list(
        Traject.objects.filter(organisatie=organisatie).order_by("pk").values_list("pk", flat=True)
    )


@dataclass
class Gebruiker:
    gebruikersnaam: str
    wachtwoord: str
    totp_sleutel: bytes
    pk: int


def maak_organisatie(naam: str, soort: str = "regio", brin: str = "") -> Any:
    from overeenkomsten.web.models import Organisatie

    organisatie, _ = Organisatie.objects.get_or_create(
        naam=naam, defaults={"soort": soort, "brin": brin}
    )
    return organisatie


def maak_gebruiker(naam: str, organisatie: Any, rol: str = "backoffice") -> Gebruiker:
    """An account with a role and a confirmed TOTP device (two-step login set up)."""
    from django.contrib.auth.models import User
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from overeenkomsten.web.models import Profiel

    user = User.objects.create_user(naam, email=f"{naam}@test.invalid", password=WACHTWOORD)
    Profiel.objects.create(user=user, organisatie=organisatie, rol=rol)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return Gebruiker(naam, WACHTWOORD, device.bin_key, user.pk)


class _Formulieren(html.parser.HTMLParser):
    """The POST forms of a page: their action and hidden fields (csrf token, volgende)."""

    def __init__(self) -> None:
        super().__init__()
        self.formulieren: list[tuple[str, dict[str, str]]] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self._open = (a.get("method") or "").lower() == "post"
            if self._open:
                self.formulieren.append((a.get("action") or "", {}))
        elif tag == "input" and self._open and a.get("type") == "hidden" and a.get("name"):
            self.formulieren[-1][1][str(a["name"])] = a.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = False

    def kies(self, pad: str, actie: str | None) -> tuple[str, dict[str, str]]:
        """The form posting to ``actie`` (default: to the page itself); its URL and fields."""
        doel = actie or pad
        for formulier_actie, velden in self.formulieren:
            if (formulier_actie or pad) == doel:
                return doel, velden
        raise RuntimeError(f"geen formulier naar {doel} op {pad}")


class HttpSessie:
    """One signed-in browser over plain HTTP (cookies, CSRF), timing every request."""

    def __init__(self, basis: str) -> None:
        self.basis = basis.rstrip("/")
        self.koekjes = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.koekjes))
        self.tijden: list[float] = []
        self.fouten: list[str] = []

    def haal(self, pad: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        """GET (or POST ``data``) ``pad``; status, final URL and body. Times the request."""
        url = self.basis + pad
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        verzoek = urllib.request.Request(url, data=body)
        if body is not None:
            verzoek.add_header("Referer", url)
        begin = time.perf_counter()
        try:
            with self.opener.open(verzoek, timeout=60) as antwoord:
                tekst = antwoord.read().decode("utf-8", "replace")
                status, eind = antwoord.status, antwoord.url
        except urllib.error.HTTPError as fout:
            tekst = fout.read().decode("utf-8", "replace")
            status, eind = fout.code, url
        self.tijden.append(time.perf_counter() - begin)
        if status >= 400:
            self.fouten.append(f"{status} {pad}")
        return status, eind, tekst

    def post_formulier(
        self, pad: str, velden: dict[str, str], actie: str | None = None
    ) -> tuple[int, str, str]:
        """POST a form of ``pad`` as a browser does: its hidden fields plus ``velden``."""
        _, _, tekst = self.haal(pad)
        formulieren = _Formulieren()
        formulieren.feed(tekst)
        doel, verborgen = formulieren.kies(pad, actie)
        return self.haal(doel, {**verborgen, **velden})

    def post_bestand(self, pad: str, veld: str, bestand: Path) -> tuple[int, str, str]:
        """Upload ``bestand`` in the form of ``pad`` (multipart, with its hidden fields)."""
        _, _, tekst = self.haal(pad)
        formulieren = _Formulieren()
        formulieren.feed(tekst)
        _, verborgen = formulieren.kies(pad, None)
        grens = f"----benchmark{secrets.token_hex(8)}"
        kop = '--{}\r\nContent-Disposition: form-data; name="{}"\r\n\r\n{}\r\n'
        delen = [kop.format(grens, naam, waarde).encode() for naam, waarde in verborgen.items()]
        delen.append(
            f'--{grens}\r\nContent-Disposition: form-data; name="{veld}"; '
            f'filename="{bestand.name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + bestand.read_bytes()
            + b"\r\n"
        )
        delen.append(f"--{grens}--\r\n".encode())
        url = self.basis + pad
        verzoek = urllib.request.Request(url, data=b"".join(delen))
        verzoek.add_header("Content-Type", f"multipart/form-data; boundary={grens}")
        verzoek.add_header("Referer", url)
        with self.opener.open(verzoek, timeout=120) as antwoord:
            return antwoord.status, antwoord.url, antwoord.read().decode("utf-8", "replace")

    def log_in(self, gebruiker: Gebruiker) -> None:
        from django_otp.oath import TOTP

        _, url, _ = self.post_formulier(
            "/inloggen/", {"username": gebruiker.gebruikersnaam, "password": gebruiker.wachtwoord}
        )
        if "/tweestaps/" not in url:
            raise RuntimeError(f"inloggen van {gebruiker.gebruikersnaam} mislukte (bij {url})")
        code = f"{TOTP(gebruiker.totp_sleutel).token():06d}"
        _, url, _ = self.post_formulier("/tweestaps/", {"code": code})
        if "/tweestaps/" in url or "/inloggen/" in url:
            raise RuntimeError(f"tweestapsverificatie van {gebruiker.gebruikersnaam} mislukte")
        self.tijden.clear()
        self.fouten.clear()
