"""Signing in and out, and a forgotten password (Django's own views, Dutch templates)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse_lazy

from overeenkomsten.web import logboek


class Inloggen(auth.LoginView):
    template_name = "web/account/inloggen.html"
    redirect_authenticated_user = True
    extra_context = {"titel": "Inloggen"}


class WachtwoordVergeten(auth.PasswordResetView):
    template_name = "web/account/wachtwoord_vergeten.html"
    email_template_name = "web/account/wachtwoord_mail.txt"
    subject_template_name = "web/account/wachtwoord_onderwerp.txt"
    success_url = reverse_lazy("wachtwoord-verzonden")
    extra_context = {"titel": "Wachtwoord vergeten"}


class WachtwoordVerzonden(auth.PasswordResetDoneView):
    template_name = "web/account/wachtwoord_verzonden.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["titel"] = "Mail verzonden"
        context["mail_in_map"] = getattr(settings, "MAIL_IN_MAP", False)
        context["mail_map"] = getattr(settings, "EMAIL_FILE_PATH", "")
        return context


class WachtwoordNieuw(auth.PasswordResetConfirmView):
    template_name = "web/account/wachtwoord_nieuw.html"
    success_url = reverse_lazy("wachtwoord-klaar")
    extra_context = {"titel": "Nieuw wachtwoord"}


class WachtwoordKlaar(auth.PasswordResetCompleteView):
    template_name = "web/account/wachtwoord_klaar.html"
    extra_context = {"titel": "Wachtwoord gewijzigd"}


class WachtwoordWijzigen(auth.PasswordChangeView):
    template_name = "web/account/wachtwoord_wijzigen.html"
    success_url = reverse_lazy("start")
    extra_context = {"titel": "Wachtwoord wijzigen"}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        logboek.schrijf(self.request, "gewijzigd", object_soort="wachtwoord")
        messages.success(self.request, "Uw wachtwoord is gewijzigd.")
        return response


def csrf_mislukt(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without (or with a stale) CSRF token: a Dutch page, status 403."""
    return render(request, "web/account/csrf.html", {"titel": "Formulier verlopen"}, status=403)


urlpatterns = [
    path("inloggen/", Inloggen.as_view(), name="inloggen"),
    path(
        "uitloggen/",
        auth.LogoutView.as_view(template_name="web/account/uitgelogd.html"),
        name="uitloggen",
    ),
    path("wachtwoord-vergeten/", WachtwoordVergeten.as_view(), name="wachtwoord-vergeten"),
    path(
        "wachtwoord-vergeten/verzonden/",
        WachtwoordVerzonden.as_view(),
        name="wachtwoord-verzonden",
    ),
    path(
        "wachtwoord-vergeten/<uidb64>/<token>/",
        WachtwoordNieuw.as_view(),
        name="wachtwoord-nieuw",
    ),
    path("wachtwoord-vergeten/klaar/", WachtwoordKlaar.as_view(), name="wachtwoord-klaar"),
    path("wachtwoord-wijzigen/", WachtwoordWijzigen.as_view(), name="wachtwoord-wijzigen"),
]
