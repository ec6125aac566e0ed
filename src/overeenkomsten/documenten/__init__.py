"""Documenten: from a validated Traject to the OOK, POK, PLOK and PV as .docx and PDF.

* :class:`DocumentGenerator` writes whole sets (``generate``, ``generate_many``);
* :class:`TemplateSet` renders single documents from compiled templates;
* :class:`PdfConverter` turns .docx files into PDFs with one LibreOffice run per batch;
* :func:`check_templates` (in :mod:`.lint`) checks templates a user edited.
"""

from overeenkomsten.documenten.genereer import RECORD_FILENAME, Documentenset, DocumentGenerator
from overeenkomsten.documenten.pdf import PdfConverter, find_soffice
from overeenkomsten.documenten.render import TemplateSet, default_template_dir

__all__ = [
    "RECORD_FILENAME",
    "DocumentGenerator",
    "Documentenset",
    "PdfConverter",
    "TemplateSet",
    "default_template_dir",
    "find_soffice",
]
