"""POST /jobs/{accountAlias}: define a job; the answer holds its callbacks' signing secret, this once."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path, Query
from playrunner.api.resolver import current_caller
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.jobs import job_service
from playrunner.models.job import CreatedJob, JobSpec

router = Router()


@router.serve(route("create_job"), status_code=201, tags=("jobs",))
def create_job(
    accountAlias: Annotated[str, Path()],
    spec: JobSpec,
    immediate: Annotated[bool, Query()] = False,
) -> CreatedJob:
    return job_service().create(accountAlias, spec, current_caller(router), immediate=immediate)


lambda_handler = lambda_handler_for(router)
