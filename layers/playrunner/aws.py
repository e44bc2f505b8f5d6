"""The base of every AWS adapter: its boto3 client, injected (tests) or made on first use
(a handler that never calls AWS never pays for the client)."""

from typing import Any, ClassVar


class AwsClient:
    service: ClassVar[str]

    def __init__(self, client: Any = None) -> None:
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            import boto3  # about 150 ms: paid at a function's first AWS call, not at its import

            self._client = boto3.client(self.service)
        return self._client
