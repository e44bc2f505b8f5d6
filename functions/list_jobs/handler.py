"""GET /jobs/{accountAlias}: a page of the account's jobs, newest first."""

from __future__ import annotations

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path, Query
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.jobs import job_service
from playrunner.models.job import Job
from playrunner.models.page import Page

router = Router()


@router.serve(route("list_jobs"), tags=("jobs",))
def list_jobs(
    accountAlias: Annotated[str, Path()],
    page: Annotated[int, Query(ge=0)] = 0,
    size: Annotated[int, Query(ge=1, le=100)] = 100,
    nextToken: Annotated[str | None, Query(max_length=1024)] = None,
) -> Page[Job]:
    return job_service().list(accountAlias, page, size, nextToken)


lambda_handler = lambda_handler_for(router)
