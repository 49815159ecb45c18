"""The README's first block is a contract: two commands, and CI runs the second."""

from __future__ import annotations

import re

from conftest import REPO


def test_readme_first_block_has_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", readme, re.S)
    assert block is not None
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    assert "newsdesk demo" in commands[0]
    assert commands[1].rstrip().endswith("pytest")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci
