"""The notice publisher the table's change stream feeds."""

from playrunner.callbacks.queue import CallbackQueue
from playrunner.composition.instance import per_function
from playrunner.environment import settings
from playrunner.orchestration.status_events import StatusEvents
from playrunner.services.notices import NoticePublisher
from playrunner.settings import CallbackSettings, EventSettings


@per_function
def notice_publisher() -> NoticePublisher:
    callbacks = settings(CallbackSettings)
    return NoticePublisher(
        StatusEvents(settings(EventSettings).event_bus_name),
        CallbackQueue(callbacks.callback_queue_url, callbacks.callback_retry_queue_url),
    )
