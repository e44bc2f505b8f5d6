"""The callback deliverer the queues feed: it signs and sends each delivery."""

from playrunner.callbacks.queue import CallbackQueue
from playrunner.composition.instance import per_function
from playrunner.composition.stores import secret_box, table
from playrunner.environment import settings
from playrunner.services.callbacks import CallbackDeliverer
from playrunner.settings import CallbackSettings
from playrunner.store.deliveries import DeliveryStore
from playrunner.store.jobs import JobStore


@per_function
def callback_deliverer() -> CallbackDeliverer:
    shared = table()
    callbacks = settings(CallbackSettings)
    return CallbackDeliverer(
        JobStore(shared),
        DeliveryStore(shared),
        secret_box(),
        CallbackQueue(callbacks.callback_queue_url, callbacks.callback_retry_queue_url),
        callbacks,
    )
