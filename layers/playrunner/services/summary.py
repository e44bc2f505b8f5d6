"""Per-host results of a run, computed from the events the runner stored.

When the run completed, Ansible's own recap (the stats event) is the answer. When it did
not (the runner died, was stopped, or timed out), the task events recorded so far are
counted, and every targeted host counts as failed: none finished the playbook.
"""

import json
from collections.abc import Iterable

from playrunner.models.base import Model
from playrunner.models.execution import ExecutionEvent
from playrunner.models.job import HostSummary

STATS_EVENT = "playbook_on_stats"
ITEM_EVENT_PREFIX = "runner_item_on_"


class RunSummary(Model):
    host_summaries: dict[str, HostSummary]
    failed_hosts: list[str]
    completed: bool


def count_events(events: Iterable[ExecutionEvent], targets: list[str]) -> dict[str, HostSummary]:
    """Each of TARGETS' results counted from its events (when there is no recap)."""
    counts = {host: HostSummary() for host in targets}
    for event in events:
        if event.host is None or event.status is None or event.event.startswith(ITEM_EVENT_PREFIX):
            continue  # an item is part of its task's result, which has its own event
        summary = counts.setdefault(event.host, HostSummary())
        if event.status in {"ok", "changed", "ignored"}:
            summary.ok += 1
        if event.status == "changed":
            summary.changed += 1
        if event.status == "failed":
            summary.failures += 1
        if event.status == "skipped":
            summary.skipped += 1
        if event.status == "unreachable":
            summary.unreachable += 1
    return counts


def stats_summary(stats: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Ansible's recap (ok, changed, failures, dark, skipped per host) as host summaries."""
    hosts = {host for counts in stats.values() if isinstance(counts, dict) for host in counts}
    return {
        host: {
            "ok": stats.get("ok", {}).get(host, 0),
            "changed": stats.get("changed", {}).get(host, 0),
            "failures": stats.get("failures", {}).get(host, 0),
            "skipped": stats.get("skipped", {}).get(host, 0),
            "unreachable": stats.get("dark", {}).get(host, 0),
        }
        for host in sorted(hosts)
    }


def summarize(events: Iterable[ExecutionEvent], targets: list[str]) -> RunSummary:
    events = list(events)
    stats = next((e for e in reversed(events) if e.event == STATS_EVENT and e.summary), None)
    if stats is not None:
        recap = {host: HostSummary.model_validate(c) for host, c in json.loads(stats.summary or "{}").items()}
        summaries = {host: recap.get(host, HostSummary()) for host in targets} | recap
        failed = [h for h, s in summaries.items() if s.failures or s.unreachable]
        return RunSummary(host_summaries=summaries, failed_hosts=failed, completed=True)
    return RunSummary(host_summaries=count_events(events, targets), failed_hosts=list(targets), completed=False)
