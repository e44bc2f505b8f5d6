"""POST /workflows/{accountAlias}: define a workflow; one that cannot run is 400 with each problem."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.resolver import current_caller
from playrunner.api.routes import route
from playrunner.composition.workflows import workflow_service
from playrunner.models.workflow import Workflow, WorkflowSpec

router = APIGatewayRouter()


@router.post(route("create_workflow").resolver_rule, status_code=201, tags=["workflows"])
def create_workflow(accountAlias: Annotated[str, Path()], spec: WorkflowSpec) -> Workflow:
    return workflow_service().create(accountAlias, spec, current_caller(router))


lambda_handler = lambda_handler_for(router)
