"""PUT /jobs/{accountAlias}/{jobId}/schedules/{id}: replace a schedule's trigger and description."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.schedules import schedule_service
from playrunner.models.schedule import Schedule, ScheduleSpec

router = Router()


@router.serve(route("update_schedule"), tags=("schedules",))
def update_schedule(
    accountAlias: Annotated[str, Path()], jobId: Annotated[str, Path()], id: Annotated[str, Path()], spec: ScheduleSpec
) -> Schedule:
    return schedule_service().replace(accountAlias, jobId, id, spec)


lambda_handler = lambda_handler_for(router)
