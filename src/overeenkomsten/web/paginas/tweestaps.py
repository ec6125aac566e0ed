"""/tweestaps/: set up TOTP (QR code and the secret as text), enter a code or a recovery
code, and make new recovery codes."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from overeenkomsten.web import logboek

HERSTELCODES = 10


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


def _volgende(request: HttpRequest) -> str:
    target = request.POST.get("volgende") or request.GET.get("volgende") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _totp(request: HttpRequest, *, confirmed: bool) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=request.user, confirmed=confirmed).order_by("id").first()


def _nieuwe_herstelcodes(request: HttpRequest) -> list[str]:
    """Replace the account's recovery codes by fresh ones, shown once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=request.user, name="herstelcodes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(HERSTELCODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def _te_vaak(form: CodeForm, device: TOTPDevice | StaticDevice | None) -> bool:
    """After wrong codes django-otp makes the next try wait longer (1, 2, 4... seconds):
    say so instead of calling a right code wrong."""
    if device is None:
        return False
    allowed, data = device.verify_is_allowed()
    if allowed:
        return False
    tot = (data or {}).get("locked_until")
    wanneer = f" tot {timezone.localtime(tot):%H:%M:%S}" if tot is not None else " even"
    form.add_error(
        "code", f"Te veel foute codes achter elkaar. Wacht{wanneer} en probeer het opnieuw."
    )
    return True


def _qr(device: TOTPDevice) -> tuple[str, str]:
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, title="QR-code")
    return svg, " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
@require_http_methods(["GET", "POST"])
def tweestaps(request: HttpRequest) -> HttpResponse:
    if getattr(request.user, "is_verified", bool)():
        return HttpResponseRedirect(_volgende(request))
    bevestigd = _totp(request, confirmed=True)
    form = CodeForm(request.POST or None)
    if bevestigd is None:
        return _instellen(request, form)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].replace(" ", "")
        device = None
        herstel = StaticDevice.objects.filter(user=request.user).first()
        if _te_vaak(form, bevestigd if code.isdigit() else herstel):
            pass
        elif code.isdigit():
            device = verify_token(request.user, bevestigd.persistent_id, code)
        elif herstel is not None:
            device = verify_token(request.user, herstel.persistent_id, code.lower())
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                over = device.token_set.count()
                messages.warning(
                    request,
                    f"U bent ingelogd met een herstelcode; er zijn er nog {over} over. "
                    "Maak nieuwe herstelcodes als u er weinig over heeft.",
                )
            return HttpResponseRedirect(_volgende(request))
        if not form.errors:
            form.add_error(
                "code",
                "Deze code klopt niet (of is verlopen). Probeer de nieuwste code uit uw app, "
                "of een herstelcode. Na enkele fouten moet u steeds langer wachten.",
            )
    return render(
        request,
        "web/account/tweestaps.html",
        {"form": form, "volgende": _volgende(request), "titel": "Tweestapsverificatie"},
    )


def _instellen(request: HttpRequest, form: CodeForm) -> HttpResponse:
    """First sign-in: a new TOTP secret, confirmed by one right code."""
    device = _totp(request, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="app", confirmed=False)
    if request.method == "POST" and form.is_valid() and not _te_vaak(form, device):
        code = form.cleaned_data["code"].replace(" ", "")
        if code.isdigit() and verify_token(request.user, device.persistent_id, code):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
                codes = _nieuwe_herstelcodes(request)
            otp_login(request, device)
            logboek.schrijf(
                request, "aangemaakt", object_soort="tweestaps", omschrijving="TOTP ingesteld"
            )
            return render(
                request,
                "web/account/herstelcodes.html",
                {"codes": codes, "volgende": _volgende(request), "titel": "Herstelcodes"},
            )
    if request.method == "POST" and form.is_valid():
        form.add_error(
            "code",
            "Deze code klopt niet. Controleer of de klok van uw telefoon goed staat en typ "
            "de code die de app nu toont.",
        )
    svg, geheim = _qr(device)
    return render(
        request,
        "web/account/tweestaps_instellen.html",
        {
            "form": form,
            "qr": svg,
            "geheim": geheim,
            "volgende": _volgende(request),
            "titel": "Tweestapsverificatie instellen",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def herstelcodes(request: HttpRequest) -> HttpResponse:
    """Make new recovery codes (the old ones stop working); after the second step only."""
    if not getattr(request.user, "is_verified", bool)():
        return HttpResponseRedirect(f"/tweestaps/?{urlencode({'volgende': request.path})}")
    if request.method == "POST":
        codes = _nieuwe_herstelcodes(request)
        logboek.schrijf(
            request, "gewijzigd", object_soort="tweestaps", omschrijving="nieuwe herstelcodes"
        )
        return render(
            request,
            "web/account/herstelcodes.html",
            {"codes": codes, "volgende": "/", "titel": "Herstelcodes"},
        )
    return render(request, "web/account/herstelcodes_nieuw.html", {"titel": "Herstelcodes"})


urlpatterns = [
    path("tweestaps/", tweestaps, name="tweestaps"),
    path("tweestaps/herstelcodes/", herstelcodes, name="herstelcodes"),
]
