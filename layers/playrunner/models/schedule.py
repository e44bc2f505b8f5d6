"""A job's schedule: a Unix cron expression or a one-off date (UTC), as EventBridge Scheduler
runs it."""

from typing import Literal

from pydantic import Field, model_validator

from playrunner.models.base import CamelModel, CamelResponse, Model
from playrunner.schedules.expressions import check_cron, check_date


class Trigger(CamelModel):
    type: Literal["cron", "date"]
    expression: str = Field(min_length=1, max_length=256)

    @model_validator(mode="after")
    def _valid(self) -> "Trigger":
        if self.type == "cron":
            check_cron(self.expression)
        else:
            check_date(self.expression)
        return self


class ScheduleSpec(CamelModel):
    description: str | None = Field(default=None, max_length=512)
    trigger: Trigger


class Schedule(CamelResponse):
    id: str
    job_id: str
    account_alias: str
    schedule_id: str  # the EventBridge Scheduler schedule's name
    description: str | None = None
    trigger: Trigger
    created_time: int
    last_updated_time: int


class ScheduledStart(Model):
    """What a fired schedule hands the fire function (Scheduler fills in the scheduled time)."""

    account_alias: str
    job_id: str
    schedule: str  # the schedule's id
    scheduled_time: str
