"""GET /workflows/{accountAlias}/{name}: one workflow."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.workflows import workflow_service
from playrunner.models.workflow import Workflow

router = Router()


@router.serve(route("get_workflow"), tags=("workflows",))
def get_workflow(accountAlias: Annotated[str, Path()], name: Annotated[str, Path()]) -> Workflow:
    return workflow_service().get(accountAlias, name)


lambda_handler = lambda_handler_for(router)
