"""Callback deliveries: what a receiver is sent, and the log of every attempt to send it."""

from typing import Any, Literal

from pydantic import Field

from playrunner.models.base import Model

DeliveryType = Literal["execution.status", "host.result", "host.failure", "execution.result"]


class DeliveryBody(Model):
    """The JSON a callback URL receives; `id` is also the webhook-id header, the same on each retry."""

    id: str
    type: DeliveryType
    timestamp: str  # ISO 8601, UTC: when the notice was made, not when this attempt was
    execution_id: str
    job_id: str
    account_alias: str
    data: dict[str, Any]


class DeliveryAttempt(Model):
    """One attempt to deliver one body to one URL, as the delivery log shows it."""

    delivery_id: str
    url: str
    type: DeliveryType
    attempt: int = Field(ge=1)
    time: int  # epoch ms when the attempt started
    status_code: int | None = None  # none: no answer (timeout, refused, unsafe address)
    latency_ms: int
    error: str | None = None
    outcome: Literal["delivered", "retrying", "failed", "disabled"]


class DeliveryPage(Model):
    execution_id: str
    deliveries: list[DeliveryAttempt]
    next: str | None = None  # pass as ?after= for the next page; none when this is the last
