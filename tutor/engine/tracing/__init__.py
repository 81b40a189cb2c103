"""Knowledge tracing: the live engine the server runs (``live``, ``observe``), its fit from a
response log (``live_fit``), the per-skill BKT and Elo baselines, and the evaluation.

The baselines and the fit's batch parts work on numpy arrays of a whole log at once; the live
engine goes one answer at a time, the server's way, and evaluation replays logs through it.
Nothing here touches the database.
"""

from tutor.engine.tracing.log import LogError, ResponseLog, read_csv, read_log

__all__ = ["LogError", "ResponseLog", "read_csv", "read_log"]
