"""Delivery: the planner fills the outbox, the worker sends what is due, exactly once per row."""
