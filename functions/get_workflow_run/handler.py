"""GET /workflows/{accountAlias}/runs/{runId}: the run, each task's status and execution, its errors."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path
from playrunner.api.resolver import current_caller
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.workflows import workflow_runs
from playrunner.models.workflow_run import WorkflowRun

router = Router()


@router.serve(route("get_workflow_run"), tags=("workflow runs",))
def get_workflow_run(accountAlias: Annotated[str, Path()], runId: Annotated[str, Path()]) -> WorkflowRun:
    return workflow_runs().get(accountAlias, runId, current_caller(router))


lambda_handler = lambda_handler_for(router)
