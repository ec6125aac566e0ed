"""The layers of docs/ontwikkelen.md: no module imports a stage above its own, or beside it.

Every import counts, also one inside a function or under ``TYPE_CHECKING``: a lazy import
upwards is still a cycle, only a hidden one (two such were here: controle -> dossier ->
controle, and intake -> register -> tabellen -> intake).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "overeenkomsten"

# From the bottom up; a stage may import its own modules and any stage of a lower layer.
LAGEN: list[set[str]] = [
    {"", "_getallen", "opstart"},
    {"errors", "grenzen", "_tekst"},
    {"bestanden", "paden", "basis", "bestandssoort"},
    {"tabellen"},
    {"register"},
    {"model"},
    {"trajectmap"},
    {"intake", "handtekeningen", "documenten"},
    {"controle"},
    {"dossier"},
    {"instellingen"},
    {"motor"},
    {"batch"},
    {"api"},
    {"web"},  # the web application (extra [web]): only the command line starts it
    {"cli"},
    {"__main__"},
]


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _layer(stage: str) -> int:
    for number, stages in enumerate(LAGEN):
        if stage in stages:
            return number
    raise AssertionError(f"stage '{stage}' is in no layer of tests/test_lagen.py")


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            for alias in node.names:  # `from pkg import submodule` imports the submodule
                sub = f"{source}.{alias.name}"
                names.add(sub if sub in modules else source)
    return {n for n in names if n.split(".")[0] == "overeenkomsten"}


def test_no_module_imports_a_stage_above_or_beside_its_own() -> None:
    modules = _modules()
    wrong = []
    for module, path in sorted(modules.items()):
        own = _stage(module)
        for imported in sorted(_imports(module, path, modules)):
            other = _stage(imported)
            if other != own and _layer(other) >= _layer(own):
                wrong.append(f"{module} -> {imported}")
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


def test_every_stage_has_a_layer() -> None:
    for module in _modules():
        _layer(_stage(module))


#: Cycles inside one package that are known and still to be taken apart; a new one fails.
#: basis: werkboek.open_werkboek dispatches to the format readers, which import werkboek's
#: base class. controle: the signature state and the rules that use it.
KNOWN_CYCLES = ("overeenkomsten.basis.", "overeenkomsten.controle.")


def test_no_import_cycles_between_modules() -> None:
    """Within a stage too: a lazy import back is a cycle (model/regels <-> model/traject was
    one). A package's ``__init__`` that gathers its own modules does not count."""
    modules = _modules()
    graph = {
        module: {m for m in _imports(module, path, modules) if m in modules and m != module}
        for module, path in modules.items()
        if path.name != "__init__.py" and not module.startswith(KNOWN_CYCLES)
    }
    cycles = []
    for start, targets in sorted(graph.items()):
        for target in sorted(targets):
            if target in graph and start in _reachable(graph, target):
                cycles.append(f"{start} -> {target} -> ... -> {start}")
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
