"""GET /jobs/{accountAlias}/{jobId}/executions: a page of the job's executions, newest first."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.routes import route
from playrunner.composition.executions import execution_service
from playrunner.models.execution import Execution
from playrunner.models.page import Page

router = APIGatewayRouter()


@router.get(route("list_executions").resolver_rule, tags=["executions"])
def list_executions(
    accountAlias: Annotated[str, Path()],
    jobId: Annotated[str, Path()],
    page: Annotated[int, Query(ge=0)] = 0,
    size: Annotated[int, Query(ge=1, le=100)] = 100,
    nextToken: Annotated[str | None, Query(max_length=1024)] = None,
) -> Page[Execution]:
    return execution_service().list(accountAlias, jobId, page, size, nextToken)


lambda_handler = lambda_handler_for(router)
