"""Settings: their defaults given once (settings.py), read without a fallback of their own, and
the README's table true to them."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import scrapy.settings.default_settings as scrapy_defaults

import settings as project
from tests.conftest import REPO

STAGES = ("core", "spiders", "pipelines", "archive", "extensions", "report", "commands")
_GETTERS = frozenset(("get", "getint", "getfloat", "getbool", "getlist", "getdict", "getpriority"))
# Settings the project makes for itself, not for users to set.
INTERNAL = {"DISTRIBUTED_DELAY": "made by spiders.distributed.DistributedAddon from DOWNLOAD_DELAY"}
_ROW = re.compile(r"^\| `(?P<name>[A-Z][A-Z0-9_]+)` \| (?P<default>[^|]+) \|", re.M)


def _calls(path: Path) -> list[ast.Call]:
    """``something.get*("NAME", …)`` calls with a setting name written out."""
    return [
        node
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _GETTERS
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
        and re.fullmatch(r"[A-Z][A-Z0-9_]+", node.args[0].value)
    ]


def _sources() -> list[Path]:
    return [p for stage in STAGES for p in sorted((REPO / stage).rglob("*.py"))]


def _readme_table() -> dict[str, str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Settings") : readme.index("## Scheduled runs")]
    return {m["name"]: m["default"].strip() for m in _ROW.finditer(table)}


def _documented(cell: str) -> Any:
    """A default as the table writes it: unset, empty, or the value(s) in backticks."""
    if cell.startswith("unset"):
        return None
    if cell.startswith("empty"):
        return "empty"
    values = re.findall(r"`([^`]*)`", cell)
    return values[0] if len(values) == 1 else values


def _shown(value: Any) -> Any:
    """A settings.py value as the table writes it."""
    if value is None:
        return None
    if value in ("", []):
        return "empty"
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value)


def test_no_setting_is_read_with_a_default_beside_it() -> None:
    """``settings.getint("NAME")``, as Scrapy's own components read theirs: the default is in
    settings.py, not repeated (and perhaps different) at each place that reads it."""
    fallbacks = [
        f"{path.relative_to(REPO)}:{call.lineno} {call.args[0].value}"
        for path in _sources()
        for call in _calls(path)
        if len(call.args) > 1 or call.keywords
    ]
    assert not fallbacks, fallbacks


def test_every_setting_the_project_reads_has_its_default_in_settings_py() -> None:
    read = {call.args[0].value for path in _sources() for call in _calls(path)}
    ours = {name for name in read if not hasattr(scrapy_defaults, name)} - set(INTERNAL)
    missing = sorted(name for name in ours if not hasattr(project, name))
    assert not missing, f"read by the code, no default in settings.py: {missing}"


def test_the_readme_table_lists_every_project_setting_with_its_default() -> None:
    table = _readme_table()
    read = {call.args[0].value for path in _sources() for call in _calls(path)}
    ours = {name for name in read if not hasattr(scrapy_defaults, name)} - set(INTERNAL)
    assert not ours - set(table), f"not in the README's table: {sorted(ours - set(table))}"
    wrong = {
        name: (cell, getattr(project, name, "(not in settings.py)"))
        for name, cell in table.items()
        if _documented(cell) != _shown(getattr(project, name, object()))
    }
    assert not wrong, wrong


def test_the_table_reader_is_strict() -> None:
    """The checks above would pass a wrong table if these did not hold."""
    assert _documented("`500` | …") == "500" != _shown(501)
    assert _documented("unset") is None and _shown(None) is None
    assert _documented("`a`, `b`") == ["a", "b"] == _shown(["a", "b"])
    assert _documented("empty") == _shown([]) == _shown("")
    assert _documented("`True`") == _shown(True) != _shown(False)
