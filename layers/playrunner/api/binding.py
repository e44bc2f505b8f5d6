"""Bind a request to its endpoint's parameters, as its signature declares them (api/params.py):
each path, query and body parameter validated by pydantic, every error located as the OpenAPI
document describes it: ("path", name), ("query", name), ("body", field...).

A binding is built at the first request an endpoint serves, not at import (a cold start pays
for the one endpoint it serves).
"""

import inspect
import json
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, get_args, get_origin, get_type_hints

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from playrunner.api.params import Body, Param, Query, Response


class RequestInvalid(Exception):
    """The request does not fit its endpoint's parameters; ERRORS are pydantic's, located."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # path, query or body
    adapter: TypeAdapter[Any]
    required: bool
    default: Any


@dataclass(frozen=True)
class Binding:
    parameters: tuple[Parameter, ...]
    answer_type: Any  # what the endpoint's answer body is serialized as

    def arguments(self, path: dict[str, str], query: dict[str, str], body: str | None) -> dict[str, Any]:
        values: dict[str, Any] = {}
        errors: list[dict[str, Any]] = []
        parsed: Any = None
        if body and any(p.location == "body" for p in self.parameters):
            try:
                parsed = json.loads(body)
            except json.JSONDecodeError as exc:
                raise RequestInvalid(
                    [{"type": "json_invalid", "loc": ("body", exc.pos), "msg": "JSON decode error", "input": {}}]
                ) from exc
        for parameter in self.parameters:
            if parameter.location == "body":
                loc: tuple[Any, ...] = ("body",)
                value = parsed
            else:
                loc = (parameter.location, parameter.name)
                value = (path if parameter.location == "path" else query).get(parameter.name)
            if value is None:
                if parameter.required:
                    errors.append({"type": "missing", "loc": loc, "msg": "Field required", "input": None})
                else:
                    values[parameter.name] = parameter.default
                continue
            try:
                values[parameter.name] = parameter.adapter.validate_python(value, from_attributes=True)
            except ValidationError as exc:
                errors.extend({**error, "loc": loc + tuple(error["loc"])} for error in exc.errors(include_url=False))
        if errors:
            raise RequestInvalid(errors)
        return values


def _is_model(annotation: Any) -> bool:
    candidates = get_args(annotation) if get_origin(annotation) is not None else (annotation,)
    return any(isinstance(c, type) and issubclass(c, BaseModel) for c in candidates)


def _parameter(parameter: inspect.Parameter, annotation: Any) -> Parameter:
    marker: Param | None = None
    base, extras = annotation, ()
    if get_origin(annotation) is Annotated:
        base, *rest = get_args(annotation)
        marker = next((m for m in rest if isinstance(m, Param)), None)
        extras = tuple(m for m in rest if not isinstance(m, Param))
    if marker is None:
        # As FastAPI and Powertools read a signature: a model is the body, anything else a query parameter.
        marker = Body() if _is_model(base) else Query()
    typed: Any = Annotated[(base, *extras, Field(**marker.constraints))] if marker.constraints or extras else base
    required = parameter.default is inspect.Parameter.empty
    return Parameter(
        name=parameter.name,
        location=marker.location,
        adapter=TypeAdapter(typed),
        required=required,
        default=None if required else parameter.default,
    )


def _answer_type(annotation: Any) -> Any:
    if get_origin(annotation) is Response:
        (inner,) = get_args(annotation)
        return inner
    return annotation


@cache
def binding_of(endpoint: Any) -> Binding:
    hints = get_type_hints(endpoint, include_extras=True)
    signature = inspect.signature(endpoint)
    parameters = tuple(_parameter(p, hints[p.name]) for p in signature.parameters.values())
    if sum(p.location == "body" for p in parameters) > 1:
        raise TypeError(f"{endpoint.__qualname__} takes more than one body")
    return Binding(parameters=parameters, answer_type=_answer_type(hints.get("return")))


def serialize(answer_type: Any, value: Any) -> str:
    """VALUE as JSON, as ANSWER_TYPE describes it: a model's subclass gives only the model's
    fields, every field under its alias."""
    if isinstance(answer_type, type) and issubclass(answer_type, BaseModel) and isinstance(value, answer_type):
        return answer_type.__pydantic_serializer__.to_json(value, by_alias=True).decode()
    return _adapter(answer_type).dump_json(value, by_alias=True).decode()


@cache
def _adapter(answer_type: Any) -> TypeAdapter[Any]:
    return TypeAdapter(answer_type)
