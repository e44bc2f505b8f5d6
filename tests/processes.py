"""Find this machine's processes by what is in their environment (Linux /proc)."""

from pathlib import Path


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
