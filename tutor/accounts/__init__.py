"""Users, sign-ins, API tokens and anonymous learners."""
