"""DELETE /jobs/{accountAlias}/{jobId}: remove a job."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.routes import route
from playrunner.composition.jobs import job_service

router = APIGatewayRouter()


@router.delete(route("delete_job").resolver_rule, status_code=204, tags=["jobs"])
def delete_job(accountAlias: Annotated[str, Path()], jobId: Annotated[str, Path()]) -> None:
    job_service().delete(accountAlias, jobId)


lambda_handler = lambda_handler_for(router)
