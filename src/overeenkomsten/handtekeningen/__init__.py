"""Digital signatures (PAdES, pyHanko): sign, inspect, seal. pyHanko lives only here."""

from overeenkomsten.handtekeningen.types import Handtekening

__all__ = ["Handtekening"]
