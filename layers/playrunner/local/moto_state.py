"""Keep the local stack's AWS state in its data directory across restarts.

moto holds every service's state in memory, in its backends. A snapshot pickles the
backends of the services whose data outlives a run (the table, the KMS key material that
opens sealed secrets, the user pool and its users, buckets, schedules and event rules) and
a restore puts them back before the server starts. RSA keys (KMS, Cognito's signing key)
do not pickle by themselves: they travel as PKCS#8 PEM.
"""

import copyreg
import os
import pickle
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

PERSISTED_SERVICES = ("dynamodb", "kms", "cognito-idp", "s3", "scheduler", "events", "iam")
SNAPSHOT_FILE = "aws-state.pickle"


def _load_private_key(pem: bytes) -> Any:
    return serialization.load_pem_private_key(pem, password=None)


def _reduce_private_key(key: Any) -> tuple[Any, tuple[bytes]]:
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return _load_private_key, (pem,)


@lru_cache
def _register_key_pickling() -> None:
    # The concrete key class lives in cryptography's Rust bindings: take it from a real key.
    concrete = type(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    copyreg.pickle(concrete, _reduce_private_key)


def _backends() -> dict[str, Any]:
    _register_key_pickling()
    from moto.backends import get_backend

    return {name: get_backend(name) for name in PERSISTED_SERVICES}  # type: ignore[call-overload]


def save(data_dir: Path) -> None:
    """Write a snapshot atomically; retried while a request is changing the state under it."""
    for attempt in range(20):
        try:
            payload = pickle.dumps({name: dict(backend) for name, backend in _backends().items()})
            break
        except RuntimeError:  # a dict changed size while pickled: take it again
            time.sleep(0.01 * (attempt + 1))
    else:
        raise RuntimeError("the AWS state kept changing while it was saved")
    with tempfile.NamedTemporaryFile(dir=data_dir, delete=False, prefix=".snapshot-") as tmp:
        tmp.write(payload)
    os.chmod(tmp.name, 0o600)
    os.replace(tmp.name, data_dir / SNAPSHOT_FILE)


def restore(data_dir: Path) -> bool:
    path = data_dir / SNAPSHOT_FILE
    if not path.exists():
        return False
    snapshot = pickle.loads(path.read_bytes())  # noqa: S301 - our own file, in our own 0700 data dir
    backends = _backends()
    for name, accounts in snapshot.items():
        for account_id, regions in accounts.items():
            backends[name][account_id] = regions
    return True
