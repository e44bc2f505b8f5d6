"""POST /workflows/{accountAlias}/runs/{runId}/resume: run again from the tasks that failed or errored."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path
from playrunner.api.resolver import current_caller
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.workflows import workflow_runs
from playrunner.models.workflow_run import WorkflowRun

router = Router()


@router.serve(route("resume_workflow_run"), tags=("workflow runs",))
def resume_workflow_run(accountAlias: Annotated[str, Path()], runId: Annotated[str, Path()]) -> WorkflowRun:
    return workflow_runs().resume(accountAlias, runId, current_caller(router))


lambda_handler = lambda_handler_for(router)
