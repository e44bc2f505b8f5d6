"""Each run's full stdout in S3, one object per slice of each run of an execution (a restart
adds a run; a run of many hosts has many slices).

The execution's stdout is those objects one after another, by run then slice; it is read a
byte range at a time (S3 ranged GETs), or fetched whole through short-lived pre-signed URLs,
one per object.
"""

from typing import Any

from playrunner.aws import AwsClient

# How long a pre-signed URL to a run's stdout can be used.
URL_SECONDS = 900


def _prefix(account_alias: str, execution_id: str) -> str:
    return f"stdout/{account_alias}/{execution_id}/"


def _run_and_slice(key: str) -> tuple[int, int]:
    # An object is named by its run and slice: 0002-0000.txt
    run, slice_number = key.rsplit("/", 1)[-1].removesuffix(".txt").split("-")
    return int(run), int(slice_number)


class StdoutStore(AwsClient):
    service = "s3"

    def __init__(self, bucket: str, client: Any = None) -> None:
        super().__init__(client)
        self._bucket = bucket

    def put(self, account_alias: str, execution_id: str, run: int, slice_number: int, text: bytes) -> None:
        self.client.put_object(
            Bucket=self._bucket,
            Key=f"{_prefix(account_alias, execution_id)}{run:04d}-{slice_number:04d}.txt",
            Body=text,
            ContentType="text/plain; charset=utf-8",
        )

    def runs(self, account_alias: str, execution_id: str) -> list[tuple[str, int]]:
        """Each run's object and its size in bytes, in run order."""
        paginator = self.client.get_paginator("list_objects_v2")
        found = [
            (obj["Key"], int(obj["Size"]))
            for page in paginator.paginate(Bucket=self._bucket, Prefix=_prefix(account_alias, execution_id))
            for obj in page.get("Contents", [])
        ]
        return sorted(found)

    def read_range(self, account_alias: str, execution_id: str, offset: int, limit: int) -> tuple[bytes, int]:
        """Bytes OFFSET .. OFFSET+LIMIT of the execution's stdout, and its total size."""
        runs = self.runs(account_alias, execution_id)
        read = bytearray()
        position = 0
        for key, size in runs:
            start, end = max(offset, position), min(offset + limit, position + size)
            if start < end:
                answer = self.client.get_object(
                    Bucket=self._bucket, Key=key, Range=f"bytes={start - position}-{end - position - 1}"
                )
                read += answer["Body"].read()
            position += size
        return bytes(read), position

    def urls(self, account_alias: str, execution_id: str) -> list[tuple[int, int, int, str]]:
        """(the run, the slice, its size, a pre-signed URL that reads it for URL_SECONDS), per
        slice of a run that printed."""
        return [
            (
                *_run_and_slice(key),
                size,
                self.client.generate_presigned_url(
                    "get_object", Params={"Bucket": self._bucket, "Key": key}, ExpiresIn=URL_SECONDS
                ),
            )
            for key, size in self.runs(account_alias, execution_id)
        ]
