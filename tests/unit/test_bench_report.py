"""docs/benchmarks.md: each benchmark rewrites its own section and leaves the others as they were."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from report import HEADER, write_section


def test_a_section_rewritten_keeps_its_neighbours_apart(tmp_path: Path) -> None:
    path = tmp_path / "benchmarks.md"
    write_section(path, "## One", "## One\n\nfirst")
    write_section(path, "## Two", "## Two\n\nsecond")
    write_section(path, "## One", "## One\n\nfirst, again")

    assert path.read_text() == f"{HEADER}## One\n\nfirst, again\n\n## Two\n\nsecond"
