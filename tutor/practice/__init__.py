"""A learner practising: submit an answer (read, grade, then write), goals, planning."""
