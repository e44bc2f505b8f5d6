"""PUT /jobs/{accountAlias}/{jobId}/schedules/{id}: replace a schedule's trigger and description."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.routes import route
from playrunner.composition.schedules import schedule_service
from playrunner.models.schedule import Schedule, ScheduleSpec

router = APIGatewayRouter()


@router.put(route("update_schedule").resolver_rule, tags=["schedules"])
def update_schedule(
    accountAlias: Annotated[str, Path()], jobId: Annotated[str, Path()], id: Annotated[str, Path()], spec: ScheduleSpec
) -> Schedule:
    return schedule_service().replace(accountAlias, jobId, id, spec)


lambda_handler = lambda_handler_for(router)
