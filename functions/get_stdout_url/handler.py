"""GET .../executions/{executionId}/stdout/url: a short-lived pre-signed URL to each run's whole
stdout, for output too large to page through the API."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.executions import execution_service
from playrunner.models.execution import StdoutLinks

router = Router()


@router.serve(route("get_stdout_url"), tags=("executions",))
def get_stdout_url(
    accountAlias: Annotated[str, Path()], jobId: Annotated[str, Path()], executionId: Annotated[str, Path()]
) -> StdoutLinks:
    return execution_service().stdout_links(accountAlias, jobId, executionId)


lambda_handler = lambda_handler_for(router)
