"""A trajectory's folder as the tool keeps it: ``traject.json``, the documents and their
versions, and the record of what the tool wrote (``.overeenkomsten/``).

Shared by every stage that reads or writes such a folder (the engine, ``controleer``,
``status``, ``bundel``), so that "the newest version of a document" and "a file the tool
wrote" mean one thing everywhere (domein.md section 7).
"""

from overeenkomsten.trajectmap.record import RECORD_FILENAME, read_record
from overeenkomsten.trajectmap.versies import Versie, document_versions

__all__ = ["RECORD_FILENAME", "Versie", "document_versions", "read_record"]
