"""Model bases: camelCase on the wire for the Runner job entity, strict about unknown fields;
every model's validator built when it is first used."""

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

# A validator built at its first use: see Model. Also the config of module-level TypeAdapters.
DEFERRED = ConfigDict(defer_build=True)


class Model(BaseModel):
    """Every playrunner model's base. A function imports modules of many models and uses a few:
    each one's validator is built at its first use instead of at import (a cold start's cost)."""

    model_config = DEFERRED


class CamelModel(Model):
    """A request or response body in the Runner job entity's camelCase."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=False,
        serialize_by_alias=True,
        extra="forbid",
    )


class CamelResponse(Model):
    """An answer in camelCase, built by field name in code."""

    model_config = ConfigDict(alias_generator=to_camel, validate_by_name=True, serialize_by_alias=True)
