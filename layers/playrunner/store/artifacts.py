"""Each run's full stdout in S3, one object per run of an execution (a restart adds one)."""

from typing import Any

from playrunner.aws import AwsClient


def _prefix(account_alias: str, execution_id: str) -> str:
    return f"stdout/{account_alias}/{execution_id}/"


class StdoutStore(AwsClient):
    service = "s3"

    def __init__(self, bucket: str, client: Any = None) -> None:
        super().__init__(client)
        self._bucket = bucket

    def put(self, account_alias: str, execution_id: str, run: int, text: bytes) -> None:
        self.client.put_object(
            Bucket=self._bucket,
            Key=f"{_prefix(account_alias, execution_id)}{run:04d}.txt",
            Body=text,
            ContentType="text/plain; charset=utf-8",
        )

    def read(self, account_alias: str, execution_id: str) -> str:
        paginator = self.client.get_paginator("list_objects_v2")
        keys = sorted(
            obj["Key"]
            for page in paginator.paginate(Bucket=self._bucket, Prefix=_prefix(account_alias, execution_id))
            for obj in page.get("Contents", [])
        )
        return "".join(
            self.client.get_object(Bucket=self._bucket, Key=key)["Body"].read().decode("utf-8", "replace")
            for key in keys
        )
