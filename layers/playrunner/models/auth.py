"""Login request and answer."""

from pydantic import Field

from playrunner.models.base import CamelModel, CamelResponse


class LoginRequest(CamelModel):
    username: str = Field(min_length=1, max_length=128)
    password: str = Field(min_length=1, max_length=256)


class LoginResponse(CamelResponse):
    user_name: str
    account_alias: str
    roles: list[str]
    bearer_token: str


class Caller(CamelResponse):
    """Who is calling, from the claims the authorizer verified."""

    user_name: str
    account_alias: str
    roles: list[str] = Field(default_factory=list)
