"""The command group, its Dutch help, and the one error boundary of the command line.

Commands (in the sibling modules) parse options, call one library function from
:mod:`overeenkomsten.api`, print, and return an :class:`ExitStatus`. Everything a user sees
is Dutch: click's own English usage errors are translated here too.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import logging
import os
import re
import sys
import tempfile
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Sequence
from enum import IntEnum
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.segment import Segment

from overeenkomsten import __version__, opstart
from overeenkomsten.errors import ConfigurationError, OvereenkomstenError, os_path, os_reason

F = TypeVar("F", bound=Callable[..., Any])


class ExitStatus(IntEnum):
    """Exit codes shared by every command (domein.md section 11)."""

    OK = 0
    BEVINDINGEN = 1  # invalid rows or records, a `fout`, or with --streng a niet-gecontroleerd
    ONBRUIKBAAR = 2  # the input or setup cannot be used at all
    ONDERBROKEN = 130
    UITVOER_GESLOTEN = 141  # the reader of the output went away (``| head``), as SIGPIPE


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

    def on_broken_pipe(self) -> None:
        """The reader of the output went away (``| head``): rich would exit 1, a finding's
        code; the command line's one error boundary ends it as a closed pipe (141)."""
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else Segment(visible(segment.text), segment.style)
            for segment in buffer
        )


def _width(stream: Any) -> int | None:
    """The terminal's width (rich asks it), or ``COLUMNS`` when set; in logs and pipes
    160, wide enough that tables stay tables."""
    return None if stream.isatty() or os.environ.get("COLUMNS", "").isdigit() else 160


def stdout() -> Console:
    """Console for results."""
    return _VisibleConsole(width=_width(sys.stdout), highlight=False, soft_wrap=True)


def stderr() -> Console:
    return _VisibleConsole(stderr=True, highlight=False, width=_width(sys.stderr))


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
            if isinstance(param, click.Option) and (rv := param.get_help_record(ctx)) is not None
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


class _SystemFailureError(Exception):
    """An operating-system error in a command, with the paths the command was given: a
    failed write (a full disk) often names no file, and the message must name one."""

    def __init__(self, error: OSError, paths: dict[str, Path]) -> None:
        super().__init__(str(error))
        self.error = error
        self.paths = paths


class DutchCommand(_DutchFormatting, click.Command):
    """A command. ``voorladen`` names the modules its work imports on its way (the check's
    PDF readers, pyHanko, the renderer): they are imported before it runs, while the
    start-up collects no garbage, and frozen with the rest (:mod:`overeenkomsten.opstart`)."""

    def __init__(self, *args: Any, voorladen: Sequence[str] = (), **kwargs: Any) -> None:
        kwargs.setdefault("context_settings", {}).setdefault("help_option_names", ["-h", "--help"])
        kwargs.setdefault("options_metavar", "[OPTIES]")
        super().__init__(*args, **kwargs)
        self.voorladen = tuple(voorladen)

    def invoke(self, ctx: click.Context) -> Any:
        opstart.ready(self.voorladen)
        try:
            return super().invoke(ctx)
        except OSError as exc:
            paths = {k: v for k, v in ctx.params.items() if isinstance(v, Path)}
            raise _SystemFailureError(exc, paths) from exc

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Toon deze hulp en stop."
        return option


class DutchGroup(_DutchFormatting, click.Group):
    """The command group. Commands load lazily (click's LazyGroup pattern): ``lazy`` maps
    each command's name to the module under :mod:`overeenkomsten.cli` that defines it, so
    that ``valideer`` does not import pyHanko, LibreOffice's wrapper or the web app; the
    module is imported when its command runs, or when ``--help`` lists them all."""

    command_class = DutchCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        kwargs.setdefault("subcommand_metavar", "OPDRACHT [ARGUMENTEN]...")
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, str] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = self.lazy.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            importlib.import_module(f"{__package__}.{module}")  # registers the command
        return super().get_command(ctx, cmd_name)

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
        if args is None:  # this process's own command line, not a caller's (a test runner)
            opstart.begin()  # until the command runs: see DutchCommand
        debug = "--debug" in (sys.argv[1:] if args is None else list(args))
        if not debug:
            # Libraries (pypdf, pyHanko) log and warn in English; the user reads our Dutch.
            logging.disable(logging.CRITICAL)
            warnings.simplefilter("ignore")
        stdout_before = sys.stdout
        sys.stdout = _MarkedStdout(sys.stdout)
        try:
            result = super().main(args=args, prog_name=prog_name, standalone_mode=False, **extra)
            sys.stdout.flush()
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except (Exception, KeyboardInterrupt) as exc:
            sys.exit(_report_failure(exc, debug))
        finally:
            sys.stdout = stdout_before
        sys.exit(int(result) if isinstance(result, int) else ExitStatus.OK)


