"""Django settings of the web application, read once from the environment.

``OVEREENKOMSTEN_DATA`` (required) is the data folder: the SQLite database, the secret
key, uploaded and made files (``bestanden/``), the library's scratch folders (``werk/``)
and, without SMTP, the password-reset mails (``mail/``). The other variables are listed in
docs/web.md; every one of them is read here and nowhere else.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from overeenkomsten.web.datamap import prepare, secret_key


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "ja", "yes", "on"}


if not os.environ.get("OVEREENKOMSTEN_DATA"):
    raise ImproperlyConfigured(
        "OVEREENKOMSTEN_DATA is niet gezet: geef de datamap op (overeenkomsten web --data MAP)."
    )

DATA = prepare(Path(os.environ["OVEREENKOMSTEN_DATA"]))
BESTANDEN = DATA / "bestanden"
WERK = DATA / "werk"

SECRET_KEY = secret_key(DATA)
DEBUG = _flag("OVEREENKOMSTEN_DEBUG")
HTTPS = _flag("OVEREENKOMSTEN_HTTPS")

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("OVEREENKOMSTEN_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "overeenkomsten.web.apps.WebConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "overeenkomsten.web.uploads.VerzoekGrensMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "overeenkomsten.web.tweestaps.TweestapsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: it refuses a locked-out login
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "overeenkomsten.web.urls"
WSGI_APPLICATION = "overeenkomsten.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "overeenkomsten.web.toegang.menu",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    url = os.environ.get("OVEREENKOMSTEN_DATABASE_URL", "").strip()
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA / "database.sqlite3",
        "OPTIONS": {
            # WAL: readers do not wait for the writer (the server and its worker share it).
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(BESTANDEN), "file_permissions_mode": 0o600},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = str(BESTANDEN)
STATIC_URL = "/statisch/"
STATIC_ROOT = str(DATA / "statisch")
WHITENOISE_USE_FINDERS = True  # no collectstatic step for a one-machine installation
FILE_UPLOAD_PERMISSIONS = 0o600
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

LOGIN_URL = "/inloggen/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/inloggen/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions and cookies: a session ends with the browser and after eight hours.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "overeenkomsten.web.paginas.account.csrf_mislukt"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if HTTPS:
    # Behind a TLS reverse proxy that sets X-Forwarded-Proto (docs/web.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if "*" not in host]
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Lockout (django-axes): five wrong passwords for one account lock it for fifteen minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/account/geblokkeerd.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Per account, not per address: behind one office NAT address (or a proxy) a lock per
# address would lock out everyone at once after a few typos of different people.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

OTP_TOTP_ISSUER = "Overeenkomsten"

# Mail for password reset: SMTP when configured, otherwise files in <data>/mail/.
if os.environ.get("OVEREENKOMSTEN_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["OVEREENKOMSTEN_SMTP_HOST"]
    try:
        EMAIL_PORT = int(os.environ.get("OVEREENKOMSTEN_SMTP_PORT", "25"))
    except ValueError as exc:
        raise ImproperlyConfigured("OVEREENKOMSTEN_SMTP_PORT is geen getal.") from exc
    EMAIL_HOST_USER = os.environ.get("OVEREENKOMSTEN_SMTP_GEBRUIKER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("OVEREENKOMSTEN_SMTP_WACHTWOORD", "")
    EMAIL_USE_TLS = _flag("OVEREENKOMSTEN_SMTP_TLS")
    EMAIL_TIMEOUT = 20
    MAIL_IN_MAP = False
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA / "mail")
    MAIL_IN_MAP = True
DEFAULT_FROM_EMAIL = os.environ.get("OVEREENKOMSTEN_AFZENDER", "overeenkomsten@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
