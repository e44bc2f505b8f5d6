"""POST /jobs/{accountAlias}: define a job; the answer holds its callbacks' signing secret, this once."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.resolver import current_caller
from playrunner.api.routes import route
from playrunner.composition.jobs import job_service
from playrunner.models.job import CreatedJob, JobSpec

router = APIGatewayRouter()


@router.post(route("create_job").resolver_rule, status_code=201, tags=["jobs"])
def create_job(
    accountAlias: Annotated[str, Path()],
    spec: JobSpec,
    immediate: Annotated[bool, Query()] = False,
) -> CreatedJob:
    return job_service().create(accountAlias, spec, current_caller(router), immediate=immediate)


lambda_handler = lambda_handler_for(router)
