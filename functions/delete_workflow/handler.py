"""DELETE /workflows/{accountAlias}/{name}: remove a workflow."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.workflows import workflow_service

router = Router()


@router.serve(route("delete_workflow"), status_code=204, tags=("workflows",))
def delete_workflow(accountAlias: Annotated[str, Path()], name: Annotated[str, Path()]) -> None:
    workflow_service().delete(accountAlias, name)


lambda_handler = lambda_handler_for(router)
