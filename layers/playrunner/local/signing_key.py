"""The key the local stack's Cognito signs its tokens with: made for one data directory.

moto signs every user pool's tokens with one RSA key shipped inside its package, so anyone
with moto installed could sign a token for any account of any local stack. The local stack
instead makes a key of its own the first time it uses a data directory (kept there, 0600),
has moto sign with it, and verifies tokens against it alone.
"""

import json
import os
from pathlib import Path
from typing import Any

KEY_FILE = "token-signing-key.json"


def load_or_create(data_dir: Path) -> dict[str, Any]:
    """The data directory's private signing key as a JWK, made on first use."""
    from joserfc import jwk

    path = data_dir / KEY_FILE
    if path.exists():
        return dict(json.loads(path.read_text()))
    private = jwk.RSAKey.generate_key(2048).as_dict(private=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(private, handle)
    return dict(private)


def public_part(private: dict[str, Any]) -> dict[str, Any]:
    return {name: private[name] for name in ("kty", "n", "e")}


def sign_tokens_with(private: dict[str, Any]) -> None:
    """Make moto's user pools (new ones, and those restored from a snapshot) sign with PRIVATE."""
    from joserfc import jwk
    from moto.cognitoidp.models import CognitoIdpUserPool

    key = jwk.RSAKey.import_key(private)
    # A data descriptor on the class wins over the key each pool sets on itself in __init__.
    CognitoIdpUserPool.json_web_key = property(lambda _pool: key, lambda _pool, _value: None)  # type: ignore[assignment]
