"""Bounds on rendering a template: in time and in the size of what it makes.

A template is untrusted input (domein.md section 8): ``{% for i in range(100000) %}`` twice
nested runs for hours, ``{{ 'x' * 2000000000 }}`` takes gigabytes. Jinja's sandbox keeps a
template away from Python's internals but bounds neither. :class:`BoundedEnvironment` does,
without a subprocess (rendering is the hot path, a few milliseconds per document):

* a deadline per document (:func:`deadline`), checked on every call (functions, macros,
  filters) and on every step of every ``{% for %}`` loop, so no loop or recursion escapes it;
* a cap on every value an expression makes (:data:`MAX_WAARDE` characters or items), checked
  *before* the operations that can grow a value quickly (``*``, ``**``, ``%``, ``join``,
  ``replace``, ``center``, ...) so that nothing large is ever allocated;
* a cap on the rendered XML of one part (:data:`MAX_UITVOER`), counted while it is made;
* no ``namespace()`` (the only way to carry a growing value from one loop step to the next
  in the immutable sandbox) and no ``lipsum()``.

A template that hits a bound raises :class:`RenderLimitError` with a Dutch sentence.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment

from overeenkomsten._getallen import getal

#: Rendering one document normally takes a few milliseconds; this is far beyond that.
MAX_SECONDEN = 3.0
#: The XML of one rendered part: the shipped templates make about 150 kB.
MAX_UITVOER = 20 * 1024 * 1024
#: Any single value a template makes (a text in characters, a list in items).
MAX_WAARDE = 1_000_000
#: Digits of a number made with ``**``.
_MAX_BITS = 64 * 1024
_FORMAT_WIDTH = re.compile(r"%[^a-zA-Z%]*")

_deadline: ContextVar[float | None] = ContextVar("overeenkomsten_render_deadline", default=None)


class RenderLimitError(Exception):
    """A template went over a bound; ``bericht`` says which, in Dutch (without the
    template's name: the renderer adds it)."""

    def __init__(self, bericht: str, code: str) -> None:
        super().__init__(bericht)
        self.bericht = bericht
        self.code = code


@contextmanager
def deadline(seconds: float = MAX_SECONDEN) -> Iterator[None]:
    """Rendering inside this block must finish within ``seconds``."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def check_time() -> None:
    limit = _deadline.get()
    if limit is not None and time.monotonic() > limit:
        raise RenderLimitError(
            f"het invullen duurt langer dan {getal(MAX_SECONDEN)} seconden (normaal een paar "
            "milliseconden). Waarschijnlijk wordt een lus te vaak doorlopen, bijvoorbeeld "
            "range() binnen range(), of roept een macro zichzelf steeds opnieuw aan",
            "sjabloon-te-traag",
        )


def _too_large(what: str) -> RenderLimitError:
    return RenderLimitError(
        f"{what} wordt te groot (meer dan {getal(MAX_WAARDE)} tekens of elementen)",
        "sjabloon-te-groot",
    )


def _weight(value: Any, seen: dict[int, int], budget: int = MAX_WAARDE) -> int:
    """Characters and items in ``value``, nested lists included (a list of a thousand
    references to one list of a thousand lists prints a billion items); counted once per
    distinct object and stopped as soon as it is over ``budget``."""
    if isinstance(value, str | bytes):
        return len(value)
    if not isinstance(value, list | tuple | set | dict):
        return 1
    known = seen.get(id(value))
    if known is not None:
        return known
    total = len(value)
    for item in value.items() if isinstance(value, dict) else value:
        total += _weight(item, seen, budget)
        if total > budget:
            break
    seen[id(value)] = total
    return total


def check_size(value: Any) -> Any:
    """``value`` itself, or an error when it is a text or collection over the cap."""
    if isinstance(value, str | list | tuple | dict | set | bytes) and len(value) > MAX_WAARDE:
        raise _too_large("een tekst of lijst")
    return value


def _guard_length(size: int, what: str) -> None:
    if size > MAX_WAARDE:
        raise _too_large(what)


def _text_length(values: Iterable[Any]) -> tuple[list[Any], int]:
    items = list(values)
    _guard_length(len(items), "een lijst")
    return items, sum(len(str(item)) for item in items)


def _estimate_replace(text: Any, old: Any, new: Any, count: Any = -1) -> None:
    text, old, new = str(text), str(old), str(new)
    hits = len(text) + 1 if not old else text.count(old)
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    _guard_length(len(text) + hits * max(len(new) - len(old), 0), "een tekst")


def _estimate_join(values: Any, separator: Any = "") -> list[Any]:
    items, total = _text_length(values)
    _guard_length(total + len(str(separator)) * max(len(items) - 1, 0), "een tekst")
    return items


def _width(value: Any) -> int:
    return value if isinstance(value, int) else len(str(value))


def _pre_filter(name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> tuple[Any, ...]:
    """Check the filters that can make a value much larger than their input before they
    run (``args`` without Jinja's evaluation context); ``join`` gets its items as a list."""
    if name == "join" and args:
        separator = args[1] if len(args) > 1 else kwargs.get("d", "")
        return (_estimate_join(args[0], separator), *args[1:])
    if name == "replace" and len(args) >= 3:
        _estimate_replace(*args[:4])
    elif name == "center" and len(args) >= 2:
        _guard_length(_width(args[1]), "een tekst")
    elif name == "indent" and args:
        width = args[1] if len(args) > 1 else kwargs.get("width", 4)
        lines = str(args[0]).count("\n") + 1
        _guard_length(len(str(args[0])) + lines * _width(width), "een tekst")
    return args


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        check_time()
        values = args
        if name in ("join", "replace", "center", "indent"):
            # pass_eval_context filters get the evaluation context first
            offset = 1 if args and isinstance(args[0], jinja2.nodes.EvalContext) else 0
            values = (*args[:offset], *_pre_filter(name, args[offset:], kwargs))
        return check_size(function(*values, **kwargs))

    return bounded


#: str methods a template may call; the growing ones are checked first.
_SAFE_STR_METHODS = frozenset(
    [
        "capitalize",
        "casefold",
        "count",
        "endswith",
        "find",
        "index",
        "isalnum",
        "isalpha",
        "isascii",
        "isdecimal",
        "isdigit",
        "islower",
        "isnumeric",
        "isspace",
        "istitle",
        "isupper",
        "lower",
        "lstrip",
        "partition",
        "removeprefix",
        "removesuffix",
        "rfind",
        "rindex",
        "rpartition",
        "rsplit",
        "rstrip",
        "split",
        "splitlines",
        "startswith",
        "strip",
        "swapcase",
        "title",
        "upper",
    ]
)


def _check_str_method(owner: str, name: str, args: tuple[Any, ...]) -> None:
    if name in _SAFE_STR_METHODS:
        return
    if name in ("center", "ljust", "rjust", "zfill") and args:
        _guard_length(_width(args[0]), "een tekst")
        return
    if name == "join" and args:
        _estimate_join(args[0], owner)
        return
    if name == "replace" and len(args) >= 2:
        _estimate_replace(owner, *args[:3])
        return
    raise RenderLimitError(
        f"de tekstbewerking '{name}' is in een sjabloon niet toegestaan; gebruik de filters "
        "van het programma (bijvoorbeeld |datum, |bedrag, |getal)",
        "sjabloon-onveilig",
    )


class _BoundedCodeGenerator(CodeGenerator):
    """Every ``{% for %}`` loop iterates through :meth:`BoundedEnvironment.bounded_iter`."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:  # noqa: N802  (Jinja's name)
        original = node.iter
        node.iter = nodes.Call(
            nodes.EnvironmentAttribute("bounded_iter", lineno=node.lineno),
            [original],
            [],
            None,
            None,
            lineno=node.lineno,
        )
        try:
            super().visit_For(node, frame)
        finally:
            node.iter = original


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox with the bounds of this module (see the module docstring)."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("namespace", "lipsum"):
            self.globals.pop(name, None)
        self.filters.pop("format", None)

    def bound_filters(self) -> None:
        """Wrap every filter (call after the package's own filters are added)."""
        self.filters = {
            name: _bounded_filter(name, function) for name, function in self.filters.items()
        }

    @staticmethod
    def bounded_iter(iterable: Any) -> Iterator[Any]:
        check_time()
        for item in iterable:
            check_time()
            yield item

    def call(
        __self,  # noqa: N805  (Jinja's signature: the double prefix avoids keyword clashes)
        __context: jinja2.runtime.Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        check_time()
        owner = getattr(__obj, "__self__", None)
        if owner is None:  # the sandbox's wrapper around str.format
            owner = getattr(getattr(__obj, "__wrapped__", None), "__self__", None)
        if isinstance(owner, str):
            _check_str_method(owner, getattr(__obj, "__name__", ""), args)
        for value in (*args, *kwargs.values()):
            check_size(value)
        return check_size(super().call(__context, __obj, *args, **kwargs))

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        check_time()
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, str | list | tuple) and isinstance(times, int):
                    _guard_length(len(sequence) * times, "een tekst of lijst")
                    _guard_length(_weight(sequence, {}) * times, "een tekst of lijst")
        elif operator == "**" and isinstance(left, int) and isinstance(right, int):
            if right > 0 and abs(left) > 1 and abs(left).bit_length() * right > _MAX_BITS:
                raise _too_large("een getal")
        elif operator == "%" and isinstance(left, str):
            for spec in _FORMAT_WIDTH.findall(left):
                if "*" in spec or any(int(n) > 1000 for n in re.findall(r"\d+", spec)):
                    raise _too_large("een tekst")
        return check_size(super().call_binop(context, operator, left, right))


def render_bounded(template: jinja2.Template, context: Mapping[str, Any]) -> str:
    """``template`` rendered, counting the output as it is made (:data:`MAX_UITVOER`)."""
    pieces: list[str] = []
    total = 0
    for piece in template.generate(context):
        total += len(piece)
        if total > MAX_UITVOER:
            raise RenderLimitError(
                f"het ingevulde document wordt te groot (meer dan {MAX_UITVOER // 1024 // 1024} "
                "MB tekst); waarschijnlijk herhaalt een lus te veel tekst",
                "sjabloon-te-groot",
            )
        pieces.append(piece)
    return "".join(pieces)
