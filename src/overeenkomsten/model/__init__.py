"""The validated trajectory record and its rules."""

from overeenkomsten.model.traject import (
    Bpv,
    Einddoel,
    Financiering,
    Instelling,
    Jobcoach,
    Kandidaat,
    Leerbedrijf,
    Ondertekening,
    Opleiding,
    Persoon,
    Praktijkopleider,
    Rmt,
    Traject,
    Werkproces,
    WettelijkVertegenwoordiger,
    is_adult,
)

__all__ = [
    "Bpv",
    "Einddoel",
    "Financiering",
    "Instelling",
    "Jobcoach",
    "Kandidaat",
    "Leerbedrijf",
    "Ondertekening",
    "Opleiding",
    "Persoon",
    "Praktijkopleider",
    "Rmt",
    "Traject",
    "Werkproces",
    "WettelijkVertegenwoordiger",
    "is_adult",
]
