"""GET /jobs/{accountAlias}/{jobId}: one job."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.routes import route
from playrunner.composition.jobs import job_service
from playrunner.models.job import Job

router = APIGatewayRouter()


@router.get(route("get_job").resolver_rule, tags=["jobs"])
def get_job(accountAlias: Annotated[str, Path()], jobId: Annotated[str, Path()]) -> Job:
    return job_service().get(accountAlias, jobId)


lambda_handler = lambda_handler_for(router)
