"""Every error sentence has an English twin, and the API picks the language a client asks for:
a station set to English never shows a Dutch refusal."""

import ast
from pathlib import Path

import pytest

from tracker.api.language import prefers_english

TRACKER = Path(__file__).resolve().parents[3] / "tracker"
# Errors whose sentence reaches a person; subclasses of these are found below.
ERROR_BASES = {"DomainError", "ApiError", "InvalidCode"}
# (file under tracker/, error class): why that error stays Dutch only.
DUTCH_ONLY = {
    ("store/repository.py", "ConcurrentChange"):
        "never reaches a client: api/deps.run_command answers with its own, bilingual one",
    ("production.py", "UnsafeForProduction"):
        "joins production.problems(), Dutch lines that only `ambacht serve` prints",
}


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _error_classes(trees: list[ast.Module]) -> set[str]:
    names = set(ERROR_BASES)
    while True:
        found = {c.name for tree in trees for c in ast.walk(tree)
                 if isinstance(c, ast.ClassDef) and any(_name(b) in names for b in c.bases)}
        if found <= names:
            return names
        names |= found


def test_every_error_is_made_with_an_english_text():
    # Every construction, not only `raise X(...)`: helpers such as items._refuse build the
    # error that their caller raises.
    trees = {p.relative_to(TRACKER).as_posix(): ast.parse(p.read_text(encoding="utf-8"))
             for p in sorted(TRACKER.rglob("*.py"))}
    errors = _error_classes(list(trees.values()))
    made = [(path, call) for path, tree in trees.items() for call in ast.walk(tree)
            if isinstance(call, ast.Call) and _name(call.func) in errors]
    missing = [f"tracker/{path}:{call.lineno} {_name(call.func)}" for path, call in made
               if not any(k.arg == "en" for k in call.keywords)
               and (path, _name(call.func)) not in DUTCH_ONLY]
    assert len(made) > 100  # the walk did find the errors
    assert not missing, "errors without an English text (en=...): " + ", ".join(missing)


@pytest.mark.parametrize(("header", "english"), [
    (None, False),
    ("", False),
    ("nl", False),
    ("en", True),
    ("EN-us", True),
    ("en-GB,nl;q=0.5", True),
    ("nl, en;q=0.8", False),
    ("nl;q=0.2, en;q=0.9", True),  # the order of the list is not the preference
    ("de, en;q=0.9", False),  # German first: Dutch is the default, not the runner-up
    ("en;q=0, nl", False),  # q=0: not acceptable at all
    ("fr;q=0.5, en;q=0.5", False),  # equal q: the first one listed
    ("*", False),
    ("eng", False),  # not the tag "en"
    ("en;q=2", False),  # a garbled q counts for nothing
    (";;,,=", False),
])
def test_english_only_for_a_client_that_prefers_it(header, english):
    assert prefers_english(header) is english
