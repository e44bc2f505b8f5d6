"""The HTTP surface: the route table, the shared resolver setup, and the handler wrapper."""
