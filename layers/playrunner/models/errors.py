"""The error envelope every 4xx and 5xx answer carries."""

from playrunner.models.base import Model


class FieldError(Model):
    field: str
    reason: str


class ErrorBody(Model):
    error_code: str
    error_msg: str
    details: list[FieldError] | None = None
