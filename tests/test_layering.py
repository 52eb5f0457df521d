"""Imports run one way: kotaku <- notifications <- webhooks <- ksm, bdc <- monitoring <- api, demo.

`kotaku` (settings, geography, roles, access machinery, lib/) knows no feature app;
`notifications` (notices, their mails, preferences) knows only `kotaku`; `webhooks` (outgoing
webhooks and their deliveries) knows `kotaku` and `notifications`; `ksm` and
`bdc` know neither `monitoring` nor `demo`; no app imports `api` or `demo`. Where a lower app needs
something of a higher one, the higher app registers it in its `AppConfig.ready()` or owns the
view. The root URLconf's `include("monitoring.urls")` and the settings' INSTALLED_APPS are
strings, not imports, and are not read as such.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["kotaku", "notifications", "webhooks", "ksm", "bdc", "monitoring", "api", "demo"]
# What each app may not import.
FORBIDDEN = {
    "kotaku": {"notifications", "webhooks", "ksm", "bdc", "monitoring", "api", "demo"},
    "notifications": {"webhooks", "ksm", "bdc", "monitoring", "api", "demo"},
    "webhooks": {"ksm", "bdc", "monitoring", "api", "demo"},
    "ksm": {"monitoring", "api", "demo"},
    "bdc": {"monitoring", "api", "demo"},
    "monitoring": {"api", "demo"},
    "api": {"demo"},
}
# Functions that import the module named by their first argument.
IMPORTING_CALLS = {"import_module", "__import__", "import_string"}


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, dotted name) of every module the code imports, statically or by name."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            first = node.args[0]
            if name in IMPORTING_CALLS and isinstance(getattr(first, "value", None), str):
                found.append((node.lineno, first.value))
    return found


def modules_of(app: str) -> list[Path]:
    return sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


def violations(app: str, forbidden: set[str]) -> list[str]:
    found = []
    for path in modules_of(app):
        tree = ast.parse(path.read_text(), filename=str(path))
        for line, module in imported_modules(tree):
            if module.split(".")[0] in forbidden:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return found


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_imports_no_app_above_it(app):
    assert violations(app, FORBIDDEN[app]) == []


def test_the_check_reads_every_module_of_the_apps():
    for app in APPS:
        assert modules_of(app), app
    assert ROOT / "kotaku" / "media.py" in modules_of("kotaku")
    assert not any("migrations" in p.parts for p in modules_of("kotaku"))


def test_the_check_sees_static_and_by_name_imports():
    source = (
        "import ksm.models\n"
        "from bdc import access\n"
        "def f():\n"
        "    from monitoring.selectors import needs_attention\n"
        "    importlib.import_module('demo.scale')\n"
        "    return import_string('monitoring.views.home')\n"
        "from . import sibling\n"
    )
    assert [module for _, module in imported_modules(ast.parse(source))] == [
        "ksm.models",
        "bdc",
        "monitoring.selectors",
        "demo.scale",
        "monitoring.views.home",
    ]
