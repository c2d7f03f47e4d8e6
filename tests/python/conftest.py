"""Shared fixtures of the Python package's tests: the corpus and the CLI, from
the environment meson gives (tests/python/meson.build)."""
import json
import os
import subprocess
from pathlib import Path

import pytest

CORPUS = Path(os.environ.get("SIPSPAN_CORPUS", Path(__file__).resolve().parents[2] / "corpus"))
CLI = os.environ.get("SIPSPAN_CLI", "")


@pytest.fixture(scope="session")
def corpus():
    return CORPUS


def run_cli(*args, check_status=(0, 1)):
    """The CLI's standard output and error for ARGS (exit 0 or 1 expected)."""
    if not CLI:
        pytest.skip("SIPSPAN_CLI is not set: run the tests through meson")
    p = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)
    assert p.returncode in check_status, p.stderr
    return p.stdout, p.stderr


def cli_jsonl(*args):
    out, _ = run_cli(*args)
    return [json.loads(line) for line in out.splitlines() if line.strip()]
