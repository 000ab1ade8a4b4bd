"""The pre-commit hook, end to end with the real pre-commit: a bad report fails the commit, a clean one
passes. Slow: pre-commit builds the hook's own environment from this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

CLEAN = "全年预算数为 7047.68 万元，全年实际支出资金 4044.35 万元，预算执行率为 57.39%。\n"
BAD = "全年预算数为 7047.68 万元，全年实际支出资金 4044.35 万元，预算执行率为 52.39%。\n"


def _git(repo, *args, env=None):
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=900)


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pytest.importorskip("pre_commit")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("the project is not a git checkout")
    committed = subprocess.run(["git", "cat-file", "-e", "HEAD:.pre-commit-hooks.yaml"], cwd=ROOT)
    if committed.returncode != 0:
        pytest.skip(".pre-commit-hooks.yaml is not committed yet")
    repo = tmp_path_factory.mktemp("reports")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")),
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    _git(repo, "init", "-q", env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {ROOT}\n  rev: {head.stdout.strip()}\n  hooks:\n  - id: auditor\n", encoding="utf-8")
    install = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, capture_output=True,
                             text=True, env=env, timeout=300)
    assert install.returncode == 0, install.stderr
    _git(repo, "add", ".pre-commit-config.yaml", env=env)
    assert _git(repo, "commit", "-q", "-m", "config", "--no-verify", env=env).returncode == 0
    return repo, env


def test_a_bad_report_fails_the_commit(repo):
    path, env = repo
    (path / "bad.txt").write_text(BAD, encoding="utf-8")
    _git(path, "add", "bad.txt", env=env)
    result = _git(path, "commit", "-m", "bad report", env=env)
    assert result.returncode != 0
    assert "RT01" in result.stdout + result.stderr
    _git(path, "reset", "-q", "HEAD", "bad.txt", env=env)
    (path / "bad.txt").unlink()


def test_a_clean_report_passes(repo):
    path, env = repo
    (path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    _git(path, "add", "clean.txt", env=env)
    result = _git(path, "commit", "-m", "clean report", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
