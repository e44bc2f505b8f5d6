"""What an endpoint's signature says about a request: where each parameter comes from (Path,
Query, Body, with pydantic's constraints) and the Response it may answer with.

They are playrunner's own, not Powertools', so that a function loads no resolver of Powertools'
at its cold start: the function binds them itself (api/binding.py), and the OpenAPI document,
built offline, translates them into Powertools' own (functions/openapi/document.py).
"""

from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

APPLICATION_JSON = "application/json"

T = TypeVar("T")


class Param:
    """Where a parameter comes from; its keyword arguments are pydantic Field's (ge, max_length...)."""

    location: ClassVar[str]

    def __init__(self, **constraints: Any) -> None:
        self.constraints = constraints


class Path(Param):
    location = "path"


class Query(Param):
    location = "query"


class Body(Param):
    location = "body"


@dataclass
class Response(Generic[T]):
    """An answer other than a 200 with a JSON body: its BODY is serialized as the endpoint's
    return annotation says (Response[Execution]), a str is sent as it is."""

    status_code: int
    body: T | None = None
    content_type: str = APPLICATION_JSON
    headers: dict[str, str] = field(default_factory=dict)
