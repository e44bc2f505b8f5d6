"""Key material made by the tests, never checked in."""

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519


def openssh_private_key() -> bytes:
    key = ed25519.Ed25519PrivateKey.generate()
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
    )


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def secret_fragments(private_key: bytes) -> list[str]:
    """Strings that would betray the key if found anywhere: its base64 form and its body lines."""
    body_lines = [line for line in private_key.decode().splitlines() if line and not line.startswith("-----")]
    return [b64(private_key), *body_lines]
