"""A request bound to its endpoint's signature (api/binding.py): values coerced and validated by
pydantic, every error located where the OpenAPI document says the value comes from."""

from typing import Annotated, Any

import pytest

from playrunner.api.binding import RequestInvalid, binding_of, serialize
from playrunner.api.params import Body, Path, Query, Response
from playrunner.models.base import CamelModel


class Request(CamelModel):
    host_count: int


class Answer(CamelModel):
    job_id: str


class Internal(Answer):
    secret: str


def listing(
    accountAlias: Annotated[str, Path()],
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    after: Annotated[str | None, Query(max_length=8)] = None,
) -> Answer:
    return Answer(jobId=accountAlias)


def starting(
    accountAlias: Annotated[str, Path()], request: Annotated[Request | None, Body()] = None
) -> Response[Answer]:
    return Response(201, Answer(jobId=accountAlias))


def creating(accountAlias: Annotated[str, Path()], spec: Request) -> Answer:
    return Answer(jobId=accountAlias)


def _errors(endpoint: Any, path: dict[str, str], query: dict[str, str], body: str | None) -> list[dict[str, Any]]:
    with pytest.raises(RequestInvalid) as raised:
        binding_of(endpoint).arguments(path, query, body)
    return raised.value.errors


def test_query_values_are_coerced_and_defaults_fill_in() -> None:
    assert binding_of(listing).arguments({"accountAlias": "DEMO"}, {"limit": "7"}, None) == {
        "accountAlias": "DEMO",
        "limit": 7,
        "after": None,
    }


def test_constraints_and_types_are_located_in_the_query() -> None:
    errors = _errors(listing, {"accountAlias": "DEMO"}, {"limit": "0", "after": "123456789"}, None)
    assert [(e["loc"], e["type"]) for e in errors] == [
        (("query", "limit"), "greater_than_equal"),
        (("query", "after"), "string_too_long"),
    ]
    assert _errors(listing, {"accountAlias": "DEMO"}, {"limit": "many"}, None)[0]["type"] == "int_parsing"


def test_a_missing_path_value_is_a_missing_field() -> None:
    assert _errors(listing, {}, {}, None) == [
        {"type": "missing", "loc": ("path", "accountAlias"), "msg": "Field required", "input": None}
    ]


def test_a_body_is_validated_under_body_and_an_optional_one_may_be_absent() -> None:
    assert binding_of(starting).arguments({"accountAlias": "DEMO"}, {}, None)["request"] is None
    assert binding_of(starting).arguments({"accountAlias": "DEMO"}, {}, "null")["request"] is None
    bound = binding_of(starting).arguments({"accountAlias": "DEMO"}, {}, '{"hostCount": 3}')
    assert bound["request"] == Request(hostCount=3)
    errors = _errors(creating, {"accountAlias": "DEMO"}, {}, '{"hostCount": "x", "other": 1}')
    assert {(e["loc"], e["type"]) for e in errors} == {
        (("body", "hostCount"), "int_parsing"),
        (("body", "other"), "extra_forbidden"),
    }


def test_a_model_parameter_without_a_marker_is_the_body_and_required() -> None:
    assert _errors(creating, {"accountAlias": "DEMO"}, {}, None)[0]["loc"] == ("body",)


def test_a_body_that_is_not_json_is_one_json_invalid_error() -> None:
    errors = _errors(creating, {"accountAlias": "DEMO"}, {}, '{"hostCount": ')
    assert [e["type"] for e in errors] == ["json_invalid"]


def test_answers_are_serialized_as_declared_under_their_aliases() -> None:
    assert binding_of(starting).answer_type is Answer
    # A subclass answered where the endpoint declares its parent gives the parent's fields only.
    assert serialize(Answer, Internal(jobId="j-1", secret="s")) == '{"jobId":"j-1"}'
    assert serialize(list[Answer], [Answer(jobId="j-2")]) == '[{"jobId":"j-2"}]'
