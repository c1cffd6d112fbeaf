"""No import cycles in station/: a module that imports what imports it back cannot be moved or tested alone.

The import graph is import-linter's own (grimp), so it sees exactly what the
layer contracts see, function-level imports included.
"""

from __future__ import annotations

import grimp


def import_cycles(package: str) -> list[list[str]]:
    """Every group of modules of ``package`` that import each other in a circle (Tarjan's strongly connected
    components of more than one module, or a module importing itself)."""
    graph = grimp.build_graph(package)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & graph.modules) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative, so a deep import chain cannot hit Python's recursion limit.
        work = [(start, iter(edges[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            module, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                elif child in on_stack:
                    low[module] = min(low[module], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1 or module in edges[module]:
                    cycles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return cycles


def test_the_cycle_finder_finds_a_cycle(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The check itself can fail: two modules that import each other are reported, a one-way pair is not."""
    package = tmp_path / "cyclic_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from cyclic_pkg import b\n")
    (package / "b.py").write_text("def f() -> None:\n    from cyclic_pkg import a\n")
    (package / "c.py").write_text("from cyclic_pkg import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_cycles("cyclic_pkg") == [["cyclic_pkg.a", "cyclic_pkg.b"]]


# Cycles known and owned elsewhere, each to be broken and then removed from here; any other cycle fails.
# history: store -> guarded -> auth (User under TYPE_CHECKING, CHANGE_THRESHOLD inside a method) -> store.
KNOWN_CYCLES: list[list[str]] = []


def test_station_has_no_import_cycles() -> None:
    cycles = [c for c in import_cycles("station") if c not in KNOWN_CYCLES]
    assert not cycles, "modules that import each other: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_the_known_cycles_are_still_there() -> None:
    """Once a known cycle is broken, its entry must go, so the list cannot hide a new one of the same modules."""
    found = import_cycles("station")
    assert all(c in found for c in KNOWN_CYCLES), f"no longer a cycle, remove from KNOWN_CYCLES: {KNOWN_CYCLES}"
