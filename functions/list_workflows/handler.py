"""GET /workflows/{accountAlias}?page&size: the account's workflows, newest first."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.routes import route
from playrunner.composition.workflows import workflow_service
from playrunner.models.page import Page
from playrunner.models.workflow import Workflow

router = APIGatewayRouter()


@router.get(route("list_workflows").resolver_rule, tags=["workflows"])
def list_workflows(
    accountAlias: Annotated[str, Path()],
    page: Annotated[int, Query(ge=0)] = 0,
    size: Annotated[int, Query(ge=1, le=100)] = 100,
    nextToken: Annotated[str | None, Query(max_length=1024)] = None,
) -> Page[Workflow]:
    return workflow_service().list(accountAlias, page, size, nextToken)


lambda_handler = lambda_handler_for(router)
