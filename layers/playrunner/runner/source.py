"""Where the playbook comes from: a git repository at a branch, tag or commit, or the job's
own base64 playbook. Credentials reach git through its environment, never its command line,
and stay in the workspace's trusted half: git runs as the runner, the playbook never sees them."""

import base64
import os
import subprocess
from pathlib import Path

from playrunner.models.execution import Commit, RepositoryLog
from playrunner.runner.spec import RunSpec
from playrunner.runner.workspace import Workspace

INLINE_PLAYBOOK = "playbook.yml"
GIT_TIMEOUT_SECONDS = 600
# git asks for the username, then the password; both come from the git process's environment.
ASKPASS_SCRIPT = b'#!/bin/sh\ncase "$1" in Username*) printf %s "$GIT_USERNAME";; *) printf %s "$GIT_PASSWORD";; esac\n'


class SourceError(Exception):
    """The playbook could not be fetched: a bad repository, branch, path or credential."""


def _git(args: list[str], *, cwd: Path | None, env: dict[str, str]) -> str:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise SourceError(f"git {args[0]} took longer than {GIT_TIMEOUT_SECONDS}s") from exc
    if done.returncode != 0:
        raise SourceError(f"git {args[0]} failed: {done.stderr.strip()[-500:]}")
    return done.stdout


def _git_environment(spec: RunSpec, workspace: Workspace) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(workspace.trusted),
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    credentials = spec.repository.credentials if spec.repository else None
    if spec.repository_password is not None:
        askpass = workspace.write_trusted_file("askpass.sh", ASKPASS_SCRIPT, mode=0o700)
        env["GIT_ASKPASS"] = str(askpass)
        env["GIT_USERNAME"] = (credentials.username if credentials and credentials.username else "git") or "git"
        env["GIT_PASSWORD"] = spec.repository_password.get_secret_value()
    ssh = ["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=accept-new"]
    ssh += ["-o", f"UserKnownHostsFile={workspace.trusted / 'known_hosts'}"]
    if spec.repository_ssh_key is not None:
        ssh += ["-o", "IdentitiesOnly=yes", "-i", str(workspace.write_repository_key(spec.repository_ssh_key))]
    env["GIT_SSH_COMMAND"] = " ".join(ssh)
    return env


def _repository_log(project: Path, env: dict[str, str]) -> RepositoryLog:
    fields = _git(["log", "-1", "--format=%H%x00%an%x00%ae%x00%aI%x00%s"], cwd=project, env=env).strip().split("\0")
    commit = Commit(commit=fields[0], author=fields[1], author_email=fields[2], date=fields[3], message=fields[4])
    tags = _git(["tag", "--points-at", "HEAD"], cwd=project, env=env).split()
    return RepositoryLog(recent_commit=[commit], tags=tags)


def fetch_playbook(spec: RunSpec, workspace: Workspace) -> tuple[str, RepositoryLog]:
    """Put the playbook in the workspace's project; return its path there and the commit log."""
    project = workspace.project
    if spec.repository is None:
        (project / INLINE_PLAYBOOK).write_bytes(base64.b64decode(spec.playbook or ""))
        return INLINE_PLAYBOOK, RepositoryLog()

    repository = spec.repository
    env = _git_environment(spec, workspace)
    clone = ["clone", "--quiet"]
    if repository.branch and not spec.pinned_commit:
        clone += ["--branch", repository.branch]
    _git([*clone, "--", repository.url, str(project)], cwd=None, env=env)
    if spec.pinned_commit:
        _git(["checkout", "--quiet", spec.pinned_commit], cwd=project, env=env)
    _check_playbook(project, repository.default_playbook)
    return repository.default_playbook, _repository_log(project, env)


def _check_playbook(project: Path, path: str) -> None:
    """The job's playbook PATH is a file of the checked-out tree (never a link out of it)."""
    playbook = (project / path).resolve()
    if not playbook.is_relative_to(project.resolve()) or not playbook.is_file():
        raise SourceError(f"the repository has no playbook at {path}")


def check_out(spec: RunSpec, workspace: Workspace, playbook: str, commit: str) -> None:
    """Put COMMIT in the workspace's project instead of what was fetched: the run's commit, when
    another slice of the run fetched and recorded it first (the branch moved in between)."""
    project = workspace.project
    env = _git_environment(spec, workspace)
    try:
        _git(["cat-file", "-e", f"{commit}^{{commit}}"], cwd=project, env=env)
    except SourceError:  # newer than this slice's clone
        _git(["fetch", "--quiet", "origin", commit], cwd=project, env=env)
    _git(["checkout", "--quiet", commit], cwd=project, env=env)
    _check_playbook(project, playbook)
