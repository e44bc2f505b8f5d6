"""POST /workflows/{accountAlias}: define a workflow; one that cannot run is 400 with each problem."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path
from playrunner.api.resolver import current_caller
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.workflows import workflow_service
from playrunner.models.workflow import Workflow, WorkflowSpec

router = Router()


@router.serve(route("create_workflow"), status_code=201, tags=("workflows",))
def create_workflow(accountAlias: Annotated[str, Path()], spec: WorkflowSpec) -> Workflow:
    return workflow_service().create(accountAlias, spec, current_caller(router))


lambda_handler = lambda_handler_for(router)
