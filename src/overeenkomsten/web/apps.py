"""The Django app ``web``."""

from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "overeenkomsten.web"
    label = "web"
    verbose_name = "Overeenkomsten"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from overeenkomsten.web import logboek

        logboek.connect_signals()
