"""Knowledge tracing on response logs: per-skill BKT, Elo, and our combined model, with evaluation.

Everything here works on numpy arrays of a whole log at once (one row per response), so that a
log of a million responses is fitted and scored in seconds; nothing here touches the database.
"""

from tutor.engine.tracing.log import LogError, ResponseLog, read_csv

__all__ = ["LogError", "ResponseLog", "read_csv"]
