"""DELETE /jobs/{accountAlias}/{jobId}/schedules/{id}: stop running the job on this schedule."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.schedules import schedule_service

router = Router()


@router.serve(route("delete_schedule"), status_code=204, tags=("schedules",))
def delete_schedule(
    accountAlias: Annotated[str, Path()], jobId: Annotated[str, Path()], id: Annotated[str, Path()]
) -> None:
    schedule_service().delete(accountAlias, jobId, id)


lambda_handler = lambda_handler_for(router)
