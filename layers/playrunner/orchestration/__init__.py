"""Step Functions and ECS: the state machine definition and the adapters that drive runs."""
