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
    printed above either layout. ``kop``: how many leading columns make a block's heading
    (``intake.xlsx, blad Trajecten, rij 7``).
    """

    def __init__(
        self,
        koppen: Sequence[str],
        rijen: Sequence[Sequence[Cel]],
        *,
        titel: str | None = None,
        breed: int = 100,
        kop: int = 1,
    ) -> None:
        self.koppen = list(koppen)
        self.rijen = [list(rij) for rij in rijen]
        self.titel = titel
        self.breed = breed
        self.kop = kop

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
            yield self._heading(rij)
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True)
            grid.add_column(overflow="fold")
            for kop, cel in zip(self.koppen[self.kop :], rij[self.kop :], strict=True):
                if _plain(cel):
                    grid.add_row(Text(f"{kop}:"), _as_text(cel))
            yield Padding(grid, (0, 0, 0, 2), expand=False)

    def _heading(self, rij: list[Cel]) -> Text:
        parts = [
            _plain(cel) if index == 0 else f"{kop.lower()} {_plain(cel)}"
            for index, (kop, cel) in enumerate(zip(self.koppen[: self.kop], rij, strict=False))
            if _plain(cel)
        ]
        return Text(", ".join(parts) or "-", style="bold")


def _plain(cel: Cel) -> str:
    return (cel.plain if isinstance(cel, Text) else cel).strip()


def _as_text(cel: Cel, style: str = "") -> Text:
    if isinstance(cel, Text):
        text = cel.copy()
        if style:
            text.stylize(style)
        return text
    return Text(cel, style=style)
