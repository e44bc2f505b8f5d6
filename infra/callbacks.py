"""Callback deliveries: the ordered notices queue (FIFO, a group per execution), the retries
queue (per-message delays), their dead-letter queues, and the function both feed; and the
table's change stream, which feeds the publisher of status events and notices."""

from aws_cdk import Duration
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_sqs as sqs
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from infra.data import Data
from infra.functions import Functions
from playrunner.catalogue import DELIVER_TIMEOUT_SECONDS
from playrunner.naming import CALLBACK_FUNCTION, ENV_CALLBACK_QUEUE_URL, ENV_CALLBACK_RETRY_QUEUE_URL, NOTICE_FUNCTION
from playrunner.services.notices import EXECUTION_CHANGES

# AWS's advice for an SQS event source: six times the function's timeout.
VISIBILITY_SECONDS = 6 * DELIVER_TIMEOUT_SECONDS
MAX_RECEIVES = 5
# The publisher: a change given again this many times is set aside on its dead-letter queue.
STREAM_RETRIES = 10
STREAM_BATCH = 100


def _queue(scope: Construct, construct_id: str, *, fifo: bool) -> sqs.Queue:
    dead_letters = sqs.Queue(
        scope,
        f"{construct_id}DeadLetters",
        fifo=fifo or None,
        encryption=sqs.QueueEncryption.SQS_MANAGED,
        enforce_ssl=True,
        retention_period=Duration.days(14),
    )
    return sqs.Queue(
        scope,
        construct_id,
        fifo=fifo or None,
        encryption=sqs.QueueEncryption.SQS_MANAGED,
        enforce_ssl=True,
        visibility_timeout=Duration.seconds(VISIBILITY_SECONDS),
        dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letters, max_receive_count=MAX_RECEIVES),
    )


class Callbacks(Construct):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.notices = _queue(self, "Notices", fifo=True)
        self.retries = _queue(self, "Retries", fifo=False)

    @property
    def environment(self) -> dict[str, str]:
        return {
            ENV_CALLBACK_QUEUE_URL: self.notices.queue_url,
            ENV_CALLBACK_RETRY_QUEUE_URL: self.retries.queue_url,
        }

    def feed(self, functions: Functions, data: Data) -> None:
        """The queues feed the deliverer; the table's stream feeds the publisher."""
        self.deliver = functions[CALLBACK_FUNCTION]
        for queue in (self.notices, self.retries):
            self.deliver.add_event_source(sources.SqsEventSource(queue, batch_size=10, report_batch_item_failures=True))
        self.publish = functions[NOTICE_FUNCTION]
        self.unpublished = sqs.Queue(
            self,
            "UnpublishedChanges",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=Duration.days(14),
        )
        NagSuppressions.add_resource_suppressions(
            self.unpublished,
            [
                NagPackSuppression(
                    id="AwsSolutions-SQS3",
                    reason="It is the dead-letter destination itself: of the stream's event source, "
                    "for changes the publisher could not publish after its retries.",
                )
            ],
        )
        self.publish.add_event_source(
            sources.DynamoEventSource(
                data.table,
                starting_position=lambda_.StartingPosition.TRIM_HORIZON,
                batch_size=STREAM_BATCH,
                retry_attempts=STREAM_RETRIES,
                report_batch_item_failures=True,
                on_failure=sources.SqsDlq(self.unpublished),
                filters=[lambda_.FilterCriteria.filter(EXECUTION_CHANGES)],
            )
        )
