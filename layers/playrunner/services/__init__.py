"""The core's use cases: each service takes its adapters in its constructor."""
