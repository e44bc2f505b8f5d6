"""Callbacks: the live feed of an execution, delivered to the job's URLs, signed."""
