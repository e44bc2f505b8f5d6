"""DELETE /workflows/{accountAlias}/{name}: remove a workflow."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.routes import route
from playrunner.composition.workflows import workflow_service

router = APIGatewayRouter()


@router.delete(route("delete_workflow").resolver_rule, status_code=204, tags=["workflows"])
def delete_workflow(accountAlias: Annotated[str, Path()], name: Annotated[str, Path()]) -> None:
    workflow_service().delete(accountAlias, name)


lambda_handler = lambda_handler_for(router)
