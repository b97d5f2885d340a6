"""The stages stand on one floor and import only downwards, as the README's layout table says."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

# Highest first: a package may import from itself and from the packages after it, never before.
LAYERS = ("commands", "report", "extensions", "spiders", "pipelines", "archive", "core")


def imports_of(path: Path) -> set[str]:
    """The project packages a module imports (at any depth, type-checking imports included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found & set(LAYERS)


@pytest.mark.parametrize("package", LAYERS)
def test_a_stage_imports_only_itself_and_what_lies_beneath(package: str) -> None:
    allowed = set(LAYERS[LAYERS.index(package) :])
    wrong = {
        f"{path.relative_to(REPO)} imports {', '.join(sorted(imports_of(path) - allowed))}"
        for path in sorted((REPO / package).rglob("*.py"))
        if imports_of(path) - allowed
    }
    assert not wrong, wrong


def test_the_readme_layout_table_names_every_folder() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## How it is built") :]
    folders = {p.name for p in REPO.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    folders |= {"deploy", "docs"}
    for folder in folders - {"tests"}:
        assert f"| `{folder}/` |" in layout, folder


def test_what_an_extraction_worker_imports_leaves_scrapy_out() -> None:
    """Workers start in a fraction of a second because extraction and the floor it stands on
    import no Scrapy (nor Twisted)."""
    code = (
        "import sys, pipelines.article, core.process, core.errors, core.items; "
        "print(sorted(m for m in ('scrapy', 'twisted') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
