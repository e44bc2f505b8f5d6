"""The schedule service: a job's schedules, kept in EventBridge Scheduler."""

from playrunner.composition.instance import per_function
from playrunner.composition.stores import table
from playrunner.environment import settings
from playrunner.schedules.scheduler import JobScheduler
from playrunner.services.schedules import ScheduleService
from playrunner.settings import SchedulerSettings
from playrunner.store.jobs import JobStore
from playrunner.store.schedules import ScheduleStore


@per_function
def schedule_service() -> ScheduleService:
    shared = table()
    return ScheduleService(JobStore(shared), ScheduleStore(shared), JobScheduler(settings(SchedulerSettings)))
