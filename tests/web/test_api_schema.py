"""Schemathesis against /api/openapi.json, in-process on the WSGI app: bounded, seeded examples;
no 5xx, and no response that contradicts the description (status, media type, schema, auth)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode

from tests.conftest import _clear_learners
from tests.web.conftest import issue_token
from tutor.web import create_app
from tutor.web.api.openapi import PATHS

MAX_EXAMPLES = 12
OPERATIONS = sorted((path, method.upper()) for path, item in PATHS.items() for method in item)


def _can_be_invalid(path: str, method: str) -> bool:
    """Whether negative examples exist: a body, or a parameter that is more than any string."""
    operation = PATHS[path][method.lower()]
    return "requestBody" in operation or any(
        p["schema"] != {"type": "string"} for p in operation.get("parameters", [])
    )


# Random topic ids are almost never real: a third run pins a real one to reach the code past 404.
CASES = (
    [
        pytest.param(path, method, GenerationMode.POSITIVE, False, id=f"{method} {path} positive")
        for path, method in OPERATIONS
    ]
    + [
        pytest.param(path, method, GenerationMode.POSITIVE, True, id=f"{method} {path} real topic")
        for path, method in OPERATIONS
        if "{topic_id}" in path
    ]
    + [
        pytest.param(path, method, GenerationMode.NEGATIVE, False, id=f"{method} {path} negative")
        for path, method in OPERATIONS
        if _can_be_invalid(path, method)
    ]
)


@pytest.fixture
def fuzz_app(settings) -> Iterator[Flask]:
    # The fuzzer sends hundreds of answers from one address: limits are tested on their own.
    app = create_app(replace(settings, ratelimit_enabled=False))
    yield app
    _clear_learners(app.extensions["tutor.engine"])
    app.extensions["tutor.engine"].dispose()


@pytest.mark.parametrize(("path", "method", "mode", "real_topic"), CASES)
def test_the_api_keeps_to_its_description(
    fuzz_app,
    password_hash,
    practice_topic,
    path,
    method,
    mode,
    real_topic,
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", fuzz_app)
    # NUL is a 400 wherever the API reads text (the description's string patterns say so):
    # Schemathesis does not apply those patterns to every string it makes, so keep NUL out.
    schema.config.generation.update(allow_x00=False)
    operation = schema[path][method]
    pinned = {"topic_id": practice_topic} if real_topic else None

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=pinned))
    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def keeps_to_it(case) -> None:
        case.call_and_validate(headers=issue_token(fuzz_app, password_hash, "admin"))

    keeps_to_it()
