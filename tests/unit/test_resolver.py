"""The resolver every API function uses (api/resolver.py), over a router of toy endpoints: the
answer shaped as declared, every failure in the error envelope."""

import json
from typing import Annotated, Any

import pytest

from playrunner.api.params import Path, Query, Response
from playrunner.api.resolver import resolve
from playrunner.api.router import Router
from playrunner.api.routes import Route
from playrunner.errors import NotFound
from playrunner.models.base import CamelModel

ITEM = Route(name="toy_get", method="GET", path="/toys/{toyId}", function="toy")
REMOVE = Route(name="toy_delete", method="DELETE", path="/toys/{toyId}", function="toy")
STDOUT = Route(name="toy_text", method="GET", path="/toys/{toyId}/text", function="toy")


class Toy(CamelModel):
    toy_id: str
    size: int


router = Router()


@router.serve(ITEM)
def get_toy(toyId: Annotated[str, Path()], size: Annotated[int, Query(ge=1)] = 1) -> Toy:
    if toyId == "missing":
        raise NotFound("no such toy")
    if toyId == "broken":
        raise RuntimeError("a bug")
    return Toy(toyId=toyId, size=size)


@router.serve(REMOVE, status_code=204)
def delete_toy(toyId: Annotated[str, Path()]) -> None:
    return None


@router.serve(STDOUT)
def toy_text(toyId: Annotated[str, Path()]) -> Response[str]:
    return Response(200, f"text of {toyId}", "text/plain; charset=utf-8", {"X-Total": "12"})


def _request(route: Route, toy_id: str, query: dict[str, str] | None = None) -> dict[str, Any]:
    event = {
        "resource": route.path,
        "path": route.path.replace("{toyId}", toy_id),
        "httpMethod": route.method,
        "headers": {},
        "pathParameters": {"toyId": toy_id},
        "queryStringParameters": query,
        "body": None,
        "requestContext": {},
    }
    return resolve(router, event, None)


def test_an_answer_is_the_declared_model_under_its_aliases() -> None:
    answer = _request(ITEM, "t-1", {"size": "3"})
    assert answer["statusCode"] == 200
    assert answer["headers"]["Content-Type"] == "application/json"
    assert json.loads(answer["body"]) == {"toyId": "t-1", "size": 3}


def test_a_no_content_answer_has_no_body() -> None:
    answer = _request(REMOVE, "t-1")
    assert (answer["statusCode"], answer["body"]) == (204, "")


def test_a_response_keeps_its_type_headers_and_text() -> None:
    answer = _request(STDOUT, "t-1")
    assert answer["headers"] == {"Content-Type": "text/plain; charset=utf-8", "X-Total": "12"}
    assert answer["body"] == "text of t-1"


def test_failures_are_in_the_error_envelope() -> None:
    invalid = _request(ITEM, "t-1", {"size": "0"})
    assert invalid["statusCode"] == 400
    assert json.loads(invalid["body"])["error_code"] == "VALIDATION_ERROR"
    assert json.loads(invalid["body"])["details"][0]["field"] == "query.size"
    missing = _request(ITEM, "missing")
    assert (missing["statusCode"], json.loads(missing["body"])["error_code"]) == (404, "NOT_FOUND")
    broken = _request(ITEM, "broken")
    assert (broken["statusCode"], json.loads(broken["body"])["error_code"]) == (500, "INTERNAL_ERROR")
    assert "a bug" not in broken["body"]


def test_a_route_the_function_does_not_serve_is_not_found() -> None:
    other = Route(name="toy_other", method="GET", path="/other", function="toy")
    answer = _request(other, "t-1")
    assert (answer["statusCode"], json.loads(answer["body"])["error_code"]) == (404, "ROUTE_NOT_FOUND")


def test_the_request_is_the_current_event_only_while_it_is_handled() -> None:
    seen: list[str] = []
    watching = Router()

    @watching.serve(ITEM)
    def watch(toyId: Annotated[str, Path()]) -> Toy:
        seen.append(watching.current_event.path)
        return Toy(toyId=toyId, size=1)

    event = {"resource": ITEM.path, "path": "/toys/t-9", "httpMethod": "GET", "pathParameters": {"toyId": "t-9"}}
    assert resolve(watching, event, None)["statusCode"] == 200
    assert seen == ["/toys/t-9"]
    with pytest.raises(RuntimeError):
        watching.current_event  # noqa: B018 - the property refuses outside a request
