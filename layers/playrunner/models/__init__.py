"""Pydantic models: the contract at every boundary."""
