"""What kind of file a user gave, told from its first bytes (not its name).

A user who signs ``OOK.docx`` instead of ``OOK.pdf`` should read that a PDF is needed,
not that the file is damaged.
"""

from __future__ import annotations

from pathlib import Path

#: A PDF's header may follow up to 1024 bytes of other data (PDF 32000-1, annex H).
_PDF_HEADER_WINDOW = 1024
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # old Word/Excel (.doc, .xls) and encrypted Office files


def not_a_pdf(data: bytes, naam: Path | str) -> str | None:
    """A Dutch sentence saying that ``data`` is no PDF and what it is instead, or None
    when it starts like a PDF (it may still be damaged: that is the reader's to say)."""
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return None
    suffix = Path(str(naam)).suffix.lower()
    if data.startswith(_ZIP) and suffix in (".docx", ".docm", ".dotx"):
        soort = "een Word-document"
    elif data.startswith(_ZIP) and suffix in (".xlsx", ".xlsm", ".ods"):
        soort = "een werkboek"
    elif data.startswith(_ZIP):
        soort = "een zip-bestand (bijvoorbeeld een Word-document)"
    elif data.startswith(_OLE):
        soort = "een oud Office-bestand (.doc of .xls)"
    elif not data:
        soort = "leeg"
    else:
        soort = "geen PDF"
    wat = f"{naam} is geen PDF" if soort == "geen PDF" else f"{naam} is {soort}, geen PDF"
    advies = (
        " Maak er eerst een PDF van: 'overeenkomsten genereer' maakt ze standaard, of kies in "
        "Word 'Opslaan als' PDF."
        if soort == "een Word-document"
        else ""
    )
    return f"{wat}; hiervoor is een PDF nodig.{advies}"
