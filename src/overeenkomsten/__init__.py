"""overeenkomsten: praktijkleren in het mbo, from one record to signed, checked paperwork."""

__version__ = "0.1.0"
