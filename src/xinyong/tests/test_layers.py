"""The layer contract in pyproject.toml (`lint-imports`, run by `make lint`) catches an upward import.

The check runs on a copy of the source tree, so the working tree is never touched: first as it is
(the contract holds), then with one core module importing a domain app (the contract fails and
names the import).
"""

import shutil
import subprocess
import sys
from pathlib import Path

import xinyong

SOURCE = Path(xinyong.__file__).parent
PROJECT = SOURCE.parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _copy(tmp_path: Path) -> Path:
    shutil.copy(PROJECT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        SOURCE,
        tmp_path / "src" / "xinyong",
        ignore=shutil.ignore_patterns("__pycache__", "static", "locale", "templates", "*.html"),
    )
    return tmp_path


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root / "src"), "PATH": "/usr/bin:/bin", "COLUMNS": "250"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_tree_keeps_the_layers(tmp_path):
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_a_core_app_importing_a_domain_app_breaks_the_contract(tmp_path):
    root = _copy(tmp_path)
    (root / "src/xinyong/records/upward.py").write_text("from xinyong.objections.models import Objection\n")
    result = _lint(root)
    assert result.returncode == 1
    assert "xinyong.records is not allowed to import xinyong.objections" in result.stdout
    assert "xinyong.records.upward -> xinyong.objections.models" in result.stdout


def test_importing_the_demo_breaks_the_contract(tmp_path):
    root = _copy(tmp_path)
    (root / "src/xinyong/reports/upward.py").write_text("import xinyong.demo.data\n")
    result = _lint(root)
    assert result.returncode == 1
    assert "xinyong.reports is not allowed to import xinyong.demo" in result.stdout
