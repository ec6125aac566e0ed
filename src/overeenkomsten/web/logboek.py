"""Writing the audit log (Logregel): who viewed, downloaded, signed in or changed what.

Every line passes :func:`schrijf`, which masks anything that looks like a BSN in the
texts it stores (a username typed at the login page, a file name, a description): the
log is read by beheerders and kept for years, a BSN must never be in it.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.http import HttpRequest

from overeenkomsten._tekst import scrub_bsn
from overeenkomsten.web.models import Logregel, Organisatie

Actie = Logregel.Actie


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address; behind the TLS proxy (``OVEREENKOMSTEN_HTTPS=1``) the one the
    proxy appended to X-Forwarded-For."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "HTTPS", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = forwarded.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _organisatie(user: Any) -> Organisatie | None:
    profiel = getattr(user, "profiel", None) if user is not None else None
    return profiel.organisatie if profiel is not None else None


def schrijf(
    request: HttpRequest | None,
    actie: str,
    *,
    user: User | AnonymousUser | None = None,
    object: models.Model | None = None,  # noqa: A002  (the log's own word)
    object_soort: str = "",
    object_id: str = "",
    omschrijving: str = "",
    gebruikersnaam: str = "",
) -> Logregel:
    """Append one line to the log. ``user`` defaults to the request's user; ``object``
    fills the object's kind and primary key (never its name: names may hold personal data
    beyond what the line needs)."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    real_user = user if isinstance(user, User) else None
    if object is not None:
        object_soort = object_soort or object._meta.model_name or ""
        object_id = object_id or str(object.pk)
    return Logregel.objects.create(
        user=real_user,
        gebruikersnaam=scrub_bsn(gebruikersnaam or (real_user.get_username() if real_user else ""))[
            :150
        ],
        organisatie=_organisatie(real_user),
        actie=Actie(actie),
        object_soort=object_soort[:50],
        object_id=scrub_bsn(str(object_id))[:100],
        omschrijving=scrub_bsn(omschrijving),
        ip=client_ip(request),
    )


def _ingelogd(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    schrijf(request, Actie.INGELOGD, user=user)


def _uitgelogd(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        schrijf(request, Actie.UITGELOGD, user=user)


def _mislukt(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    schrijf(
        request,
        Actie.MISLUKT_INLOGGEN,
        user=None,
        gebruikersnaam=str(credentials.get("username", "")),
        omschrijving="verkeerde gebruikersnaam of wachtwoord",
    )


def connect_signals() -> None:
    """Log sign-ins, sign-outs and failed sign-ins (called once, from the app's ready())."""
    user_logged_in.connect(_ingelogd, dispatch_uid="overeenkomsten-ingelogd")
    user_logged_out.connect(_uitgelogd, dispatch_uid="overeenkomsten-uitgelogd")
    user_login_failed.connect(_mislukt, dispatch_uid="overeenkomsten-mislukt")
