"""POST /workflows/{accountAlias}/jobs/start: run a workflow; 200 with the run."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path
from playrunner.api.resolver import current_caller
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.workflows import workflow_runs
from playrunner.models.workflow_run import WorkflowRunStarted, WorkflowStartRequest

router = Router()


@router.serve(route("start_workflow_run"), tags=("workflow runs",))
def start_workflow_run(accountAlias: Annotated[str, Path()], request: WorkflowStartRequest) -> WorkflowRunStarted:
    return workflow_runs().start(accountAlias, request, current_caller(router))


lambda_handler = lambda_handler_for(router)
