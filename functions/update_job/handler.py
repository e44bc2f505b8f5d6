"""PUT /jobs/{accountAlias}/{jobId}: replace a job's definition."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path, Query
from playrunner.api.resolver import current_caller
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.jobs import job_service
from playrunner.models.job import Job, JobSpec

router = Router()


@router.serve(route("update_job"), tags=("jobs",))
def update_job(
    accountAlias: Annotated[str, Path()],
    jobId: Annotated[str, Path()],
    spec: JobSpec,
    immediate: Annotated[bool, Query()] = False,
) -> Job:
    return job_service().replace(accountAlias, jobId, spec, current_caller(router), immediate=immediate)


lambda_handler = lambda_handler_for(router)
