"""Envelope encryption with KMS, through Powertools' data masking (AWS Encryption SDK).

Each seal asks KMS for a data key (GenerateDataKey) under the stack's customer-managed key
and binds the encryption context (account alias, and the job or execution) into the
ciphertext: opening it under any other context fails. Only the sealed text is ever stored.
"""

from typing import Any

from playrunner.errors import Forbidden


class SecretBox:
    def __init__(self, key_arn: str) -> None:
        self._key_arn = key_arn
        self._masking: Any = None

    def _data_masking(self) -> Any:
        if self._masking is None:
            # The Encryption SDK is imported on first use: most requests carry no secret.
            from aws_lambda_powertools.utilities.data_masking import DataMasking
            from aws_lambda_powertools.utilities.data_masking.provider.kms.aws_encryption_sdk import (
                AWSEncryptionSDKProvider,
            )

            self._masking = DataMasking(provider=AWSEncryptionSDKProvider(keys=[self._key_arn]))
        return self._masking

    def seal(self, secrets: dict[str, str], context: dict[str, str]) -> str:
        return str(self._data_masking().encrypt(secrets, **context))

    def open(self, sealed: str, context: dict[str, str]) -> dict[str, str]:
        from aws_lambda_powertools.utilities.data_masking.exceptions import (
            DataMaskingContextMismatchError,
        )

        try:
            opened = self._data_masking().decrypt(sealed, **context)
        except DataMaskingContextMismatchError as exc:
            raise Forbidden("these secrets belong to another context") from exc
        return dict(opened)
