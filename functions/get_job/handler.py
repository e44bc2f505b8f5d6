"""GET /jobs/{accountAlias}/{jobId}: one job."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.jobs import job_service
from playrunner.models.job import Job

router = Router()


@router.serve(route("get_job"), tags=("jobs",))
def get_job(accountAlias: Annotated[str, Path()], jobId: Annotated[str, Path()]) -> Job:
    return job_service().get(accountAlias, jobId)


lambda_handler = lambda_handler_for(router)
