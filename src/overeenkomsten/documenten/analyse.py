"""Static analysis of a compiled template's Jinja code: unknown variables, escaping.

Used by the template check (``sjablonen-controle``) and by the renderer, to name the full
variable (``kandidaat.geboorteplaats``) when rendering meets one the record does not have.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from jinja2 import nodes

from overeenkomsten.documenten.context import Shape

ANY: Shape = "any"
_DICT_METHODS = {"items", "keys", "values", "get"}


@dataclass
class _Walker:
    shape: dict[str, Shape]
    unknown: list[str] = field(default_factory=list)

    def report(self, path: str) -> None:
        if path not in self.unknown:
            self.unknown.append(path)

    # -- expressions ---------------------------------------------------------------------

    def resolve(self, node: nodes.Node, scope: dict[str, Shape]) -> tuple[Shape, str | None]:
        """The shape of an expression and its dotted path, reporting unknown names."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name], node.name
            if node.name in self.shape:
                return self.shape[node.name], node.name
            self.report(node.name)
            return ANY, None
        if isinstance(node, nodes.Getattr):
            return self._member(node.node, node.attr, scope)
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            if isinstance(node.arg.value, str):
                return self._member(node.node, node.arg.value, scope)
            base, path = self.resolve(node.node, scope)
            if isinstance(base, list):
                return base[0], f"{path}[]" if path else None
            return ANY, None
        for child in node.iter_child_nodes():
            self.resolve(child, scope)
        return ANY, None

    def _member(
        self, base_node: nodes.Node, name: str, scope: dict[str, Shape]
    ) -> tuple[Shape, str | None]:
        base, path = self.resolve(base_node, scope)
        full = f"{path}.{name}" if path else name
        if isinstance(base, dict):
            if name in base:
                return base[name], full
            if name not in _DICT_METHODS:
                self.report(full)
        return ANY, None

    # -- statements ----------------------------------------------------------------------

    def walk(self, body: Iterable[nodes.Node], scope: dict[str, Shape]) -> None:
        for node in body:
            self.statement(node, scope)

    def statement(self, node: nodes.Node, scope: dict[str, Shape]) -> None:
        if isinstance(node, nodes.For):
            items, _ = self.resolve(node.iter, scope)
            inner = dict(scope, loop=ANY)
            element = items[0] if isinstance(items, list) else ANY
            self._bind(node.target, element, inner)
            if node.test is not None:
                self.resolve(node.test, inner)
            self.walk(node.body, inner)
            self.walk(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            value, _ = self.resolve(node.node, scope)
            self._bind(node.target, value, scope)
        elif isinstance(node, nodes.AssignBlock):
            self.walk(node.body, scope)
            self._bind(node.target, ANY, scope)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            if isinstance(node, nodes.Macro):
                scope[node.name] = ANY  # before the body: a macro may call itself
            else:
                self.resolve(node.call, scope)
            inner = dict(scope, caller=ANY, varargs=ANY, kwargs=ANY)
            for arg in node.args:
                inner[arg.name] = ANY
            self.walk(node.body, inner)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=True):
                self._bind(target, self.resolve(value, scope)[0], inner)
            self.walk(node.body, inner)
        elif isinstance(node, nodes.Expr):
            self.resolve(node, scope)
        else:
            for child in node.iter_child_nodes():
                self.statement(child, scope)

    def _bind(self, target: nodes.Node, value: Shape, scope: dict[str, Shape]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = value
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, ANY, scope)


def unknown_variables(template: nodes.Template, shape: dict[str, Shape]) -> list[str]:
    """Variables (dotted paths) the template uses that the context does not have."""
    walker = _Walker(shape)
    walker.walk(template.body, {})
    return walker.unknown


def escaping_switches(template: nodes.Template) -> Iterator[str]:
    """Ways the template turns escaping off: the ``safe`` filter, ``{% autoescape %}``."""
    for node in template.find_all((nodes.Filter, nodes.ScopedEvalContextModifier)):
        if isinstance(node, nodes.Filter) and node.name == "safe":
            yield "het filter 'safe'"
        elif isinstance(node, nodes.ScopedEvalContextModifier) and any(
            keyword.key == "autoescape" for keyword in node.options
        ):
            yield "een {% autoescape %}-blok"


def unknown_filters(template: nodes.Template, known: Iterable[str]) -> list[str]:
    names = set(known)
    return sorted({f.name for f in template.find_all(nodes.Filter) if f.name not in names})


_UNDEFINED_PATTERNS = (
    re.compile(r"^'(?P<name>[^']+)' is undefined$"),
    re.compile(r"has no attribute '(?P<name>[^']+)'$"),
    re.compile(r"has no element '?(?P<name>[^']+?)'?$"),
)


def undefined_name(message: str) -> str | None:
    """The variable or attribute name in a Jinja ``UndefinedError`` message."""
    for pattern in _UNDEFINED_PATTERNS:
        match = pattern.search(message)
        if match:
            return match.group("name")
    return None
