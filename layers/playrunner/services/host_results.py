"""Each host's result in an execution: marked pending when its slice is planned, written by its
slice's runner when the playbook ends, and given a reason by the steps when it could not run.

The execution itself keeps only counts (host_counts); its hosts, failed_hosts and
host_summaries are read from here, while it has at most INLINE_HOSTS hosts.
"""

from collections.abc import Callable, Iterable

from playrunner.models.execution import Execution
from playrunner.models.host_results import FAILED_STATES, INLINE_HOSTS, HostResult, HostState
from playrunner.models.job import HostSummary
from playrunner.store.executions import ExecutionRecord
from playrunner.store.host_results import HostResultStore

# The counts of the current run's events so far, for the hosts given.
CountSoFar = Callable[[list[str]], dict[str, HostSummary]]
# How many failed hosts a status reason names.
FAILED_SAMPLE = 10


def budget(max_errors: str | None, hosts: int) -> int | None:
    """How many of HOSTS may fail before no new slice starts (SSM's MaxErrors: a count, or a
    percentage of the run's hosts, rounded down); none: no budget."""
    if max_errors is None:
        return None
    if max_errors.endswith("%"):
        return hosts * int(max_errors[:-1]) // 100
    return int(max_errors)


class HostResults:
    def __init__(self, store: HostResultStore) -> None:
        self._store = store

    def mark_pending(self, record: ExecutionRecord) -> None:
        """Every host of the current run pending, in its slice; the others keep their results."""
        execution, run = record.execution, record.run
        size = record.slice_size or max(1, len(record.run_targets()))
        self._store.put(
            execution.account_alias,
            execution.execution_id,
            (
                HostResult(host=target.id, run=run, slice=index // size)
                for index, target in enumerate(record.run_targets())
            ),
        )

    def finish_unrun(
        self,
        record: ExecutionRecord,
        hosts: Iterable[str],
        state: HostState,
        reason: str,
        counted: CountSoFar | None = None,
    ) -> int:
        """HOSTS still pending in the current run end in STATE, for REASON, each with what its
        events so far count (COUNTED, asked only when some host is left); answer how many."""
        execution = record.execution
        found = self._store.get_many(execution.account_alias, execution.execution_id, hosts)
        unrun = [result for result in found.values() if result.state == "pending" and result.run == record.run]
        if not unrun:
            return 0
        summaries = counted([result.host for result in unrun]) if counted else {}
        self._store.put(
            execution.account_alias,
            execution.execution_id,
            (
                result.model_copy(
                    update={"state": state, "reason": reason, "summary": summaries.get(result.host, result.summary)}
                )
                for result in unrun
            ),
        )
        return len(unrun)

    def counts(self, record: ExecutionRecord) -> dict[str, int]:
        return self._store.counts(record.execution.account_alias, record.execution.execution_id)

    def any_failed(self, record: ExecutionRecord, hosts: Iterable[str]) -> bool:
        execution = record.execution
        found = self._store.get_many(execution.account_alias, execution.execution_id, hosts)
        return any(result.state in FAILED_STATES for result in found.values())

    def failed_in_run(self, record: ExecutionRecord) -> int:
        """How many hosts failed in the current run (a restart's budget is its own)."""
        execution = record.execution
        return sum(
            1
            for result in self._store.all(execution.account_alias, execution.execution_id)
            if result.run == record.run and result.state in FAILED_STATES
        )

    def failed_hosts(self, record: ExecutionRecord) -> list[str]:
        """Every host whose result is failed, unreachable or not_run, by name."""
        return self._store.in_states(record.execution.account_alias, record.execution.execution_id, FAILED_STATES)

    def page(
        self, record: ExecutionRecord, state: str | None, token: str | None, size: int
    ) -> tuple[list[HostResult], str | None]:
        execution = record.execution
        return self._store.page(execution.account_alias, execution.execution_id, state, token, size)

    def detailed(self, record: ExecutionRecord, inline: int = INLINE_HOSTS) -> Execution:
        """The execution with its hosts, failed_hosts and host_summaries, when it has at most
        INLINE hosts; above that, hosts_truncated."""
        execution = record.execution
        hosts = [target.id for target in record.targets]
        if len(hosts) > inline:
            return execution.model_copy(update={"hosts": [], "failed_hosts": [], "host_summaries": {},
                                                "hosts_truncated": True})  # fmt: skip
        results = {r.host: r for r in self._store.all(execution.account_alias, execution.execution_id)}
        return execution.model_copy(
            update={
                "hosts": hosts,
                "failed_hosts": sorted(host for host, r in results.items() if r.state in FAILED_STATES),
                "host_summaries": {host: r.summary for host, r in results.items() if r.state != "pending"},
                "hosts_truncated": False,
            }
        )
