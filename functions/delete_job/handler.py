"""DELETE /jobs/{accountAlias}/{jobId}: remove a job."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.jobs import job_service

router = Router()


@router.serve(route("delete_job"), status_code=204, tags=("jobs",))
def delete_job(accountAlias: Annotated[str, Path()], jobId: Annotated[str, Path()]) -> None:
    job_service().delete(accountAlias, jobId)


lambda_handler = lambda_handler_for(router)
