"""Tables that stay readable in a narrow terminal.

A table of nine columns squeezed into 80 characters loses columns or breaks every word;
:class:`Overzicht` decides when it is printed: a table where the console is wide enough,
otherwise one block per row (``Kop: waarde`` lines under the row's first value), always
within the console's width.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

Cel = str | Text


class Overzicht:
    """Rows under column headings (``koppen``), laid out for the console's width.

    ``breed``: from this width on the rows are a table; below it a list. ``titel`` is
    printed above either layout.
    """

    def __init__(
        self,
        koppen: Sequence[str],
        rijen: Sequence[Sequence[Cel]],
        *,
        titel: str | None = None,
        breed: int = 100,
    ) -> None:
        self.koppen = list(koppen)
        self.rijen = [list(rij) for rij in rijen]
        self.titel = titel
        self.breed = breed

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width >= self.breed:
            yield self._table()
        else:
            yield from self._blocks()

    def _table(self) -> Table:
        table = Table(title=self.titel, title_justify="left", header_style="bold", show_lines=False)
        for kop in self.koppen:
            table.add_column(kop, overflow="fold")
        for rij in self.rijen:
            table.add_row(*rij)
        return table

    def _blocks(self) -> Iterator[Text | Padding]:
        if self.titel:
            yield Text(self.titel, style="bold")
        for number, rij in enumerate(self.rijen):
            if number:
                yield Text("")
            yield _as_text(rij[0], style="bold") if _plain(rij[0]) else Text("-", style="bold")
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True)
            grid.add_column(overflow="fold")
            for kop, cel in zip(self.koppen[1:], rij[1:], strict=True):
                if _plain(cel):
                    grid.add_row(Text(f"{kop}:"), _as_text(cel))
            yield Padding(grid, (0, 0, 0, 2))


def _plain(cel: Cel) -> str:
    return (cel.plain if isinstance(cel, Text) else cel).strip()


def _as_text(cel: Cel, style: str = "") -> Text:
    if isinstance(cel, Text):
        text = cel.copy()
        if style:
            text.stylize(style)
        return text
    return Text(cel, style=style)
