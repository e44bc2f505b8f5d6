"""DELETE /jobs/{accountAlias}/{jobId}/schedules/{id}: stop running the job on this schedule."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.routes import route
from playrunner.composition.schedules import schedule_service

router = APIGatewayRouter()


@router.delete(route("delete_schedule").resolver_rule, status_code=204, tags=["schedules"])
def delete_schedule(
    accountAlias: Annotated[str, Path()], jobId: Annotated[str, Path()], id: Annotated[str, Path()]
) -> None:
    schedule_service().delete(accountAlias, jobId, id)


lambda_handler = lambda_handler_for(router)
