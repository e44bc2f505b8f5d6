"""Jobs in the table: one item per job, its secrets sealed beside it."""

from pydantic import BaseModel

from playrunner.errors import Conflict, NotFound
from playrunner.models.job import Job, JobDetails
from playrunner.store import collections
from playrunner.store.dynamodb import Item, Table
from playrunner.store.keys import job_key, jobs_collection, list_sort_key
from playrunner.store.schema import LIST_INDEX_PARTITION_KEY, LIST_INDEX_SORT_KEY, PARTITION_KEY
from playrunner.store.versioned import create_once, delete_existing

SIGNING_SECRET = "sealed_signing_secret"  # noqa: S105 - an attribute name
DISABLED_CALLBACKS = "disabled_callbacks"  # a string set: the URLs that answered 410 Gone


class JobRecord(BaseModel):
    """A job as stored: the entity (secrets masked), its sealed secrets and its version.

    The job's details (its last run) live in their own attribute, written without a version: a run
    that ends must not make a user's concurrent update of the definition fail with a conflict.
    """

    job: Job
    sealed_secrets: str | None = None
    sealed_signing_secret: str | None = None  # the callbacks' signing secret: set at creation, rotated alone
    version: int = 1


def _to_item(record: JobRecord) -> Item:
    job = record.job
    item: Item = {
        **job_key(job.account_alias, job.id),
        LIST_INDEX_PARTITION_KEY: {"S": jobs_collection(job.account_alias)},
        LIST_INDEX_SORT_KEY: {"S": list_sort_key(job.created_time, job.id)},
        "entity": {"S": "job"},
        "version": {"N": str(record.version)},
        "body": {"S": job.model_dump_json(exclude={"details"})},
        "details": {"S": job.details.model_dump_json(exclude={"disabled_callbacks"})},
    }
    if record.sealed_secrets:
        item["sealed_secrets"] = {"S": record.sealed_secrets}
    if record.sealed_signing_secret:
        item[SIGNING_SECRET] = {"S": record.sealed_signing_secret}
    return item


def _from_item(item: Item) -> JobRecord:
    job = Job.model_validate_json(item["body"]["S"], by_alias=True)
    details = job.details
    if "details" in item:
        details = JobDetails.model_validate_json(item["details"]["S"], by_alias=True)
    details = details.model_copy(update={"disabled_callbacks": sorted(item.get(DISABLED_CALLBACKS, {}).get("SS", []))})
    return JobRecord(
        job=job.model_copy(update={"details": details}),
        sealed_secrets=item.get("sealed_secrets", {}).get("S"),
        sealed_signing_secret=item.get(SIGNING_SECRET, {}).get("S"),
        version=int(item["version"]["N"]),
    )


def _not_found(account_alias: str, job_id: str) -> NotFound:
    return NotFound(f"job {job_id} not found in account {account_alias}", error_code="JOB_NOT_FOUND")


class JobStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def create(self, record: JobRecord) -> None:
        create_once(self._table, _to_item(record), f"job {record.job.id}")

    def get(self, account_alias: str, job_id: str) -> JobRecord:
        item = self._table.get(job_key(account_alias, job_id))
        if item is None:
            raise _not_found(account_alias, job_id)
        return _from_item(item)

    def replace(self, record: JobRecord, expected_version: int) -> JobRecord:
        """Write RECORD's definition only if the stored job is still at EXPECTED_VERSION; its details stay."""
        written = record.model_copy(update={"version": expected_version + 1})
        item = _to_item(written)
        values: Item = {":expected": {"N": str(expected_version)}, ":version": item["version"], ":body": item["body"]}
        expression = "SET #body = :body, #version = :version"
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
        return written

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
        delete_existing(
            self._table,
            job_key(account_alias, job_id),
            _not_found(account_alias, job_id),
            jobs_collection(account_alias),
        )

    def count(self, account_alias: str) -> int:
        return collections.size(self._table, jobs_collection(account_alias))

    def page(
        self, account_alias: str, page: int, size: int, token: str | None = None
    ) -> tuple[list[JobRecord], str | None]:
        items, after = collections.read_page(self._table, jobs_collection(account_alias), page, size, token)
        return [_from_item(item) for item in items], after
