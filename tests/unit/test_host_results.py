"""A host's state from its recap, a run's failure budget, and where a follower's page of events
stops (no I/O)."""

import pytest

from playrunner.models.execution import ExecutionEvent
from playrunner.models.host_results import failed_count, host_state
from playrunner.models.job import HostSummary
from playrunner.services.executions import GAP_WAIT_MS, until_gap
from playrunner.services.host_results import budget


@pytest.mark.parametrize(
    ("summary", "completed", "state"),
    [
        (HostSummary(ok=3), True, "ok"),
        (HostSummary(ok=3, changed=1), True, "changed"),
        (HostSummary(ok=2, failures=1), True, "failed"),
        (HostSummary(unreachable=1), True, "unreachable"),
        (HostSummary(skipped=2), True, "skipped"),
        (HostSummary(ok=1, skipped=2), True, "ok"),
        (HostSummary(ok=3), False, "failed"),  # the playbook did not finish
    ],
)
def test_a_hosts_state_follows_its_recap(summary: HostSummary, completed: bool, state: str) -> None:
    assert host_state(summary, completed) == state


def test_the_budget_is_a_count_or_a_share_of_the_runs_hosts_rounded_down() -> None:
    assert budget(None, 100) is None
    assert budget("3", 100) == 3
    assert budget("10%", 1000) == 100
    assert budget("10%", 25) == 2
    assert budget("0%", 25) == 0


def test_not_run_hosts_count_as_failed() -> None:
    assert failed_count({"ok": 5, "failed": 1, "unreachable": 2, "not_run": 3, "pending": 4}) == 6


def event(seq: int, time: int) -> ExecutionEvent:
    return ExecutionEvent(seq=seq, time=time, event="runner_on_ok")


def test_a_page_stops_before_a_number_still_being_written() -> None:
    now = 1_000_000
    written = [event(1, now), event(2, now), event(5, now), event(6, now)]  # 3 and 4: another slice's batch
    assert [e.seq for e in until_gap(written, 0, now)] == [1, 2]
    assert [e.seq for e in until_gap(written[2:], 2, now)] == []


def test_a_gap_left_long_ago_is_stepped_over() -> None:
    now = 1_000_000
    old = now - GAP_WAIT_MS - 1
    written = [event(1, old), event(4, old), event(5, now)]  # 2 and 3 were never written (a runner died)
    assert [e.seq for e in until_gap(written, 0, now)] == [1, 4, 5]
