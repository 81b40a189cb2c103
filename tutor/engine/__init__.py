"""The adaptive engine, pure: mastery, evidence along edges, reviews, next task, placement belief,
tracing."""
