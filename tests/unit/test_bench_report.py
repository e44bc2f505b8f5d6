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


def test_the_targets_say_which_are_met_and_why_the_others_are_not() -> None:
    from overhead import targets

    rows = targets(overhead=1.27, heavy_ratio=1.10, heavy_runner_part=1.05, ssh_ratio=1.2)[2:]

    light, heavy, ssh = ([cell.strip() for cell in row.strip("|").split("|")] for row in rows)
    assert (light[0], light[1], light[3]) == ("light playbook's overhead", "1.27 s", "no")
    assert "share this machine's two cores" in light[4]
    assert (heavy[3], heavy[4]) == ("yes", "")
    assert (ssh[1], ssh[3]) == ("1.20", "no")
