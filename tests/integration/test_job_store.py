"""The job store against DynamoDB (moto): conditional writes and paging."""

import base64
import json
import threading

import pytest

from playrunner.errors import Conflict, Invalid, NotFound
from playrunner.local.provision import LocalResources
from playrunner.models.job import HostSummary, Job, JobDetails
from playrunner.store.dynamodb import Table
from playrunner.store.jobs import JobRecord, JobStore
from playrunner.store.keys import job_hosts_partition


def a_job(job_id: str, created: int, account: str = "DEMO", description: str = "") -> Job:
    return Job.model_validate(
        {
            "id": job_id,
            "accountAlias": account,
            "description": description,
            "playbook": "LSBob3N0czogYWxsCg==",
            "hosts": [{"id": "web1"}],
            "createdTime": created,
            "lastUpdatedTime": created,
        }
    )


@pytest.fixture
def store(aws: LocalResources) -> JobStore:
    return JobStore(Table(aws.table_name))


def test_two_concurrent_updates_of_one_version_exactly_one_wins(store: JobStore) -> None:
    # Given a stored job at version 1
    store.create(JobRecord(job=a_job("j1", 1)))
    current = store.get("DEMO", "j1")
    writers = 8
    barrier = threading.Barrier(writers)
    outcomes: list[str] = []

    def update(n: int) -> None:
        record = JobRecord(job=current.job.model_copy(update={"description": f"writer {n}"}))
        barrier.wait()
        try:
            store.replace(record, expected_version=current.version)
            outcomes.append(f"won {n}")
        except Conflict:
            outcomes.append("conflict")

    # When several writers replace it at once, each from version 1
    threads = [threading.Thread(target=update, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Then exactly one wins, and the stored job is the winner's at version 2
    winners = [o for o in outcomes if o.startswith("won")]
    assert len(winners) == 1
    assert outcomes.count("conflict") == writers - 1
    stored = store.get("DEMO", "j1")
    assert stored.version == 2
    assert stored.job.description == f"writer {winners[0].split()[1]}"


def test_a_run_ending_while_a_user_edits_the_job_conflicts_with_neither(store: JobStore) -> None:
    # Given a job a user has read to edit
    store.create(JobRecord(job=a_job("j1", 1)))
    read = store.get("DEMO", "j1")

    # When a run ends and records itself on the job before the user saves
    details = JobDetails(last_run=42, last_status={"web1": HostSummary(ok=3)})
    store.record_last_run("DEMO", "j1", details)
    edited = JobRecord(job=read.job.model_copy(update={"description": "edited"}))
    store.replace(edited, expected_version=read.version)

    # Then both land: the user's definition and the run's details
    stored = store.get("DEMO", "j1")
    assert stored.job.description == "edited"
    assert stored.job.details == details
    assert stored.version == read.version + 1


def test_recording_a_run_on_a_deleted_job_is_not_found(store: JobStore) -> None:
    with pytest.raises(NotFound):
        store.record_last_run("DEMO", "gone", JobDetails(last_run=1))


def test_creating_an_existing_id_is_a_conflict(store: JobStore) -> None:
    store.create(JobRecord(job=a_job("j1", 1)))
    with pytest.raises(Conflict):
        store.create(JobRecord(job=a_job("j1", 2)))


def test_replacing_or_deleting_a_missing_job_is_not_found(store: JobStore) -> None:
    with pytest.raises(NotFound):
        store.replace(JobRecord(job=a_job("nope", 1)), expected_version=1)
    with pytest.raises(NotFound):
        store.delete("DEMO", "nope")


def test_jobs_of_another_account_are_not_found(store: JobStore) -> None:
    store.create(JobRecord(job=a_job("j1", 1, account="OTHER")))
    with pytest.raises(NotFound):
        store.get("DEMO", "j1")


def test_pages_across_250_jobs_newest_first(store: JobStore) -> None:
    # Given 250 jobs created one millisecond apart, and a job of another account
    for n in range(250):
        store.create(JobRecord(job=a_job(f"job-{n:03d}", 1_000 + n)))
    store.create(JobRecord(job=a_job("elsewhere", 5_000, account="OTHER")))

    # When the account's jobs are read page by page
    pages = [store.page("DEMO", page, 100)[0] for page in range(4)]

    # Then the pages hold 100, 100, 50 and 0 jobs, newest first, each job once
    assert [len(p) for p in pages] == [100, 100, 50, 0]
    ids = [record.job.id for page in pages for record in page]
    assert ids == [f"job-{n:03d}" for n in reversed(range(250))]
    assert store.count("DEMO") == 250
    assert store.count("OTHER") == 1


def test_next_token_walks_2500_jobs_exactly_once_each_and_the_count_is_kept(store: JobStore) -> None:
    # Given 2,500 jobs of an account, one of them deleted, and a job of another account
    for n in range(2_500):
        store.create(JobRecord(job=a_job(f"job-{n:04d}", 1_000 + n)))
    store.create(JobRecord(job=a_job("elsewhere", 9_000, account="OTHER")))
    store.delete("DEMO", "job-0007")

    # When the list is walked with nextToken, 100 at a time
    seen: list[str] = []
    token: str | None = None
    while True:
        records, token = store.page("DEMO", 0, 100, token)
        seen.extend(record.job.id for record in records)
        if token is None:
            break

    # Then every job came once, newest first, and the count was kept, not counted
    expected = [f"job-{n:04d}" for n in reversed(range(2_500)) if n != 7]
    assert seen == expected
    assert store.count("DEMO") == 2_499
    assert store.count("OTHER") == 1


def test_any_page_however_deep_of_a_small_list_is_empty_at_once(store: JobStore) -> None:
    store.create(JobRecord(job=a_job("only", 1_000)))
    assert store.page("DEMO", 99_999_999, 100) == ([], None)


@pytest.mark.parametrize(
    "position",
    [None, {"gsi1sk": "", "pk": "ACCOUNT#DEMO", "sk": "JOB#x"}, {"gsi1sk": "1", "pk": "p", "sk": "k" * 1025}],
)
def test_a_next_token_this_list_did_not_give_is_refused(store: JobStore, position: dict[str, str] | None) -> None:
    # A token that is not one, or names a position DynamoDB would refuse outright (not a 500)
    token = "not-a-token" if position is None else base64.urlsafe_b64encode(json.dumps(position).encode()).decode()
    with pytest.raises(Invalid, match="nextToken"):
        store.page("DEMO", 0, 100, token)


def test_a_few_hosts_stay_in_the_job_item_and_many_go_to_chunks(store: JobStore, aws: LocalResources) -> None:
    table = Table(aws.table_name)
    # Given a job of one host: it reads back whole, and no chunk is written for it
    store.create(JobRecord(job=a_job("few", 1)))
    assert store.get("DEMO", "few").job.hosts == a_job("few", 1).hosts
    assert table.query_after(job_hosts_partition("DEMO", "few"), "G", "G", 10) == []

    # When it is replaced by 500 hosts, they go to chunks (the item stays small) and read back in order
    many = a_job("few", 1).model_copy(
        update={"hosts": [a_job("few", 1).hosts[0].model_copy(update={"id": f"web{n:03d}"}) for n in range(500)]}
    )
    written = store.replace(JobRecord(job=many), expected_version=store.get("DEMO", "few").version)
    assert written.hosts_generation != 0
    assert [host.id for host in store.get("DEMO", "few").job.hosts] == [f"web{n:03d}" for n in range(500)]
    assert table.query_after(job_hosts_partition("DEMO", "few"), "G", "G", 10) != []
