"""Job schedules: kept in the table and in EventBridge Scheduler, never in one without the other."""

from __future__ import annotations

from playrunner.errors import Invalid
from playrunner.models.page import Page
from playrunner.models.schedule import Schedule, ScheduleSpec
from playrunner.schedules.scheduler import JobScheduler, scheduler_name
from playrunner.services.clock import new_id, now_ms
from playrunner.store.jobs import JobStore
from playrunner.store.schedules import ScheduleRecord, ScheduleStore


class ScheduleService:
    def __init__(self, jobs: JobStore, store: ScheduleStore, scheduler: JobScheduler) -> None:
        self._jobs = jobs
        self._store = store
        self._scheduler = scheduler

    def create(self, account_alias: str, job_id: str, spec: ScheduleSpec) -> Schedule:
        job = self._jobs.get(account_alias, job_id).job
        required = [parameter.name for parameter in job.parameters if parameter.required]
        if required:
            raise Invalid(
                f"job {job_id} has required parameters ({', '.join(required)}): a schedule starts it with "
                "no jobParams, so give them defaults instead",
                error_code="SCHEDULE_NEEDS_PARAMETERS",
            )
        schedule_id, now = new_id(), now_ms()
        schedule = Schedule(
            id=schedule_id,
            job_id=job_id,
            account_alias=account_alias,
            schedule_id=scheduler_name(schedule_id),
            description=spec.description,
            trigger=spec.trigger,
            created_time=now,
            last_updated_time=now,
        )
        self._scheduler.create(schedule)
        try:
            self._store.create(ScheduleRecord(schedule=schedule))
        except Exception:
            self._scheduler.delete(schedule.schedule_id)  # nothing half-made stays behind
            raise
        return schedule

    def replace(self, account_alias: str, job_id: str, schedule_id: str, spec: ScheduleSpec) -> Schedule:
        current = self._store.get(account_alias, job_id, schedule_id)
        schedule = current.schedule.model_copy(
            update={"description": spec.description, "trigger": spec.trigger, "last_updated_time": now_ms()}
        )
        written = self._store.replace(current.model_copy(update={"schedule": schedule}), current.version)
        try:
            self._scheduler.update(schedule)
        except Exception:
            self._store.replace(current, written.version)  # back to what fires
            raise
        return schedule

    def delete(self, account_alias: str, job_id: str, schedule_id: str) -> None:
        record = self._store.get(account_alias, job_id, schedule_id)
        self._store.delete(account_alias, job_id, schedule_id)
        self._scheduler.delete(record.schedule.schedule_id)

    def delete_all(self, account_alias: str, job_id: str) -> None:
        """A deleted job's schedules go with it."""
        for record in self._store.of_job(account_alias, job_id):
            self._store.delete(account_alias, job_id, record.schedule.id)
            self._scheduler.delete(record.schedule.schedule_id)

    def list(
        self, account_alias: str, job_id: str, page: int, size: int, next_token: str | None = None
    ) -> Page[Schedule]:
        self._jobs.get(account_alias, job_id)
        records, after = self._store.page(account_alias, job_id, page, size, next_token)
        return Page[Schedule](
            total_size=self._store.count(account_alias, job_id),
            page=page,
            size=size,
            results=[record.schedule for record in records],
            next_token=after,
        )
