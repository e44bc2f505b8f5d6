"""Jobs in the table: one item per job, its secrets sealed beside it, and its hosts (the part
that grows: up to 10,000 of them, with their hostVars) in chunks under the job's HOSTS
partition (store/chunks.py), so the item stays small whatever the host count."""

import json

from pydantic import TypeAdapter

from playrunner.errors import Conflict, NotFound
from playrunner.models.base import DEFERRED, Model
from playrunner.models.job import Host, Job, JobDetails
from playrunner.store import collections
from playrunner.store.chunks import Chunks, fits_inline, new_generation
from playrunner.store.dynamodb import Item, Table
from playrunner.store.keys import job_hosts_partition, job_ids, job_key, jobs_collection, list_sort_key
from playrunner.store.schema import LIST_INDEX_PARTITION_KEY, LIST_INDEX_SORT_KEY, PARTITION_KEY
from playrunner.store.versioned import create_once, delete_existing

SIGNING_SECRET = "sealed_signing_secret"  # noqa: S105 - an attribute name
DISABLED_CALLBACKS = "disabled_callbacks"  # a string set: the URLs that answered 410 Gone


class JobRecord(Model):
    """A job as stored: the entity (secrets masked), its sealed secrets and its version.

    The job's details (its last run) live in their own attribute, written without a version: a run
    that ends must not make a user's concurrent update of the definition fail with a conflict.
    """

    job: Job
    sealed_secrets: str | None = None
    sealed_signing_secret: str | None = None  # the callbacks' signing secret: set at creation, rotated alone
    version: int = 1
    hosts_generation: int = 0  # which chunks hold the hosts (0: in the item, as written before chunks)


_HOSTS = TypeAdapter(list[Host], config=DEFERRED)


def _to_item(record: JobRecord) -> Item:
    job = record.job
    item: Item = {
        **job_key(job.account_alias, job.id),
        LIST_INDEX_PARTITION_KEY: {"S": jobs_collection(job.account_alias)},
        LIST_INDEX_SORT_KEY: {"S": list_sort_key(job.created_time, job.id)},
        "entity": {"S": "job"},
        "version": {"N": str(record.version)},
        # The hosts are in the body while they are few (generation 0), in chunks beside it otherwise.
        "body": {"S": job.model_dump_json(exclude={"details", "hosts"} if record.hosts_generation else {"details"})},
        "hosts_generation": {"N": str(record.hosts_generation)},
        "details": {"S": job.details.model_dump_json(exclude={"disabled_callbacks"})},
    }
    if record.sealed_secrets:
        item["sealed_secrets"] = {"S": record.sealed_secrets}
    if record.sealed_signing_secret:
        item[SIGNING_SECRET] = {"S": record.sealed_signing_secret}
    return item


def _from_item(item: Item, hosts: list[Host] | None = None) -> JobRecord:
    """The job in ITEM, with HOSTS read from its chunks (none: the item holds them itself)."""
    if hosts is None:
        job = Job.model_validate_json(item["body"]["S"], by_alias=True)
    else:
        job = Job.model_validate({**json.loads(item["body"]["S"]), "hosts": hosts}, by_alias=True)
    details = job.details
    if "details" in item:
        details = JobDetails.model_validate_json(item["details"]["S"], by_alias=True)
    details = details.model_copy(update={"disabled_callbacks": sorted(item.get(DISABLED_CALLBACKS, {}).get("SS", []))})
    return JobRecord(
        job=job.model_copy(update={"details": details}),
        sealed_secrets=item.get("sealed_secrets", {}).get("S"),
        sealed_signing_secret=item.get(SIGNING_SECRET, {}).get("S"),
        version=int(item["version"]["N"]),
        hosts_generation=int(item.get("hosts_generation", {}).get("N", "0")),
    )


def _not_found(account_alias: str, job_id: str) -> NotFound:
    return NotFound(f"job {job_id} not found in account {account_alias}", error_code="JOB_NOT_FOUND")


