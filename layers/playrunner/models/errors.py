"""The error envelope every 4xx and 5xx answer carries."""

from pydantic import BaseModel


class FieldError(BaseModel):
    field: str
    reason: str


class ErrorBody(BaseModel):
    error_code: str
    error_msg: str
    details: list[FieldError] | None = None
