"""Callback deliveries: the ordered notices queue (FIFO, a group per execution), the retries
queue (per-message delays), their dead-letter queues, and the function both feed."""

from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.data import Data
from infra.functions import FunctionFactory
from playrunner.naming import CALLBACK_FUNCTION, ENV_CALLBACK_QUEUE_URL, ENV_CALLBACK_RETRY_QUEUE_URL

# A notice to a dead receiver holds one attempt per URL (15 s); a batch is ten notices.
DELIVER_TIMEOUT_SECONDS = 300
# AWS's advice for an SQS event source: six times the function's timeout.
VISIBILITY_SECONDS = 6 * DELIVER_TIMEOUT_SECONDS
MAX_RECEIVES = 5


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

    def add_deliverer(self, functions: FunctionFactory, data: Data) -> None:
        self.deliver = functions.function(self, CALLBACK_FUNCTION, timeout_seconds=DELIVER_TIMEOUT_SECONDS)
        data.table.grant_read_write_data(self.deliver)  # the job's secret and disabled URLs; the delivery log
        data.grant_open(self.deliver)
        self.retries.grant_send_messages(self.deliver)
        for queue in (self.notices, self.retries):
            self.deliver.add_event_source(sources.SqsEventSource(queue, batch_size=10, report_batch_item_failures=True))

    def grant_notify(self, grantee: iam.IGrantable) -> None:
        self.notices.grant_send_messages(grantee)
