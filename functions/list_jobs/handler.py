"""GET /jobs/{accountAlias}: a page of the account's jobs, newest first."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.routes import route
from playrunner.composition.jobs import job_service
from playrunner.models.job import Job
from playrunner.models.page import Page

router = APIGatewayRouter()


@router.get(route("list_jobs").resolver_rule, tags=["jobs"])
def list_jobs(
    accountAlias: Annotated[str, Path()],
    page: Annotated[int, Query(ge=0)] = 0,
    size: Annotated[int, Query(ge=1, le=100)] = 100,
    nextToken: Annotated[str | None, Query(max_length=1024)] = None,
) -> Page[Job]:
    return job_service().list(accountAlias, page, size, nextToken)


lambda_handler = lambda_handler_for(router)
