"""GET /workflows/{accountAlias}?page&size: the account's workflows, newest first."""

from __future__ import annotations

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path, Query
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.workflows import workflow_service
from playrunner.models.page import Page
from playrunner.models.workflow import Workflow

router = Router()


@router.serve(route("list_workflows"), tags=("workflows",))
def list_workflows(
    accountAlias: Annotated[str, Path()],
    page: Annotated[int, Query(ge=0)] = 0,
    size: Annotated[int, Query(ge=1, le=100)] = 100,
    nextToken: Annotated[str | None, Query(max_length=1024)] = None,
) -> Page[Workflow]:
    return workflow_service().list(accountAlias, page, size, nextToken)


lambda_handler = lambda_handler_for(router)
