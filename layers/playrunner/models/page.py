"""A page of results, as the Runner's list endpoints return them."""

from typing import Generic, TypeVar

from pydantic import ConfigDict, Field
from pydantic.alias_generators import to_camel

from playrunner.models.base import Model

ItemT = TypeVar("ItemT")


class Page(Model, Generic[ItemT]):
    model_config = ConfigDict(alias_generator=to_camel, validate_by_name=True, serialize_by_alias=True)

    total_size: int  # kept beside the list as it changes: never counted by reading it
    page: int
    size: int
    results: list[ItemT] = Field(default_factory=list)
    # Pass as ?nextToken= for the items after these (none: the last of them); a token walks the
    # whole list, however long, where page numbers reach only so deep.
    next_token: str | None = None
