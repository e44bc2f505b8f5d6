"""PUT /workflows/{accountAlias}/{name}: replace a workflow, checked as at creation."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.routes import route
from playrunner.composition.workflows import workflow_service
from playrunner.models.workflow import Workflow, WorkflowSpec

router = APIGatewayRouter()


@router.put(route("update_workflow").resolver_rule, tags=["workflows"])
def update_workflow(accountAlias: Annotated[str, Path()], name: Annotated[str, Path()], spec: WorkflowSpec) -> Workflow:
    return workflow_service().replace(accountAlias, name, spec)


lambda_handler = lambda_handler_for(router)
