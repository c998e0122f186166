"""The repository boundary: SQL lives in tracker/store, and the entry points (routers, pages,
CLI, demo, ingest, feed) reach the database through services, never a table."""

import ast
from pathlib import Path

TRACKER = Path(__file__).resolve().parents[3] / "tracker"
STORE = TRACKER / "store"
# What builds a statement; sa.Connection, sa.Row and sa.exc are only named, never built on.
SQL_BUILDERS = {"select", "insert", "update", "delete", "text", "func", "and_", "or_", "not_",
                "case", "literal", "literal_column", "bindparam", "column", "table", "exists",
                "union", "union_all", "join", "outerjoin", "cast", "Table", "MetaData"}
# The entry points' own modules.
EDGES = [TRACKER / "api", TRACKER / "web", TRACKER / "ingest", TRACKER / "feed",
         *TRACKER.glob("cli*.py"), *TRACKER.glob("demo*.py"), TRACKER / "service.py"]
# The store modules an entry point may use itself: the engine and the tools that work on the
# whole database file (backup, restore, who has it open), not on a table.
EDGE_MAY_USE = {"tracker.store.database", "tracker.store.presence", "tracker.store.backup"}


def _modules(*roots: Path) -> list[Path]:
    return sorted(f for r in roots for f in ([r] if r.suffix == ".py" else r.rglob("*.py")))


def _outside_store() -> list[Path]:
    return [f for f in _modules(TRACKER) if STORE not in f.parents]


def _imported(tree: ast.Module) -> list[tuple[int, str]]:
    """Every module an import names, with `from a import b` as both a and a.b."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


def _sqlalchemy_names(tree: ast.Module) -> set[str]:
    """What `sqlalchemy` is called in this module (`sa`, usually)."""
    return {a.asname or a.name for node in ast.walk(tree) if isinstance(node, ast.Import)
            for a in node.names if a.name == "sqlalchemy"}


def _sql_built(tree: ast.Module) -> list[tuple[int, str]]:
    names = _sqlalchemy_names(tree)
    found = [(n.lineno, f"{n.value.id}.{n.attr}") for n in ast.walk(tree)
             if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
             and n.value.id in names and n.attr in SQL_BUILDERS]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names
                      if a.name in SQL_BUILDERS]
    return found


def _where(path: Path, line: int, what: str) -> str:
    return f"{path.relative_to(TRACKER.parent)}:{line} {what}"


def test_no_module_outside_the_store_reads_a_table():
    found = [_where(f, line, name) for f in _outside_store()
             for line, name in _imported(ast.parse(f.read_text()))
             if name.startswith("tracker.store.tables")]
    assert not found, "tables imported outside tracker/store: " + ", ".join(found)


def test_no_module_outside_the_store_builds_sql():
    checked = _outside_store()
    assert len(checked) > 50  # the walk did find the package
    found = [_where(f, line, what) for f in checked
             for line, what in _sql_built(ast.parse(f.read_text()))]
    assert not found, "SQL built outside tracker/store: " + ", ".join(found)


def test_entry_points_reach_the_store_through_services():
    edges = _modules(*EDGES)
    assert len(edges) > 15
    found = [_where(f, line, name) for f in edges
             for line, name in _imported(ast.parse(f.read_text()))
             if name.startswith("tracker.store.")
             and not any(name == m or name.startswith(m + ".") for m in EDGE_MAY_USE)
             and name not in {m.rsplit(".", 1)[0] for m in EDGE_MAY_USE}]
    assert not found, "entry points using a store module, not a service: " + ", ".join(found)
