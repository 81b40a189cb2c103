"""The recorded numbers of one run, and their JSON and CSV forms.

Immutable (tuples of floats) so that a cached result can be shared by every caller.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tutor.labs.settings import LabSettings

CSV_COLUMNS: tuple[str, ...] = (
    "run",
    "step",
    "layer",
    "layer_grad_norm",
    "loss",
    "global_grad_norm",
    "applied_grad_norm",
)


@dataclass(frozen=True)
class LabResult:
    """Per-step series of a run; layer 1 is the input layer, layer ``depth`` the output layer.

    ``layer_grad_norms[step][layer]`` is the Euclidean norm of that layer's weight and bias
    gradient before clipping. ``applied_grad_norm`` is the global norm after clipping (the one
    the update used). ``relative_weight_change[layer]`` is how far the layer's weights moved over
    the whole run relative to their initial norm. A run whose loss or gradient became non-finite
    stops there: ``diverged_at_step`` names that step and the series end before it.
    """

    settings: LabSettings
    loss: tuple[float, ...]
    layer_grad_norms: tuple[tuple[float, ...], ...]
    global_grad_norm: tuple[float, ...]
    applied_grad_norm: tuple[float, ...]
    relative_weight_change: tuple[float, ...]
    diverged_at_step: int | None = None

    @property
    def steps_run(self) -> int:
        return len(self.loss)

    def first_to_last_ratio(self, step: int = 0) -> float:
        """First layer's gradient norm divided by the last layer's, at ``step``."""
        norms = self.layer_grad_norms[step]
        return norms[0] / norms[-1] if norms[-1] > 0 else math.inf

    def to_dict(self) -> dict[str, Any]:
        return {
            "settings": self.settings.to_dict(),
            "steps_run": self.steps_run,
            "diverged_at_step": self.diverged_at_step,
            "loss": list(self.loss),
            "layer_grad_norms": [list(row) for row in self.layer_grad_norms],
            "global_grad_norm": list(self.global_grad_norm),
            "applied_grad_norm": list(self.applied_grad_norm),
            # A diverged run can leave overflowed weights behind; JSON has no infinity.
            "relative_weight_change": [
                value if math.isfinite(value) else None for value in self.relative_weight_change
            ],
        }

    def to_json(self) -> str:
        # allow_nan=False: the series are finite by construction, and strict JSON is required.
        return json.dumps(self.to_dict(), allow_nan=False)

    def csv_rows(self, run: str = "") -> list[tuple[Any, ...]]:
        """One row per (step, layer), loss and global norms repeated: tidy long format."""
        return [
            (
                run,
                step,
                layer + 1,
                norm,
                self.loss[step],
                self.global_grad_norm[step],
                self.applied_grad_norm[step],
            )
            for step, row in enumerate(self.layer_grad_norms)
            for layer, norm in enumerate(row)
        ]

    def to_csv(self, run: str = "") -> str:
        return results_to_csv({run: self})


def results_to_csv(runs: Mapping[str, LabResult]) -> str:
    """Several labelled runs in one CSV table (runs may differ in depth)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for label, result in runs.items():
        writer.writerows(result.csv_rows(label))
    return out.getvalue()
