"""The callback queues' consumer: each message is a notice (or a retry) whose deliveries are
signed and sent. A message that could not be handled is reported back, and SQS sends it again."""

from typing import Any

from aws_lambda_powertools.utilities.batch import SqsFifoPartialProcessor, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from playrunner.composition.callbacks import callback_deliverer
from playrunner.observability import logger, metrics

# Notices of one execution stay in order: after a failure, the rest of its group waits for SQS again.
processor = SqsFifoPartialProcessor(skip_group_on_error=True)


def deliver(record: SQSRecord) -> None:
    callback_deliverer().handle(record.json_body)


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: Any) -> PartialItemFailureResponse:
    return process_partial_response(event=event, record_handler=deliver, processor=processor, context=context)
