"""The house is in rooms (docs/architecture.md), and the code keeps it so.

- the import-linter contracts in pyproject.toml hold: the rooms are layers, nothing inside a room
  imports in a circle, the font builder stands alone, the transition table is data;
- an import inside a function that reaches the project says why it is there;
- no source file is over 400 lines, and functions fit on a screen;
- a case's history is appended in one place.
"""
import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ROOMS = ("organisation", "forms_app", "cases", "documents", "community", "programmes", "statistics_app", "docfonts")
PROJECT_PACKAGES = (*ROOMS, "config")
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60


def python_files(*tops, include_migrations=False):
    """The repository's Python files under ``tops`` (directories relative to the root)."""
    for top in tops:
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "fixtures" in parts or (not include_migrations and "migrations" in parts):
                continue
            yield path


def source_files():
    return [*python_files(*ROOMS, "site", "tests"), ROOT / "manage.py"]


def test_the_import_contracts_hold():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "site"), str(ROOT)])}
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter), "--config", str(ROOT / "pyproject.toml"), "--no-cache"], cwd=ROOT,
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contracts_name_every_room():
    """A new room must be placed in the layers, not slip past them."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    acyclic = next(c for c in config["contracts"] if c["type"] == "acyclic_siblings")["ancestors"]
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps <= set(layers), apps - set(layers)
    assert set(ROOMS) <= set(acyclic)


def project_import(node, module_name):
    """Does this import statement reach a module of the project?"""
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] in PROJECT_PACKAGES
    return any(alias.name.split(".")[0] in PROJECT_PACKAGES for alias in node.names)


def imports_in_functions(path):
    """(line, import statement) of every import inside a function of ``path``."""
    tree = ast.parse(path.read_text())
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    yield node


def test_imports_inside_functions_say_why():
    """A function-level import of the project's own code (the usual way to dodge a circle) carries a comment:
    on its line, or on the line just above its block of imports."""
    silent = []
    for path in python_files(*ROOMS, "site"):
        lines = path.read_text().splitlines()
        for node in imports_in_functions(path):
            if not project_import(node, path):
                continue
            start = node.lineno - 1  # widen to the run of imports (and blank lines) this one is in
            while start > 0 and (not lines[start - 1].strip()
                                 or lines[start - 1].strip().startswith(("from ", "import "))):
                start -= 1
            block = lines[max(start - 1, 0): node.end_lineno]
            if not any("#" in line for line in block):
                silent.append(f"{path.relative_to(ROOT)}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    assert not silent, "\n".join(silent)


def test_no_source_file_is_longer_than_400_lines():
    long_files = {str(p.relative_to(ROOT)): n for p in source_files()
                  if (n := len(p.read_text().splitlines())) > MAX_FILE_LINES}
    assert not long_files, long_files


def test_functions_fit_on_a_screen():
    long_functions = []
    for path in source_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {length} lines")
    assert not long_functions, "\n".join(long_functions)


@pytest.mark.parametrize("room", ROOMS[:6])
def test_a_cases_history_is_appended_in_one_place(room):
    """Only cases.events.record builds a CaseEvent (the one way to append a line, with its seam)."""
    builders = []
    for path in python_files(room):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "CaseEvent":
                builders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    expected = ["cases/events.py"] if room == "cases" else []
    assert sorted({b.split(":")[0] for b in builders}) == expected, builders


def dotted(name):
    """The object a dotted name (``cases.receiver.CaseReceiver``) points at."""
    import importlib

    module, _, attribute = name.rpartition(".")
    try:
        return getattr(importlib.import_module(module), attribute)
    except ModuleNotFoundError:
        return getattr(dotted(module), attribute)


def test_the_architecture_document_is_true(db):
    """docs/architecture.md names every transition, and every seam it lists exists, as it says."""
    import re

    from cases import machine

    text = (ROOT / "docs" / "architecture.md").read_text()
    table = text[text.index("| transition |"):]
    for name in machine.TRANSITIONS:
        assert f"| `{name}` |" in table, name
    seams = text[text.index("| lower room | seam |"):text.index("## A submission")]
    names = re.findall(r"`((?:organisation|forms_app|cases|documents|community)\.[\w.]+)`", seams)
    assert len(names) >= 20
    for name in names:
        assert dotted(name) is not None, name
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    assert " → ".join(f"`{layer}`" for layer in layers) in text, "the layers in the document are those of the contract"
