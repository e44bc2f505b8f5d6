"""PUT /workflows/{accountAlias}/{name}: replace a workflow, checked as at creation."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.workflows import workflow_service
from playrunner.models.workflow import Workflow, WorkflowSpec

router = Router()


@router.serve(route("update_workflow"), tags=("workflows",))
def update_workflow(accountAlias: Annotated[str, Path()], name: Annotated[str, Path()], spec: WorkflowSpec) -> Workflow:
    return workflow_service().replace(accountAlias, name, spec)


lambda_handler = lambda_handler_for(router)
