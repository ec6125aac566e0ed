"""TOTP codes as an authenticator app computes them, from the secret the page shows.

The ``/tweestaps/`` page shows the secret (base32, as authenticator apps take it) and an
``otpauth://`` link in its QR code; both are accepted. django-otp refuses a code whose
time step was already used, so :class:`Authenticator` waits for the next step when a test
needs a second code within the same 30 seconds.
"""

from __future__ import annotations

import base64
import time
from urllib.parse import parse_qs, urlsplit

STAP = 30  # seconds per code, the RFC 6238 default that django-otp's TOTP devices use


def sleutel_uit(geheim: str) -> bytes:
    """The key bytes of a base32 secret (spaces, dashes, case ignored) or otpauth:// URI."""
    tekst = geheim.strip()
    if tekst.lower().startswith("otpauth://"):
        tekst = parse_qs(urlsplit(tekst).query)["secret"][0]
    tekst = "".join(tekst.split()).replace("-", "").upper()
    return base64.b32decode(tekst + "=" * (-len(tekst) % 8))


def totp_code(geheim: str, tijdstip: float | None = None) -> str:
    """The six-digit code for ``geheim`` at ``tijdstip`` (now by default)."""
    from django_otp.oath import TOTP  # the extra [web]; imported late like Django itself

    totp = TOTP(sleutel_uit(geheim), step=STAP, digits=6)
    totp.time = tijdstip if tijdstip is not None else time.time()
    return f"{totp.token():06d}"


class Authenticator:
    """A phone app for one secret: a fresh code each time, never one already used."""

    def __init__(self, geheim: str) -> None:
        self.geheim = geheim
        self._laatste_stap: int | None = None

    def code(self) -> str:
        stap = int(time.time()) // STAP
        if stap == self._laatste_stap:
            time.sleep((stap + 1) * STAP - time.time() + 0.1)
            stap += 1
        self._laatste_stap = stap
        return totp_code(self.geheim, stap * STAP + 1)
