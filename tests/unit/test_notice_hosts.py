"""A notice lists an execution's hosts only while they are few: EventBridge and SQS take 256 KB."""

from typing import Any

from playrunner.composition.notices import NOTICE_INLINE_HOSTS
from playrunner.models.execution import Execution, Target
from playrunner.models.host_results import HostResult
from playrunner.services.host_results import HostResults
from playrunner.store.executions import ExecutionRecord

LONGEST_NAME = 255


class ResultsOf:
    def __init__(self, results: list[HostResult]) -> None:
        self.results = results

    def all(self, account_alias: str, execution_id: str) -> list[HostResult]:
        return self.results


def record_of(hosts: list[str]) -> ExecutionRecord:
    execution = Execution(
        execution_id="e1", job_id="j1", account_alias="A", status="FAILURE", created_time=1, last_updated_time=2
    )
    return ExecutionRecord(execution=execution, targets=[Target(id=h) for h in hosts])


def detailed(count: int) -> Execution:
    hosts = [f"{i:04d}".ljust(LONGEST_NAME, "x") for i in range(count)]
    results = [HostResult(host=h, state="failed") for h in hosts]
    store: Any = ResultsOf(results)
    return HostResults(store).detailed(record_of(hosts), inline=NOTICE_INLINE_HOSTS)


def test_a_notice_of_as_many_hosts_as_it_lists_stays_well_under_256_kb() -> None:
    full = detailed(NOTICE_INLINE_HOSTS)
    assert len(full.failed_hosts) == NOTICE_INLINE_HOSTS
    assert not full.hosts_truncated
    assert len(full.model_dump_json().encode()) < 128 * 1024


def test_a_notice_of_more_hosts_lists_none_and_says_so() -> None:
    many = detailed(NOTICE_INLINE_HOSTS + 1)
    assert (many.hosts, many.failed_hosts, many.host_summaries, many.hosts_truncated) == ([], [], {}, True)
