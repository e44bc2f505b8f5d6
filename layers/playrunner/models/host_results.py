"""One host's result in an execution: its state, its recap and why, kept in an item of its
own (store/host_results.py), so that nothing about an execution grows with its hosts."""

from typing import Literal

from pydantic import Field

from playrunner.models.base import Model
from playrunner.models.job import HostSummary

HostState = Literal["pending", "ok", "changed", "failed", "unreachable", "skipped", "not_run"]
HOST_STATES: tuple[HostState, ...] = ("pending", "ok", "changed", "failed", "unreachable", "skipped", "not_run")
# A host in one of these states is run again by a restart (and relaunch "failed").
FAILED_STATES: frozenset[str] = frozenset({"failed", "unreachable", "not_run"})
# An execution with more hosts than this lists them (hosts, failed_hosts, host_summaries) only
# through GET .../hosts: the execution itself, its notices and its events stay bounded.
INLINE_HOSTS = 1000


class HostResult(Model):
    host: str
    state: HostState = "pending"
    summary: HostSummary = Field(default_factory=HostSummary)
    run: int = 1  # the run of the execution that gave this result
    slice: int | None = None  # the slice of that run it ran in
    reason: str | None = None  # why it failed without a recap, or did not run


class HostResultPage(Model):
    execution_id: str
    hosts: list[HostResult]
    next_token: str | None = None  # give as ?nextToken= for the hosts after these


def host_state(summary: HostSummary, completed: bool) -> HostState:
    """A host's state from Ansible's recap of it. A playbook that did not finish leaves every host failed."""
    if summary.unreachable:
        return "unreachable"
    if summary.failures or not completed:
        return "failed"
    if summary.changed:
        return "changed"
    if summary.skipped and not summary.ok:
        return "skipped"
    return "ok"


def failed_count(counts: dict[str, int]) -> int:
    return sum(counts.get(state, 0) for state in FAILED_STATES)
