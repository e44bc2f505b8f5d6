"""docs/benchmarks.md: each benchmark owns one section and rewrites only its own."""

from pathlib import Path

HEADER = "# playrunner benchmarks\n\nFigures printed by `make bench`.\n\n"


def write_section(path: Path, heading: str, section: str) -> None:
    """Replace the section starting at HEADING in PATH (or append it), keeping the others."""
    existing = path.read_text() if path.exists() else HEADER
    start = existing.find(heading)
    if start == -1:
        path.write_text(existing.rstrip("\n") + "\n\n" + section)
        return
    end = existing.find("\n## ", start + len(heading))
    path.write_text(existing[:start] + section + (existing[end + 1 :] if end != -1 else ""))
