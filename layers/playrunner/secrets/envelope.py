"""Envelope encryption with KMS, through Powertools' data masking (AWS Encryption SDK).

Each seal asks KMS for a data key (GenerateDataKey) under the stack's customer-managed key
and binds the encryption context (account alias, and the job or execution) into the
ciphertext: opening it under any other context fails. Only the sealed text is ever stored.
"""

from typing import Any

from playrunner.errors import Forbidden


class SecretBox:
    def __init__(self, key_arn: str, session: Any = None) -> None:
        """SESSION: a boto3 session whose credentials KMS is called with (default: the process's)."""
        self._key_arn = key_arn
        self._session = session
        self._masking: Any = None

    def _data_masking(self) -> Any:
        if self._masking is None:
            # The Encryption SDK is imported on first use: most requests carry no secret.
            from aws_lambda_powertools.utilities.data_masking import DataMasking
            from aws_lambda_powertools.utilities.data_masking.provider.kms.aws_encryption_sdk import (
                AWSEncryptionSDKProvider,
            )

            provider = AWSEncryptionSDKProvider(keys=[self._key_arn])
            if self._session is not None:
                _call_kms_with(provider, self._session)
            self._masking = DataMasking(provider=provider)
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


def _call_kms_with(provider: Any, session: Any) -> None:
    """Have Powertools' provider call KMS with SESSION's credentials. It builds its own botocore
    session from the environment, with no way to pass one: its master key provider and the
    caching materials manager over it are made again, as it makes them, on SESSION."""
    from aws_encryption_sdk import CachingCryptoMaterialsManager, StrictAwsKmsMasterKeyProvider
    from aws_lambda_powertools.utilities.data_masking.constants import (
        MAX_BYTES_ENCRYPTED,
        MAX_CACHE_AGE_SECONDS,
        MAX_MESSAGES_ENCRYPTED,
    )

    kms = provider._key_provider
    kms.key_provider = StrictAwsKmsMasterKeyProvider(key_ids=kms.keys, botocore_session=session._session)
    kms.cache_cmm = CachingCryptoMaterialsManager(
        master_key_provider=kms.key_provider,
        cache=kms.cache,
        max_age=MAX_CACHE_AGE_SECONDS,
        max_messages_encrypted=MAX_MESSAGES_ENCRYPTED,
        max_bytes_encrypted=MAX_BYTES_ENCRYPTED,
    )
