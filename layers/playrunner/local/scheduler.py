"""The local stack's EventBridge Scheduler: moto stores the schedules; this loop reads them,
works out which are due, and invokes their target as Scheduler would (through moto's Lambda,
which routes to the same fire function the CDK stack deploys)."""

import json
import re
import threading
from datetime import UTC, datetime
from typing import Any

import boto3

from playrunner.local.background import BackgroundLoop
from playrunner.naming import LOCAL_SCHEDULE_GROUP
from playrunner.observability import logger
from playrunner.schedules.expressions import fire_times
from playrunner.schedules.scheduler import fired_event

TICK_SECONDS = 1.0
_AT = re.compile(r"^at\((?P<moment>[^)]+)\)$")
_CRON = re.compile(r"^cron\((?P<fields>[^)]+)\)$")


def unix_cron(scheduler_cron: str) -> str:
    """Scheduler's 6-field cron as the 5 fields croniter reads: no year, `?` as `*`."""
    minute, hour, day, month, weekday, _year = scheduler_cron.split()
    return " ".join("*" if field == "?" else field for field in (minute, hour, day, month, weekday))


def due_times(expression: str, after: datetime, until: datetime) -> list[datetime]:
    if found := _AT.match(expression):
        return list(fire_times("date", found["moment"], after, until))
    if found := _CRON.match(expression):
        return list(fire_times("cron", unix_cron(found["fields"]), after, until))
    return []


class LocalScheduler(BackgroundLoop):
    def __init__(self, group: str = LOCAL_SCHEDULE_GROUP) -> None:
        super().__init__("local-scheduler")
        self._group = group

    def _loop(self) -> None:
        scheduler, lambdas = boto3.client("scheduler"), boto3.client("lambda")
        last = datetime.now(UTC)
        while not self._stopping.wait(TICK_SECONDS):
            now = datetime.now(UTC)
            try:
                self._fire_due(scheduler, lambdas, last, now)
            except Exception:
                logger.exception("the local scheduler could not read its schedules")
            last = now

    def _fire_due(self, scheduler: Any, lambdas: Any, after: datetime, until: datetime) -> None:
        for page in scheduler.get_paginator("list_schedules").paginate(GroupName=self._group):
            for summary in page["Schedules"]:
                schedule = scheduler.get_schedule(Name=summary["Name"], GroupName=self._group)
                if schedule.get("State", "ENABLED") != "ENABLED":
                    continue
                for moment in due_times(schedule["ScheduleExpression"], after, until):
                    self._invoke(lambdas, schedule["Target"], moment)

    @staticmethod
    def _invoke(lambdas: Any, target: dict[str, Any], moment: datetime) -> None:
        event = fired_event(target["Input"], moment.strftime("%Y-%m-%dT%H:%M:%SZ"))
        logger.info("schedule due", extra={"schedule": event.get("schedule"), "due": moment.isoformat()})
        threading.Thread(
            target=lambdas.invoke,
            kwargs={"FunctionName": target["Arn"], "Payload": json.dumps(event).encode()},
            daemon=True,
        ).start()
