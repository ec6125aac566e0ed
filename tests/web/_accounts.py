"""Organisations and signed-in users for the Django test-client tests (fixtures used
through tests/web/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

WACHTWOORD = "Lang-genoeg-wachtwoord-42"


@pytest.fixture
def organisatie(db: None) -> Callable[..., Any]:
    """Make an organisation: ``organisatie("ROC", soort="instelling", brin="25PZ")``."""
    from overeenkomsten.web.models import Organisatie

    def maak(naam: str, soort: str = "regio", brin: str = "", **velden: Any) -> Organisatie:
        return Organisatie.objects.create(naam=naam, soort=soort, brin=brin, **velden)

    return maak


@pytest.fixture
def gebruiker(db: None) -> Callable[..., Any]:
    """Make a user with a role in an organisation; ``totp=True`` also gives a confirmed
    TOTP device (``user.totp``) so the user can pass two-factor login."""
    from django.contrib.auth.models import User
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from overeenkomsten.web.models import Profiel

    def maak(
        naam: str, organisatie: Any, rol: str = "backoffice", *, totp: bool = True, **velden: Any
    ) -> User:
        velden.setdefault("email", f"{naam}@example.org")
        user = User.objects.create_user(naam, password=WACHTWOORD, **velden)
        Profiel.objects.create(user=user, organisatie=organisatie, rol=rol)
        if totp:
            user.totp = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        return user

    return maak


def totp_code(device: Any) -> str:
    """The code a phone would show now for ``device``."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def inloggen(client: Any) -> Callable[[Any], Any]:
    """Sign ``user`` in on the test client, two-factor step passed (for page tests)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    def log_in(user: Any) -> Any:
        client.force_login(user)
        device = getattr(user, "totp", None)
        if device is not None:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return log_in
