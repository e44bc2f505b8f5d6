"""The notice publisher the table's change stream feeds."""

from playrunner.callbacks.queue import CallbackQueue
from playrunner.composition.instance import per_function
from playrunner.composition.stores import table
from playrunner.environment import settings
from playrunner.orchestration.status_events import StatusEvents
from playrunner.services.host_results import HostResults
from playrunner.services.notices import NoticePublisher
from playrunner.settings import CallbackSettings, EventSettings
from playrunner.store.executions import ExecutionRecord, ExecutionStore
from playrunner.store.host_results import HostResultStore

# A status event (EventBridge: 256 KB an entry) or a callback notice (SQS: 256 KB a message)
# lists an execution's hosts only up to this many; above, hosts_truncated says to page
# GET .../hosts. At 255 characters a name, 100 hosts' lists and summaries stay near 60 KB.
NOTICE_INLINE_HOSTS = 100


def _with_host_results(record: ExecutionRecord) -> ExecutionRecord:
    # Read again with its targets: the stream's image holds the item alone.
    shared = table()
    execution = record.execution
    full = ExecutionStore(shared).get(execution.account_alias, execution.execution_id)
    detailed = (
        HostResults(HostResultStore(shared))
        .detailed(full, inline=NOTICE_INLINE_HOSTS)
        .model_copy(update={"status": execution.status})
    )
    return record.model_copy(update={"execution": detailed})


@per_function
def notice_publisher() -> NoticePublisher:
    callbacks = settings(CallbackSettings)
    return NoticePublisher(
        StatusEvents(settings(EventSettings).event_bus_name),
        CallbackQueue(callbacks.callback_queue_url, callbacks.callback_retry_queue_url),
        _with_host_results,
    )
