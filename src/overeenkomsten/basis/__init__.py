"""The foundation every stage may use: safe readers of untrusted files and file locks.

Nothing here imports a stage (intake, documenten, controle, dossier, ...) or the model:
the workbook reader serves the intake and the register alike, the JSON reader the intake
and every reader of a ``traject.json``, the PDF sniffing the check, the bundle and the
status. Keeping them here is what lets no stage import another sideways.
"""
