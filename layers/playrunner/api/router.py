"""A function's endpoints: each serves one route of the route table (api/routes.py)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from playrunner.api.routes import Route

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


@dataclass(frozen=True)
class Operation:
    route: Route
    endpoint: Callable[..., Any]
    status_code: int
    tags: tuple[str, ...]
    include_in_schema: bool


class Router:
    def __init__(self) -> None:
        self.operations: list[Operation] = []
        self._event: APIGatewayProxyEvent | None = None
        self.lambda_context: Any = None

    def serve(
        self, route: Route, *, status_code: int = 200, tags: tuple[str, ...] = (), include_in_schema: bool = True
    ) -> Callable[[Endpoint], Endpoint]:
        def register(endpoint: Endpoint) -> Endpoint:
            self.operations.append(Operation(route, endpoint, status_code, tags, include_in_schema))
            return endpoint

        return register

    def operation_for(self, method: str, resource: str) -> Operation | None:
        return next((op for op in self.operations if op.route.method == method and op.route.path == resource), None)

    @property
    def current_event(self) -> "APIGatewayProxyEvent":
        """The request being handled (set by the resolver for the length of one request)."""
        if self._event is None:
            raise RuntimeError("no request is being handled")
        return self._event

    def handling(self, event: "APIGatewayProxyEvent | None", context: Any = None) -> None:
        self._event, self.lambda_context = event, context
