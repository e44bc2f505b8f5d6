"""Job schedules: expressions, EventBridge Scheduler, and the local stack's stand-in for it."""
