"""The auditor's check (*controle*): read the facts back out of each document and check
them against each other (domein.md section 5, rules X0-X14)."""

from overeenkomsten.controle.bevinding import Bevinding, Ernst
from overeenkomsten.controle.erkenningen import Erkenning, read_erkenningen
from overeenkomsten.controle.extract import DocumentBron, read_document
from overeenkomsten.controle.feiten import DocumentFeiten
from overeenkomsten.controle.rapport import Rapport, check_documents

__all__ = [
    "Bevinding",
    "DocumentBron",
    "DocumentFeiten",
    "Erkenning",
    "Ernst",
    "Rapport",
    "check_documents",
    "read_document",
    "read_erkenningen",
]
