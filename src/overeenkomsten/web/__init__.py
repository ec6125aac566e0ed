"""The web application (docs/web.md): a Django project and its one app ``web``.

Installed with the extra ``pip install -e ".[web]"``. It imports the library
(:mod:`overeenkomsten.api` and below); the library never imports this package.
Settings: :mod:`overeenkomsten.web.instellingen`; the ``overeenkomsten web`` command:
:mod:`overeenkomsten.web.server`.
"""
