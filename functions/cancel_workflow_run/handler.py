"""POST /workflows/{accountAlias}/runs/{runId}/cancel: stop the run and kill its running executions."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.resolver import current_caller
from playrunner.api.routes import route
from playrunner.composition.workflows import workflow_runs
from playrunner.models.workflow_run import WorkflowRun

router = APIGatewayRouter()


@router.post(route("cancel_workflow_run").resolver_rule, tags=["workflow runs"])
def cancel_workflow_run(accountAlias: Annotated[str, Path()], runId: Annotated[str, Path()]) -> WorkflowRun:
    return workflow_runs().cancel(accountAlias, runId, current_caller(router))


lambda_handler = lambda_handler_for(router)
