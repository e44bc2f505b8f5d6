"""GET /jobs/{accountAlias}/{jobId}/schedules: a page of the job's schedules, newest first."""

from __future__ import annotations

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path, Query
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.schedules import schedule_service
from playrunner.models.page import Page
from playrunner.models.schedule import Schedule

router = Router()


@router.serve(route("list_schedules"), tags=("schedules",))
def list_schedules(
    accountAlias: Annotated[str, Path()],
    jobId: Annotated[str, Path()],
    page: Annotated[int, Query(ge=0)] = 0,
    size: Annotated[int, Query(ge=1, le=100)] = 100,
    nextToken: Annotated[str | None, Query(max_length=1024)] = None,
) -> Page[Schedule]:
    return schedule_service().list(accountAlias, jobId, page, size, nextToken)


lambda_handler = lambda_handler_for(router)
