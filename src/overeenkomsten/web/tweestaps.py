"""Two-factor login: a signed-in account that has not passed its second step sees only the
pages of that step (set up or enter a TOTP code, or a recovery code), and signing out."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from overeenkomsten.web.toegang import vraagt_tweestaps

TWEESTAPS_URL = "/tweestaps/"
OPEN = ("/tweestaps/", "/uitloggen/", "/inloggen/", "/wachtwoord-vergeten/", "/statisch/")


class TweestapsMiddleware:
    """After django-otp's OTPMiddleware: redirect an unverified account to /tweestaps/."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and vraagt_tweestaps(user)
            and not getattr(user, "is_verified", bool)()
            and not request.path.startswith(OPEN)
        ):
            query = urlencode({"volgende": request.get_full_path()})
            return HttpResponseRedirect(f"{TWEESTAPS_URL}?{query}")
        return self.get_response(request)
