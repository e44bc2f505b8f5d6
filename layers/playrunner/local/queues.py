"""The local stack's SQS event source mapping: reads the callback queues and invokes the
deliver function with SQS's event (through moto's Lambda, as AWS would), then deletes what it
handled and leaves what it reported failed to come back."""

import json
from typing import Any

import boto3

from playrunner.local.background import BackgroundLoop
from playrunner.observability import logger

BATCH_SIZE = 10
WAIT_SECONDS = 1


def sqs_event(queue_arn: str, region: str, messages: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "Records": [
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": message.get("Attributes", {}),
                "messageAttributes": {},
                "md5OfBody": message["MD5OfBody"],
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": region,
            }
            for message in messages
        ]
    }


class QueueConsumer(BackgroundLoop):
    def __init__(self, queue_url: str, function_name: str) -> None:
        super().__init__(f"sqs-{function_name}")
        self._queue_url = queue_url
        self._function_name = function_name

    def _loop(self) -> None:
        sqs, lambdas = boto3.client("sqs"), boto3.client("lambda")
        queue_arn = sqs.get_queue_attributes(QueueUrl=self._queue_url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        while not self._stopping.is_set():
            try:
                self._poll(sqs, lambdas, queue_arn)
            except Exception:
                logger.exception("the local queue consumer failed; polling again", extra={"queue": self._queue_url})
                self._stopping.wait(WAIT_SECONDS)

    def _poll(self, sqs: Any, lambdas: Any, queue_arn: str) -> None:
        messages = sqs.receive_message(
            QueueUrl=self._queue_url,
            MaxNumberOfMessages=BATCH_SIZE,
            WaitTimeSeconds=WAIT_SECONDS,
            MessageSystemAttributeNames=["All"],
        ).get("Messages", [])
        if not messages:
            return
        event = sqs_event(queue_arn, sqs.meta.region_name, messages)
        answer = lambdas.invoke(FunctionName=self._function_name, Payload=json.dumps(event).encode())
        payload = json.loads(answer["Payload"].read() or b"{}")
        if answer.get("FunctionError"):
            return  # all of them come back after the visibility timeout
        failed = {item["itemIdentifier"] for item in payload.get("batchItemFailures", [])}
        handled = [m for m in messages if m["MessageId"] not in failed]
        if handled:
            sqs.delete_message_batch(
                QueueUrl=self._queue_url,
                Entries=[{"Id": str(n), "ReceiptHandle": m["ReceiptHandle"]} for n, m in enumerate(handled)],
            )
