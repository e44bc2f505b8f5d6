"""Per-host results from stored events: Ansible's recap when complete, counted events when not."""

import json

from playrunner.models.execution import ExecutionEvent
from playrunner.services.summary import stats_summary, summarize


def event(
    seq: int, name: str, host: str | None = None, status: str | None = None, summary: str | None = None
) -> ExecutionEvent:
    return ExecutionEvent.model_validate(
        {"seq": seq, "time": 0, "event": name, "host": host, "status": status, "summary": summary}
    )


def test_a_completed_run_takes_ansibles_recap() -> None:
    recap = stats_summary(
        {"ok": {"a": 3, "b": 1}, "changed": {"a": 1}, "failures": {"b": 1}, "dark": {}, "skipped": {"a": 2}}
    )
    result = summarize(
        [event(1, "runner_on_ok", "a", "ok"), event(2, "playbook_on_stats", summary=json.dumps(recap))], ["a", "b"]
    )
    assert result.completed
    assert result.failed_hosts == ["b"]
    assert result.host_summaries["a"].model_dump() == {
        "ok": 3,
        "changed": 1,
        "failures": 0,
        "skipped": 2,
        "unreachable": 0,
    }


def test_an_unreachable_host_is_failed() -> None:
    recap = stats_summary({"ok": {"a": 1}, "dark": {"c": 1}})
    result = summarize([event(1, "playbook_on_stats", summary=json.dumps(recap))], ["a", "c"])
    assert result.failed_hosts == ["c"]
    assert result.host_summaries["c"].unreachable == 1


def test_an_unfinished_run_counts_events_and_fails_every_host() -> None:
    events = [
        event(1, "runner_on_ok", "a", "changed"),
        event(2, "runner_on_ok", "a", "ok"),
        event(3, "runner_on_failed", "b", "ignored"),
        event(4, "runner_on_skipped", "b", "skipped"),
        event(5, "runner_on_unreachable", "c", "unreachable"),
    ]
    result = summarize(events, ["a", "b", "c", "d"])
    assert not result.completed
    assert result.failed_hosts == ["a", "b", "c", "d"]
    assert result.host_summaries["a"].model_dump() == {
        "ok": 2,
        "changed": 1,
        "failures": 0,
        "skipped": 0,
        "unreachable": 0,
    }
    assert result.host_summaries["b"].ok == 1
    assert result.host_summaries["b"].skipped == 1
    assert result.host_summaries["d"].ok == 0
