"""The command group, its Dutch help, and the one error boundary of the command line.

Commands (in the sibling modules) parse options, call one library function from
:mod:`overeenkomsten.api`, print, and return an :class:`ExitStatus`. Everything a user sees
is Dutch: click's own English usage errors are translated here too.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Sequence
from enum import IntEnum
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.segment import Segment

from overeenkomsten import __version__
from overeenkomsten.errors import ConfigurationError, OvereenkomstenError

F = TypeVar("F", bound=Callable[..., Any])


class ExitStatus(IntEnum):
    """Exit codes shared by every command (domein.md section 11)."""

    OK = 0
    BEVINDINGEN = 1  # invalid rows or records, a `fout`, or with --streng a niet-gecontroleerd
    ONBRUIKBAAR = 2  # the input or setup cannot be used at all
    ONDERBROKEN = 130


_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn"}
_KEPT = {"\n", "\t", "\u200d", "\ufe0f"}  # line breaks, tabs; emoji joiner and variant
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def visible(text: str) -> str:
    """``text`` with control, format and bidirectional characters shown as ``<U+202E>``.

    Values from users' files reach the console (a cell in an error table, a signer's
    name): a stray escape character could rewrite the terminal, a right-to-left override
    could make the text read differently from what it is.
    """
    if text.isascii() and not _ASCII_CONTROL.search(text):
        return text
    return "".join(
        f"<U+{ord(c):04X}>" if c not in _KEPT and unicodedata.category(c) in _INVISIBLE else c
        for c in text
    )


class _VisibleConsole(Console):
    """A console that shows invisible characters of the text it prints (:func:`visible`);
    its own styles and cursor movements pass unchanged."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else Segment(visible(segment.text), segment.style)
            for segment in buffer
        )


def stdout() -> Console:
    """Console for results. Wide enough that tables in logs and pipes stay readable."""
    return _VisibleConsole(
        width=None if sys.stdout.isatty() else 160, highlight=False, soft_wrap=True
    )


def stderr() -> Console:
    return _VisibleConsole(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 160)


class _DutchFormatting:
    """Dutch headings in --help ('Gebruik', 'Opties', 'Opdrachten')."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        usage = _dutch_help(" ".join(pieces))
        formatter.write_usage(ctx.command_path, usage, prefix="Gebruik: ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [
            (_dutch_help(rv[0]), _dutch_help(rv[1]))
            for param in self.get_params(ctx)  # type: ignore[attr-defined]
            if (rv := param.get_help_record(ctx)) is not None
        ]
        if records:
            with formatter.section("Opties"):
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            commands = []
            for name in self.list_commands(ctx):
                command = self.get_command(ctx, name)
                if command is not None and not command.hidden:
                    commands.append((name, command.get_short_help_str(limit=70)))
            if commands:
                with formatter.section("Opdrachten"):
                    formatter.write_dl(commands)


class DutchCommand(_DutchFormatting, click.Command):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("context_settings", {}).setdefault("help_option_names", ["-h", "--help"])
        kwargs.setdefault("options_metavar", "[OPTIES]")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Toon deze hulp en stop."
        return option


class DutchGroup(_DutchFormatting, click.Group):
    command_class = DutchCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        kwargs.setdefault("subcommand_metavar", "OPDRACHT [ARGUMENTEN]...")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Toon deze hulp en stop."
        return option

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Commands are listed by :meth:`format_options` under a Dutch heading."""

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> NoReturn:
        """The error boundary: library errors and click's usage errors become Dutch."""
        debug = "--debug" in (sys.argv[1:] if args is None else list(args))
        if not debug:
            # Libraries (pypdf, pyHanko) log and warn in English; the user reads our Dutch.
            logging.disable(logging.CRITICAL)
            warnings.simplefilter("ignore")
        try:
            result = super().main(args=args, prog_name=prog_name, standalone_mode=False, **extra)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.Abort:
            stderr().print("Afgebroken.")
            sys.exit(ExitStatus.ONDERBROKEN)
        except KeyboardInterrupt:
            stderr().print("Afgebroken door de gebruiker (Ctrl-C).")
            sys.exit(ExitStatus.ONDERBROKEN)
        except click.UsageError as exc:
            if exc.ctx is not None:
                stderr().print(exc.ctx.get_usage(), markup=False)
            stderr().print(f"Fout: {dutch_usage_error(exc)}", markup=False)
            stderr().print("Gebruik --help voor uitleg.", markup=False)
            sys.exit(ExitStatus.ONBRUIKBAAR)
        except OvereenkomstenError as exc:
            if debug:
                raise
            stderr().print(f"Fout: {exc}", markup=False)
            sys.exit(ExitStatus.ONBRUIKBAAR)
        except Exception as exc:
            if debug:
                raise
            stderr().print(
                "Er ging iets onverwachts mis in het programma "
                f"({type(exc).__name__}: {exc}). Niets is half weggeschreven. "
                "Probeer het opnieuw met --debug en meld de uitvoer aan de beheerder.",
                markup=False,
            )
            sys.exit(ExitStatus.ONBRUIKBAAR)
        sys.exit(int(result) if isinstance(result, int) else ExitStatus.OK)


_HELP_WORDS = (
    (re.compile(r"\bPATH\b"), "PAD"),
    (re.compile(r"\bTEXT\b"), "TEKST"),
    (re.compile(r"\bINTEGER RANGE\b"), "GETAL"),
    (re.compile(r"\bINTEGER\b"), "GETAL"),
    (re.compile(r"\bdefault: "), "standaard: "),
    (re.compile(r"\brequired\]"), "verplicht]"),
)
_CLICK_MESSAGES = (
    (re.compile(r"'(.*)' is not one of (.*)\.$"), r"'\1' is geen geldige keuze; kies uit \2."),
    (re.compile(r"'(.*)' is not a valid integer( range)?\.$"), r"'\1' is geen geheel getal."),
    (re.compile(r"(.*) is not in the range (.*)\.$"), r"\1 ligt niet binnen \2."),
    (re.compile(r"(.*) is not a valid boolean\.$"), r"\1 is geen ja/nee-waarde."),
    (re.compile(r"Option '(.*)' requires an argument\.$"), r"Optie \1 heeft een waarde nodig."),
)


def _dutch_help(text: str) -> str:
    for pattern, replacement in _HELP_WORDS:
        text = pattern.sub(replacement, text)
    return text


def _dutch_click_message(text: str) -> str:
    for pattern, replacement in _CLICK_MESSAGES:
        if pattern.search(text):
            return pattern.sub(replacement, text)
    return text


def dutch_usage_error(exc: click.UsageError) -> str:
    """Click's usage errors in Dutch."""
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        kind = "argument" if isinstance(exc.param, click.Argument) else "optie"
        name = exc.param.human_readable_name if exc.param else "?"
        return f"Het {kind} {name} ontbreekt."
    if isinstance(exc, click.NoSuchOption):
        hint = f" Bedoelt u {', '.join(exc.possibilities)}?" if exc.possibilities else ""
        return f"Onbekende optie: {exc.option_name}.{hint}"
    if isinstance(exc, click.BadOptionUsage):
        return f"Optie {exc.option_name} is verkeerd gebruikt: {_dutch_click_message(exc.message)}"
    if isinstance(exc, click.BadParameter):
        name = exc.param.human_readable_name if exc.param else "een waarde"
        return f"Ongeldige waarde voor {name}: {_dutch_click_message(exc.message)}"
    text = _dutch_click_message(exc.message)
    if text.startswith("No such command"):
        return f"Onbekende opdracht {text.split(' ', 3)[-1].rstrip('.')}."
    if text.startswith("Got unexpected extra argument"):
        return f"Te veel argumenten: {text.split('(')[-1].rstrip(')')}."
    return text


def existing_path(**kwargs: Any) -> click.Path:
    """A path argument; existence is checked by the library so the message is Dutch."""
    return click.Path(path_type=__import__("pathlib").Path, **kwargs)


@click.group(cls=DutchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "--versie", message="overeenkomsten %(version)s", help="Toon de versie en stop."
)
@click.option("--debug", is_flag=True, hidden=True, help="Toon bij een fout de technische details.")
def main(debug: bool) -> None:
    """Overeenkomsten voor praktijkleren in het mbo (derde leerweg).

    Van een intakebestand naar de onderwijsovereenkomst (OOK), praktijkovereenkomst (POK),
    plaatsingsovereenkomst (PLOK) en praktijkverklaring (PV), met controle en dossier.
    """
    if debug:
        os.environ["OVEREENKOMSTEN_DEBUG"] = "1"


# Options that several commands share: one definition, the same Dutch help everywhere.

register_option = click.option(
    "--register",
    type=existing_path(),
    metavar="BESTAND",
    help="Eigen kwalificatieregister (SBB-codelijst, .xlsx of .csv) in plaats van het "
    "meegeleverde register van 2015.",
)
sjablonen_option = click.option(
    "--sjablonen",
    type=existing_path(),
    metavar="MAP",
    help="Map met eigen sjablonen (OOK.docx, POK.docx, PLOK.docx, PV.docx).",
)
vertrouwd_option = click.option(
    "--vertrouwd",
    multiple=True,
    type=existing_path(),
    metavar="PEM",
    help="Vertrouwd basiscertificaat (PEM) voor de handtekeningen; mag vaker.",
)
erkenningen_option = click.option(
    "--erkenningen",
    type=existing_path(),
    metavar="BESTAND",
    help="Erkenningen van SBB (.csv of .xlsx: leerbedrijf_id of kvk, crebo, geldig_van, "
    "geldig_tot). Zonder deze lijst is regel X6 niet gecontroleerd.",
)


def password_from_env(variable: str | None) -> bytes | None:
    """The password in environment variable ``variable`` (``--wachtwoord-env``), if named.

    Passwords never go on the command line, where other users and shell histories see them.
    """
    if variable is None:
        return None
    value = os.environ.get(variable)
    if value is None:
        raise ConfigurationError(
            f"De omgevingsvariabele {variable} (voor --wachtwoord-env) is niet gezet.",
            code="wachtwoord-ontbreekt",
        )
    return value.encode("utf-8")
