"""The learner model: database schema, content store, mastery and the use cases on them."""
