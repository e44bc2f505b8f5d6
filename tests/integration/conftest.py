"""Integration fixtures: moto in this process, with the resources the local stack provisions."""

from collections.abc import Iterator

import pytest
from moto import mock_aws

from playrunner.composition.instance import forget_all
from playrunner.local.moto_dynamodb import serialize_writes
from playrunner.local.provision import LocalResources, provision
from playrunner.local.stack import aws_environment


def _clear_caches() -> None:
    forget_all()


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalResources]:
    """A fresh moto account holding the table, the KMS key and the user pool."""
    for name, value in aws_environment("").items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    serialize_writes()
    with mock_aws():
        resources = provision()
        for name, value in resources.function_environment().items():
            monkeypatch.setenv(name, value)
        _clear_caches()
        yield resources
    _clear_caches()
