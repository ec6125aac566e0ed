"""``python -m overeenkomsten``: the same as the ``overeenkomsten`` command."""

from overeenkomsten.cli import main

main()
