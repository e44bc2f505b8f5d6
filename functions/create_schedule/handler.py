"""POST /jobs/{accountAlias}/{jobId}/schedules: run the job on a cron expression or at a date."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.schedules import schedule_service
from playrunner.models.schedule import Schedule, ScheduleSpec

router = Router()


@router.serve(route("create_schedule"), status_code=201, tags=("schedules",))
def create_schedule(
    accountAlias: Annotated[str, Path()], jobId: Annotated[str, Path()], spec: ScheduleSpec
) -> Schedule:
    return schedule_service().create(accountAlias, jobId, spec)


lambda_handler = lambda_handler_for(router)
