"""POST /jobs/{accountAlias}/{jobId}/callbacks/secret: a new signing secret, shown this once."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.routes import route
from playrunner.composition.jobs import job_service
from playrunner.models.job import CallbackSecret

router = APIGatewayRouter()


@router.post(route("rotate_callback_secret").resolver_rule, tags=["jobs"])
def rotate_callback_secret(accountAlias: Annotated[str, Path()], jobId: Annotated[str, Path()]) -> CallbackSecret:
    return job_service().rotate_signing_secret(accountAlias, jobId)


lambda_handler = lambda_handler_for(router)
