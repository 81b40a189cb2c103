"""Results serialize to strict JSON and to a tidy CSV table."""

from __future__ import annotations

import csv
import io
import json

from tutor.labs import LabSettings, results_to_csv, run_lab
from tutor.labs.result import CSV_COLUMNS


def small(**overrides):
    return run_lab(LabSettings(**{"depth": 4, "width": 8, "steps": 3, **overrides}))


def test_json_holds_settings_and_every_series():
    result = small()
    data = json.loads(result.to_json())
    assert data["settings"] == result.settings.to_dict()
    assert data["steps_run"] == 3 and data["diverged_at_step"] is None
    assert len(data["loss"]) == 3
    assert [len(row) for row in data["layer_grad_norms"]] == [4, 4, 4]
    assert data["layer_grad_norms"][0] == list(result.layer_grad_norms[0])
    assert len(data["relative_weight_change"]) == 4


def test_csv_has_one_row_per_step_and_layer():
    result = small()
    rows = list(csv.DictReader(io.StringIO(result.to_csv("a"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 3 * 4
    assert rows[5]["step"] == "1" and rows[5]["layer"] == "2" and rows[5]["run"] == "a"
    assert float(rows[5]["layer_grad_norm"]) == result.layer_grad_norms[1][1]
    assert float(rows[5]["loss"]) == result.loss[1]


def test_runs_of_different_depths_share_one_table():
    text = results_to_csv({"sigmoid": small(), "relu": small(activation="relu", depth=6)})
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3 * 4 + 3 * 6
    assert {row["run"] for row in rows} == {"sigmoid", "relu"}


def test_diverged_run_serializes_overflowed_weights_as_null():
    result = run_lab(
        LabSettings(
            depth=20, width=32, activation="relu", init="normal", learning_rate=10.0, steps=5
        )
    )
    assert result.diverged_at_step is not None
    data = json.loads(result.to_json())
    assert all(v is None or v >= 0 for v in data["relative_weight_change"])
