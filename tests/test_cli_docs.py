"""README.md documents every command and setting, and starts with the two commands CI runs."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from vezha.cli import cli
from vezha.settings import describe_settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
HEADINGS = {line.strip("# `").rstrip("`") for line in README.splitlines() if line.startswith("#")}


def command_paths(group: click.Group, prefix: str = "vezha") -> list[str]:
    """``vezha analyze``, ``vezha train ner`` ...: every leaf command and subgroup."""
    paths = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        paths.append(path)
        if isinstance(command, click.Group):
            paths += command_paths(command, path)
    return paths


@pytest.mark.parametrize("path", command_paths(cli))
def test_every_command_has_a_readme_section(path):
    assert any(h == path or h.startswith(path + " ") for h in HEADINGS), \
        f"README.md has no '### `{path}`' section"


@pytest.mark.parametrize("path", command_paths(cli))
def test_every_command_has_help(path):
    command = cli
    for name in path.split()[1:]:
        command = command.commands[name]
    assert command.help and command.help.strip()


@pytest.mark.parametrize("name", [name for name, _, _ in describe_settings()])
def test_every_setting_is_in_the_readme(name):
    assert f"`{name}`" in README, f"setting {name} is not documented in README.md"


def first_code_blocks(text: str) -> list[str]:
    """The code blocks between the title and the first prose line."""
    head = text.split("\n", 1)[1].lstrip("\n")
    return re.findall(r"\A(?:```\n(.+?)\n```\n\s*)(?:```\n(.+?)\n```)", head, re.S)[0]


def test_readme_starts_with_the_two_commands():
    demo, tests = first_code_blocks(README)
    assert "pip install -e ." in demo and "vezha ingest examples/" in demo
    assert "pip install -e '.[test]'" in tests and tests.endswith("pytest")


def test_ci_runs_exactly_the_test_command():
    _, tests = first_code_blocks(README)
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in script
    assert tests in script.splitlines()


def demo_folders() -> list[str]:
    """The inputs of the README's demo command."""
    demo, _ = first_code_blocks(README)
    return demo.split("vezha ingest ", 1)[1].split(" &&", 1)[0].split()


def test_demo_inputs_exist():
    for folder in demo_folders():
        assert (ROOT / folder).is_dir(), f"README ingests {folder}, which is missing"