_ON_STDOUT = "_overeenkomsten_stdout"


class _MarkedStdout:
    """The standard output, marking the errors of writing to it: a full disk behind ``>``
    names no file, and the message must not blame the input or the output folder."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            written: int = self._stream.write(text)
        except OSError as exc:
            setattr(exc, _ON_STDOUT, True)
            raise
        return written

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            setattr(exc, _ON_STDOUT, True)
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _silence_stdout() -> None:
    """Point the standard output at the null device, so that Python's own flush at exit
    adds no English message after ours."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _report_failure(exc: BaseException, debug: bool) -> ExitStatus:
    """Print what went wrong in Dutch and return the exit code; with ``--debug`` the
    beheerder gets the traceback of anything that is not a usage error."""
    if isinstance(exc, click.exceptions.NoArgsIsHelpError):
        stdout().print(exc.ctx.get_help(), markup=False, soft_wrap=True)
        return ExitStatus.OK
    error = exc.error if isinstance(exc, _SystemFailureError) else exc
    if isinstance(error, BrokenPipeError):
        _silence_stdout()
        return ExitStatus.UITVOER_GESLOTEN
    if isinstance(exc, click.Abort | KeyboardInterrupt):
        stderr().print("Afgebroken door de gebruiker (Ctrl-C).", markup=False)
        return ExitStatus.ONDERBROKEN
    if isinstance(exc, click.UsageError):
        if exc.ctx is not None:
            stderr().print(exc.ctx.get_usage(), markup=False)
        stderr().print(f"Fout: {dutch_usage_error(exc)}", markup=False)
        stderr().print("Gebruik --help voor uitleg.", markup=False)
        return ExitStatus.ONBRUIKBAAR
    if isinstance(exc, _SystemFailureError):
        if debug:
            raise exc.error
        stderr().print(os_error_message(exc.error, exc.paths), markup=False)
        return ExitStatus.ONBRUIKBAAR
    if debug:
        raise exc
    if isinstance(exc, OvereenkomstenError):
        stderr().print(f"Fout: {exc}", markup=False)
    elif isinstance(exc, OSError):
        stderr().print(os_error_message(exc), markup=False)
    elif isinstance(exc, MemoryError):
        stderr().print(
            "Fout: er is niet genoeg geheugen. Sluit andere programma's, of gebruik minder "
            "werkers (--werkers), en probeer het opnieuw.",
            markup=False,
        )
    else:
        stderr().print(
            f"Er ging iets onverwachts mis in het programma ({type(exc).__name__}: {exc}). "
            "Probeer het opnieuw met --debug en meld de uitvoer aan de beheerder.",
            markup=False,
        )
    return ExitStatus.ONBRUIKBAAR


_WRITING = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT}


def os_error_message(error: OSError, paths: dict[str, Path] | None = None) -> str:
    """An operating-system error as one Dutch sentence: which path, what happened, what to do.

    ``paths`` are the command's path options: when the error names no file (a write to a
    full disk does not), the output folder (``--uit``) or else the first path is named.
    """
    paths = paths or {}
    if error.errno == errno.ENOENT and "temporary directory" in str(error):
        return (
            "Fout: er is geen bruikbare map voor tijdelijke bestanden (TMPDIR is "
            f"'{os.environ.get('TMPDIR', '')}'; ook /tmp, /var/tmp en de huidige map zijn niet "
            "beschrijfbaar). Zet TMPDIR op een bestaande map waarin u mag schrijven en "
            "probeer het opnieuw."
        )
    reason, advice = os_reason(error)
    named = os_path(error)
    if named is None:
        fallback = paths.get("uit")
        where = f" (bij het werk in '{fallback}')" if fallback is not None else ""
        if getattr(error, _ON_STDOUT, False):
            _silence_stdout()
            where = " bij het schrijven van de uitvoer (naar het scherm, een pijp of een bestand)"
    else:
        where = f" bij '{named}'"
        if error.errno in _WRITING and not os.path.lexists(named):
            # A file that could not be made: often a temporary name the user never saw.
            where = f" bij het schrijven in de map '{os.path.dirname(named) or os.curdir}'"
        if error.errno == errno.EEXIST and os.path.isfile(named):
            reason, advice = (
                "dit is een bestand, maar hier is een map nodig",
                "Geef een map op, of een naam die nog niet bestaat.",
            )
        scratch = tempfile.tempdir
        given = [os.path.dirname(os.path.abspath(p)) + os.sep for p in paths.values()]
        inside = os.path.abspath(named)
        if (
            scratch
            and inside.startswith(scratch.rstrip(os.sep) + os.sep)
            and not any(inside.startswith(folder) for folder in given)
        ):
            where += " (de map voor tijdelijke bestanden, TMPDIR)"
    return f"Fout{where}: {reason}. {advice}"


