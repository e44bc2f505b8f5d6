"""GET /workflows/{accountAlias}/{name}: one workflow."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.routes import route
from playrunner.composition.workflows import workflow_service
from playrunner.models.workflow import Workflow

router = APIGatewayRouter()


@router.get(route("get_workflow").resolver_rule, tags=["workflows"])
def get_workflow(accountAlias: Annotated[str, Path()], name: Annotated[str, Path()]) -> Workflow:
    return workflow_service().get(accountAlias, name)


lambda_handler = lambda_handler_for(router)
