"""The table's change stream: each execution status change is published (status event and
callback notice). Records are published in order; at the first that cannot be, it is reported
as the batch's failure and the stream gives it again, with every record after it."""

from typing import Any

from playrunner.composition.notices import notice_publisher
from playrunner.observability import logger, metrics


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, list[dict[str, str]]]:
    publisher = notice_publisher()
    for record in event.get("Records", []):
        try:
            publisher.publish(record)
        except Exception:
            logger.exception("a status change could not be published; the stream gives it again")
            return {"batchItemFailures": [{"itemIdentifier": record["dynamodb"]["SequenceNumber"]}]}
    return {"batchItemFailures": []}
