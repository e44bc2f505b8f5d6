"""Find this machine's processes by what is in their environment, or below a process (Linux /proc)."""

import time
from pathlib import Path

from playrunner.runner.interrupt import descendants


def pids_with_environment(entry: str, command_contains: str = "") -> list[int]:
    marker = entry.encode()
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker not in environ.read_bytes().split(b"\0"):
                continue
            command = (environ.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if command_contains in command:
            found.append(int(environ.parent.name))
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def wait_for_playbook(runner_pid: int, timeout: float = 30) -> list[int]:
    """The processes below a runner once ansible-playbook is among them: the playbook's side."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        below = descendants(runner_pid)
        if any("ansible-playbook" in command_line(pid) for pid in below):
            return below
        time.sleep(0.2)
    raise AssertionError(f"no ansible-playbook below the runner {runner_pid}")


def alive(pids: list[int]) -> list[int]:
    return [pid for pid in pids if Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid)]


def _state(pid: int) -> str:
    try:
        return next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("State:"))
    except (OSError, StopIteration):
        return "zombie"
