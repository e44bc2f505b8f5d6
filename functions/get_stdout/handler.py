"""GET .../executions/{executionId}/stdout: the text output of every run of it, a page of bytes
at a time (?offset=&limit=); the whole of a large one through GET .../stdout/url."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path, Query, Response
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.executions import execution_service

# A page stays inside what a Lambda may answer (6 MB) once it is escaped into the response's
# JSON: a 4-byte character is written as 12 (two \\u escapes), so at most 2 MB of output.
MAX_PAGE_BYTES = 2_000_000
DEFAULT_PAGE_BYTES = 1_000_000
TOTAL_SIZE_HEADER = "X-Stdout-Total-Size"
NEXT_OFFSET_HEADER = "X-Stdout-Next-Offset"

router = Router()


@router.serve(route("get_stdout"), tags=("executions",))
def get_stdout(
    accountAlias: Annotated[str, Path()],
    jobId: Annotated[str, Path()],
    executionId: Annotated[str, Path()],
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_BYTES)] = DEFAULT_PAGE_BYTES,
) -> Response[str]:
    page = execution_service().stdout(accountAlias, jobId, executionId, offset, limit)
    headers = {TOTAL_SIZE_HEADER: str(page.total_size)}
    if page.next_offset is not None:
        headers[NEXT_OFFSET_HEADER] = str(page.next_offset)
    return Response(status_code=200, content_type="text/plain; charset=utf-8", body=page.text, headers=headers)


lambda_handler = lambda_handler_for(router)
