"""Job schedules in EventBridge Scheduler: each fires the fire function with the job's ids and
the time it was due (Scheduler fills <aws.scheduler.scheduled-time> in)."""

import json
from typing import Any

from botocore.exceptions import ClientError

from playrunner.aws import AwsClient
from playrunner.models.schedule import Schedule, ScheduledStart
from playrunner.schedules.expressions import scheduler_expression
from playrunner.settings import SchedulerSettings

SCHEDULED_TIME = "<aws.scheduler.scheduled-time>"
# Scheduler's own limits: a fired target is retried up to 185 times within a day.
MAX_RETRY_ATTEMPTS = 185
MAX_EVENT_AGE_SECONDS = 24 * 3600


def scheduler_name(schedule_id: str) -> str:
    return f"playrunner-{schedule_id}"[:64]


class JobScheduler(AwsClient):
    service = "scheduler"

    def __init__(self, settings: SchedulerSettings, client: Any = None) -> None:
        super().__init__(client)
        self._settings = settings

    def _request(self, schedule: Schedule) -> dict[str, Any]:
        fired = ScheduledStart(
            account_alias=schedule.account_alias,
            job_id=schedule.job_id,
            schedule=schedule.id,
            scheduled_time=SCHEDULED_TIME,
        )
        return {
            "Name": schedule.schedule_id,
            "GroupName": self._settings.schedule_group,
            "ScheduleExpression": scheduler_expression(schedule.trigger.type, schedule.trigger.expression),
            "ScheduleExpressionTimezone": "UTC",
            "FlexibleTimeWindow": {"Mode": "OFF"},
            "State": "ENABLED",
            "Description": (schedule.description or f"playrunner job {schedule.job_id}")[:512],
            "Target": {
                "Arn": self._settings.schedule_target_arn,
                "RoleArn": self._settings.schedule_role_arn,
                "Input": fired.model_dump_json(),
                "RetryPolicy": {
                    "MaximumRetryAttempts": MAX_RETRY_ATTEMPTS,
                    "MaximumEventAgeInSeconds": MAX_EVENT_AGE_SECONDS,
                },
            },
        }

    def create(self, schedule: Schedule) -> None:
        self.client.create_schedule(**self._request(schedule))

    def update(self, schedule: Schedule) -> None:
        self.client.update_schedule(**self._request(schedule))

    def delete(self, schedule_name: str) -> None:
        try:
            self.client.delete_schedule(Name=schedule_name, GroupName=self._settings.schedule_group)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "ResourceNotFoundException":
                raise


def fired_event(target_input: str, scheduled_time: str) -> dict[str, Any]:
    """The event Scheduler sends the target: its input with the scheduled time filled in."""
    parsed: dict[str, Any] = json.loads(target_input.replace(SCHEDULED_TIME, scheduled_time))
    return parsed
