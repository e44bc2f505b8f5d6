"""POST /jobs/{accountAlias}/{jobId}/callbacks/secret: a new signing secret, shown this once."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.jobs import job_service
from playrunner.models.job import CallbackSecret

router = Router()


@router.serve(route("rotate_callback_secret"), tags=("jobs",))
def rotate_callback_secret(accountAlias: Annotated[str, Path()], jobId: Annotated[str, Path()]) -> CallbackSecret:
    return job_service().rotate_signing_secret(accountAlias, jobId)


lambda_handler = lambda_handler_for(router)
