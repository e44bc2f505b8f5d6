"""The domain exception tree. Adapters translate what they catch into these; the API maps
each class to an HTTP status in one place (playrunner.api.resolver)."""

from typing import Any


class PlayrunnerError(Exception):
    """Base of every error a client can be told about."""

    error_code = "ERROR"

    def __init__(self, message: str, *, error_code: str | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if error_code is not None:
            self.error_code = error_code
        self.details = details


class Invalid(PlayrunnerError):
    error_code = "INVALID_REQUEST"


class Unauthorized(PlayrunnerError):
    error_code = "UNAUTHORIZED"


class Forbidden(PlayrunnerError):
    error_code = "FORBIDDEN"


class NotFound(PlayrunnerError):
    error_code = "NOT_FOUND"


class Conflict(PlayrunnerError):
    error_code = "CONFLICT"


class PayloadTooLarge(PlayrunnerError):
    error_code = "PAYLOAD_TOO_LARGE"


class UnsupportedMediaType(PlayrunnerError):
    error_code = "UNSUPPORTED_MEDIA_TYPE"