class JobStore:
    def __init__(self, table: Table) -> None:
        self._table = table
        self._chunks = Chunks(table, "hosts")

    def _write_hosts(self, record: JobRecord) -> JobRecord:
        job = record.job
        hosts = [host.model_dump_json(by_alias=True) for host in job.hosts]
        if fits_inline(hosts):
            return record.model_copy(update={"hosts_generation": 0})
        written = record.model_copy(update={"hosts_generation": new_generation()})
        self._chunks.write(job_hosts_partition(job.account_alias, job.id), written.hosts_generation, hosts)
        return written

    def _forget_hosts(self, account_alias: str, job_id: str, generation: int) -> None:
        if generation:
            self._chunks.forget(job_hosts_partition(account_alias, job_id), generation)

    def _with_hosts(self, item: Item) -> JobRecord:
        generation = int(item.get("hosts_generation", {}).get("N", "0"))
        if not generation:
            return _from_item(item)
        alias, job_id = job_ids(item)
        texts = self._chunks.read(job_hosts_partition(alias, job_id), generation)
        return _from_item(item, [host for text in texts for host in _HOSTS.validate_json(text, by_alias=True)])

    def create(self, record: JobRecord) -> None:
        written = self._write_hosts(record)
        try:
            create_once(self._table, _to_item(written), f"job {record.job.id}")
        except Conflict:
            self._forget_hosts(record.job.account_alias, record.job.id, written.hosts_generation)
            raise

    def get(self, account_alias: str, job_id: str) -> JobRecord:
        item = self._table.get(job_key(account_alias, job_id))
        if item is None:
            raise _not_found(account_alias, job_id)
        return self._with_hosts(item)

    def replace(self, record: JobRecord, expected_version: int) -> JobRecord:
        """Write RECORD's definition only if the stored job is still at EXPECTED_VERSION; its details stay."""
        written = self._write_hosts(record.model_copy(update={"version": expected_version + 1}))
        try:
            self._replace_item(written, expected_version)
        except Conflict:
            self._forget_hosts(record.job.account_alias, record.job.id, written.hosts_generation)
            raise
        self._forget_hosts(record.job.account_alias, record.job.id, record.hosts_generation)
        return written

    def _replace_item(self, written: JobRecord, expected_version: int) -> None:
        record = written
        item = _to_item(written)
        values: Item = {
            ":expected": {"N": str(expected_version)},
            ":version": item["version"],
            ":body": item["body"],
            ":hosts": item["hosts_generation"],
        }
        expression = "SET #body = :body, #version = :version, hosts_generation = :hosts"
        if "sealed_secrets" in item:
            expression += ", sealed_secrets = :sealed"
            values[":sealed"] = item["sealed_secrets"]
            expression += f" REMOVE {DISABLED_CALLBACKS}"
        else:
            expression += f" REMOVE sealed_secrets, {DISABLED_CALLBACKS}"
        try:
            self._table.update(
                job_key(record.job.account_alias, record.job.id),
                expression=expression,
                condition="#version = :expected",
                names={"#version": "version", "#body": "body"},
                values=values,
                conflict=f"job {record.job.id} was changed by another request; read it again and retry",
            )
        except Conflict:
            self.get(record.job.account_alias, record.job.id)  # a deleted job is a 404, not a 409
            raise

    def set_signing_secret(self, account_alias: str, job_id: str, sealed: str) -> None:
        self._update_existing(account_alias, job_id, f"SET {SIGNING_SECRET} = :sealed", {":sealed": {"S": sealed}})

    def disable_callback(self, account_alias: str, job_id: str, url: str) -> None:
        self._update_existing(account_alias, job_id, f"ADD {DISABLED_CALLBACKS} :url", {":url": {"SS": [url]}})

    def _update_existing(
        self, account_alias: str, job_id: str, expression: str, values: Item, names: dict[str, str] | None = None
    ) -> None:
        try:
            self._table.update(
                job_key(account_alias, job_id),
                expression=expression,
                condition=f"attribute_exists({PARTITION_KEY})",
                names=names,
                values=values,
                conflict="",
            )
        except Conflict as exc:
            raise _not_found(account_alias, job_id) from exc

    def record_last_run(self, account_alias: str, job_id: str, details: JobDetails) -> None:
        """Set the job's details to the run that just ended, whatever version its definition is at."""
        stored = details.model_dump_json(exclude={"disabled_callbacks"})
        values = {":details": {"S": stored}}
        self._update_existing(account_alias, job_id, "SET #details = :details", values, {"#details": "details"})

    def delete(self, account_alias: str, job_id: str) -> None:
        generation = self.get(account_alias, job_id).hosts_generation
        delete_existing(
            self._table,
            job_key(account_alias, job_id),
            _not_found(account_alias, job_id),
            jobs_collection(account_alias),
        )
        self._forget_hosts(account_alias, job_id, generation)

    def count(self, account_alias: str) -> int:
        return collections.size(self._table, jobs_collection(account_alias))

    def page(
        self, account_alias: str, page: int, size: int, token: str | None = None
    ) -> tuple[list[JobRecord], str | None]:
        items, after = collections.read_page(self._table, jobs_collection(account_alias), page, size, token)
        return [self._with_hosts(item) for item in items], after