_RANGES = (
    (re.compile(r"(-?\d+)<=x<=(-?\d+)"), r"\1 t/m \2"),
    (re.compile(r"x>=(-?\d+)"), r"minstens \1"),
    (re.compile(r"x<=(-?\d+)"), r"hoogstens \1"),
)
_HELP_WORDS = (
    (re.compile(r"\bPATH\b"), "PAD"),
    (re.compile(r"\bTEXT\b"), "TEKST"),
    (re.compile(r"\bINTEGER RANGE\b"), "GETAL"),
    (re.compile(r"\bINTEGER\b"), "GETAL"),
    (re.compile(r"\bdefault: "), "standaard: "),
    (re.compile(r"\brequired\]"), "verplicht]"),
    *_RANGES,
)
_CLICK_MESSAGES = (
    (re.compile(r"'(.*)' is not one of (.*)\.$"), r"'\1' is geen geldige keuze; kies uit \2."),
    (re.compile(r"^\w+ '(.*)' does not exist\.$"), r"'\1' bestaat niet."),
    (re.compile(r"^\w+ '(.*)' is a directory\.$"), r"'\1' is een map, geen bestand."),
    (re.compile(r"^\w+ '(.*)' is a file\.$"), r"'\1' is een bestand, geen map."),
    (re.compile(r"^\w+ '(.*)' is not readable\.$"), r"'\1' is niet leesbaar (geen toegang)."),
    (re.compile(r"^\w+ '(.*)' is not writable\.$"), r"In '\1' mag niet worden geschreven."),
    (re.compile(r"^'(.*)' is not '(.*)'\.$"), r"'\1' is geen geldige keuze; kies '\2'."),
    (re.compile(r"'(.*)' is not a valid integer( range)?\.$"), r"'\1' is geen geheel getal."),
    (re.compile(r"'(.*)' is not a valid float( range)?\.$"), r"'\1' is geen getal."),
    (re.compile(r"(.*) is not in the range (.*)\.$"), r"\1 ligt niet in het bereik \2."),
    (re.compile(r"(.*) is not a valid boolean\.$"), r"\1 is geen ja/nee-waarde."),
    (re.compile(r"Option '(.*)' requires an argument\.$"), r"De optie \1 heeft een waarde nodig."),
    (
        re.compile(r"Option '(.*)' does not take a value\.$"),
        r"De optie \1 neemt geen waarde: schrijf alleen \1.",
    ),
    (re.compile(r"Argument '(.*)' takes (\d+) values\.$"), r"Het argument \1 neemt \2 waarden."),
    (re.compile(r"^No such command '(.*)'\.$"), r"Onbekende opdracht '\1'."),
    (re.compile(r"^Got unexpected extra arguments? \((.*)\)$"), r"Te veel argumenten: \1."),
    (re.compile(r"^Missing command\.$"), "Geef een opdracht op."),
)


def _dutch_help(text: str) -> str:
    for pattern, replacement in _HELP_WORDS:
        text = pattern.sub(replacement, text)
    return text


def _dutch_click_message(text: str) -> str:
    for pattern, replacement in _CLICK_MESSAGES:
        if pattern.search(text):
            text = pattern.sub(replacement, text)
            break
    for pattern, replacement in _RANGES:
        text = pattern.sub(replacement, text)
    return text


def _param_name(param: click.Parameter | None) -> str:
    """An option as the user types it (``--uit``), an argument as its metavar."""
    if param is None:
        return "een waarde"
    if isinstance(param, click.Option) and param.opts:
        return max(param.opts, key=len)
    return param.human_readable_name.removesuffix("...")


def dutch_usage_error(exc: click.UsageError) -> str:
    """Click's usage errors in Dutch."""
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        if isinstance(exc.param, click.Argument):
            return f"Het argument {_param_name(exc.param)} ontbreekt."
        return f"De optie {_param_name(exc.param)} ontbreekt."
    if isinstance(exc, click.NoSuchOption):
        hint = f" Bedoelt u {', '.join(exc.possibilities)}?" if exc.possibilities else ""
        return f"Onbekende optie: {exc.option_name}.{hint}"
    if isinstance(exc, click.BadParameter):
        name = _param_name(exc.param)
        return f"Ongeldige waarde voor {name}: {_dutch_click_message(exc.message)}"
    return _dutch_click_message(exc.message)


def existing_path(**kwargs: Any) -> click.Path:
    """A path argument; existence is checked by the library so the message is Dutch."""
    kwargs.setdefault("readable", False)  # an unreadable file: the library's Dutch message
    return click.Path(path_type=Path, **kwargs)


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


def _remember_crl(ctx: click.Context, _param: click.Parameter, value: tuple[Path, ...]) -> None:
    ctx.meta["overeenkomsten.crl"] = tuple(value)


