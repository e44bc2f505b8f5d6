"""Schedules in the table: one item per schedule, listed per job."""

from playrunner.errors import NotFound
from playrunner.models.base import Model
from playrunner.models.schedule import Schedule
from playrunner.store import collections
from playrunner.store.dynamodb import Item, Table
from playrunner.store.keys import list_sort_key, schedule_key, schedules_collection
from playrunner.store.schema import LIST_INDEX_PARTITION_KEY, LIST_INDEX_SORT_KEY
from playrunner.store.versioned import create_once, delete_existing, replace_at_version


class ScheduleRecord(Model):
    schedule: Schedule
    version: int = 1


def _to_item(record: ScheduleRecord) -> Item:
    schedule = record.schedule
    return {
        **schedule_key(schedule.account_alias, schedule.id),
        LIST_INDEX_PARTITION_KEY: {"S": schedules_collection(schedule.account_alias, schedule.job_id)},
        LIST_INDEX_SORT_KEY: {"S": list_sort_key(schedule.created_time, schedule.id)},
        "entity": {"S": "schedule"},
        "version": {"N": str(record.version)},
        "body": {"S": schedule.model_dump_json()},
    }


def _from_item(item: Item) -> ScheduleRecord:
    return ScheduleRecord(
        schedule=Schedule.model_validate_json(item["body"]["S"], by_alias=True), version=int(item["version"]["N"])
    )


def _not_found(job_id: str, schedule_id: str) -> NotFound:
    return NotFound(f"job {job_id} has no schedule {schedule_id}", error_code="SCHEDULE_NOT_FOUND")


class ScheduleStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def create(self, record: ScheduleRecord) -> None:
        create_once(self._table, _to_item(record), f"schedule {record.schedule.id}")

    def get(self, account_alias: str, job_id: str, schedule_id: str) -> ScheduleRecord:
        item = self._table.get(schedule_key(account_alias, schedule_id))
        if item is None:
            raise _not_found(job_id, schedule_id)
        record = _from_item(item)
        if record.schedule.job_id != job_id:
            raise _not_found(job_id, schedule_id)
        return record

    def replace(self, record: ScheduleRecord, expected_version: int) -> ScheduleRecord:
        written = record.model_copy(update={"version": expected_version + 1})
        replace_at_version(self._table, _to_item(written), expected_version, f"schedule {record.schedule.id}")
        return written

    def delete(self, account_alias: str, job_id: str, schedule_id: str) -> None:
        delete_existing(
            self._table,
            schedule_key(account_alias, schedule_id),
            _not_found(job_id, schedule_id),
            schedules_collection(account_alias, job_id),
        )

    def count(self, account_alias: str, job_id: str) -> int:
        return collections.size(self._table, schedules_collection(account_alias, job_id))

    def page(
        self, account_alias: str, job_id: str, page: int, size: int, token: str | None = None
    ) -> tuple[list[ScheduleRecord], str | None]:
        items, after = collections.read_page(
            self._table, schedules_collection(account_alias, job_id), page, size, token
        )
        return [_from_item(item) for item in items], after

    def of_job(self, account_alias: str, job_id: str) -> list[ScheduleRecord]:
        return [
            _from_item(item) for item in collections.members(self._table, schedules_collection(account_alias, job_id))
        ]
