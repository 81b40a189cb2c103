"""Numpy experiments shown on topic pages: gradient flow through deep networks.

Pure computation (numpy only, no I/O): ``run_lab(LabSettings(...))`` trains a small network
and returns a ``LabResult`` with per-step loss and per-layer gradient norms.
"""

from tutor.labs.result import LabResult, results_to_csv
from tutor.labs.settings import LabSettings
from tutor.labs.training import run_lab, train

__all__ = ["LabResult", "LabSettings", "results_to_csv", "run_lab", "train"]
