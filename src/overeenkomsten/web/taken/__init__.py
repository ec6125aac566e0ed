"""Background work of the web application (django-tasks): one module per area, each task
calling :mod:`overeenkomsten.api` only (the same functions the command line uses)."""
