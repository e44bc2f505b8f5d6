"""Secrets at rest: KMS envelope encryption bound to an encryption context."""