def _trust_material(
    ctx: click.Context, _param: click.Parameter, value: tuple[Path, ...]
) -> tuple[Path, ...]:
    """``--vertrouwd`` roots followed by the ``--crl`` files: the trust material the
    signature check sorts by content (roots and revocation lists)."""
    return tuple(value) + tuple(ctx.meta.get("overeenkomsten.crl", ()))


def vertrouwd_option(command: F) -> F:
    """``--vertrouwd PEM`` (trust roots; else ``OVEREENKOMSTEN_VERTROUWD``) and ``--crl``
    (revocation lists), for every command that judges signatures. The command receives
    both in its ``vertrouwd`` parameter."""
    command = click.option(
        "--vertrouwd",
        multiple=True,
        type=existing_path(),
        metavar="PEM",
        envvar="OVEREENKOMSTEN_VERTROUWD",  # paths separated by ':' (domein.md X7)
        callback=_trust_material,
        help="Vertrouwd basiscertificaat (PEM) voor de handtekeningen; mag vaker. Zonder "
        "deze optie: de bestanden in OVEREENKOMSTEN_VERTROUWD (gescheiden door ':').",
    )(command)
    return click.option(
        "--crl",
        multiple=True,
        type=existing_path(),
        metavar="CRL",
        is_eager=True,
        expose_value=False,
        callback=_remember_crl,
        help="Intrekkingslijst (CRL, DER of PEM) om ingetrokken certificaten te herkennen; "
        "mag vaker.",
    )(command)


def key_options(
    name: str,
    help: str,
    *,
    required: bool,
    metavar: str = "BESTAND",
    van: str = "het sleutelbestand",
) -> Callable[[F], F]:
    """A key file option (PKCS#12) and ``--wachtwoord-env`` for its password: signing,
    attesting and sealing share them (the password itself never goes on the command line,
    see :func:`password_from_env`)."""

    def decorate(command: F) -> F:
        command = click.option(
            "--wachtwoord-env",
            metavar="VAR",
            help=f"Naam van de omgevingsvariabele met het wachtwoord van {van}.",
        )(command)
        return click.option(
            name, required=required, type=existing_path(), metavar=metavar, help=help
        )(command)

    return decorate


erkenningen_option = click.option(
    "--erkenningen",
    type=existing_path(),
    metavar="BESTAND",
    help="Erkenningen van SBB (.csv of .xlsx: leerbedrijf_id of kvk, crebo, geldig_van, "
    "geldig_tot). Zonder deze lijst is regel X6 niet gecontroleerd.",
)


#: What a variable name conventionally looks like (``P12_WACHTWOORD``): only such a name is
#: repeated in a message. Anything else may be the password itself, passed by mistake.
_VARIABLE_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")


def password_from_env(variable: str | None, sleutel: Path | None = None) -> bytes | None:
    """The password of key file ``sleutel``: from environment variable ``variable``
    (``--wachtwoord-env``), or typed at a prompt when a terminal is attached.

    Passwords never go on the command line, where other users and shell histories see them;
    the prompt does not echo what is typed. A user who passed the password itself to
    ``--wachtwoord-env`` reads that the option takes a variable's name, and the value is not
    repeated (it may be the password).
    """
    if variable is not None:
        value = os.environ.get(variable)
        if value is None and _VARIABLE_NAME.fullmatch(variable):
            raise ConfigurationError(
                f"De omgevingsvariabele {variable} (voor --wachtwoord-env) is niet gezet. "
                f"Zet hem eerst (export {variable}=...) of laat --wachtwoord-env weg: dan "
                "vraagt het programma op een terminal om het wachtwoord.",
                code="wachtwoord-ontbreekt",
            )
        if value is None:
            raise ConfigurationError(
                "Er is geen omgevingsvariabele met de naam die u bij --wachtwoord-env opgaf. "
                "Let op: --wachtwoord-env neemt de NAAM van een omgevingsvariabele waarin het "
                "wachtwoord staat, niet het wachtwoord zelf (bijvoorbeeld: export "
                "P12_WACHTWOORD=... en dan --wachtwoord-env P12_WACHTWOORD). Wat u opgaf, wordt "
                "niet herhaald, want het kan het wachtwoord zijn. Zonder --wachtwoord-env vraagt "
                "het programma op een terminal om het wachtwoord.",
                code="wachtwoord-ontbreekt",
            )
        return value.encode("utf-8")
    if sleutel is None or not sys.stdin.isatty():
        return None
    typed: str = click.prompt(
        f"Wachtwoord van {sleutel.name} (leeg als er geen is)",
        default="",
        hide_input=True,
        show_default=False,
        err=True,
    )
    return typed.encode("utf-8") if typed else None
