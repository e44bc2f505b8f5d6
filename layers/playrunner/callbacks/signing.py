"""Standard Webhooks signatures: webhook-id, webhook-timestamp and webhook-signature, an
HMAC-SHA256 over `id.timestamp.body` with the job's signing secret (`whsec_` + base64)."""

import base64
import secrets
from datetime import UTC, datetime

SECRET_PREFIX = "whsec_"  # noqa: S105 - the scheme's prefix, not a secret
SECRET_BYTES = 32
SIGNING_SECRET_FIELD = "secret"  # noqa: S105 - the name it is sealed under


def new_signing_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signed_headers(delivery_id: str, payload: str, secret: str | None, now: datetime | None = None) -> dict[str, str]:
    """The headers a delivery is sent with; unsigned when the job has no secret (created before
    jobs had one, until its secret is rotated)."""
    moment = now or datetime.now(UTC)
    headers = {
        "content-type": "application/json",
        "user-agent": "playrunner-callbacks",
        "webhook-id": delivery_id,
        "webhook-timestamp": str(int(moment.timestamp())),
    }
    if secret:
        from standardwebhooks.webhooks import Webhook  # only the deliverer signs

        headers["webhook-signature"] = Webhook(secret).sign(delivery_id, moment, payload)
    return headers
