"""Lint and type checks are part of the suite, so CI enforces them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; install the dev extra: pip install -e '.[dev]'")
    return found


def test_ruff_clean() -> None:
    result = subprocess.run(
        [_tool("ruff"), "check", "src", "tests", "benchmarks"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_clean() -> None:
    result = subprocess.run([_tool("mypy")], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_absolute_paths_of_this_machine_in_repo() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True
    ).stdout.split("\0")
    if not tracked:
        pytest.skip("not a git checkout")
    needles = ("/" + "work/", "/" + "root/", "/" + "home/")  # built so this file passes
    offenders = []
    for rel in filter(None, tracked):
        path = REPO / rel
        if path.suffix in {".py", ".md", ".toml", ".json", ".txt", ".j2", ".yaml", ".html"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            if any(n in text for n in needles):
                offenders.append(rel)
    assert offenders == []
