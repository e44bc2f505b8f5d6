"""The job service: jobs, their callbacks' signing secret, and (built on first use) what a
job's immediate start and its deletion reach."""

from typing import TYPE_CHECKING

from playrunner.composition.instance import per_function
from playrunner.composition.stores import secret_box, table
from playrunner.environment import settings
from playrunner.services.jobs import JobService
from playrunner.settings import CallbackSettings
from playrunner.store.jobs import JobStore

if TYPE_CHECKING:  # built on first use only: an immediate start, a deletion
    from playrunner.services.executions import ExecutionService
    from playrunner.services.schedules import ScheduleService


def _execution_service() -> "ExecutionService":
    from playrunner.composition.executions import execution_service

    return execution_service()


def _schedule_service() -> "ScheduleService":
    from playrunner.composition.schedules import schedule_service

    return schedule_service()


@per_function
def job_service() -> JobService:
    callbacks = settings(CallbackSettings)
    return JobService(
        JobStore(table()),
        secret_box(),
        _execution_service,
        _schedule_service,
        allow_loopback_callbacks=callbacks.callbacks_allow_loopback,
        refused_callback_ports=callbacks.callbacks_stack_ports,
    )
