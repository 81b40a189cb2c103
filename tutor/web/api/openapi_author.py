"""The OpenAPI description of the educators' API under /api/author."""

from __future__ import annotations

from typing import Any

from tutor.web.api.openapi_parts import ERROR, json_ok, topic_id_param


def _body(schema_ref: str) -> dict[str, Any]:
    return {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}},
    }


def _template_id_param() -> dict[str, Any]:
    return {"name": "template_id", "in": "path", "required": True, "schema": {"type": "string"}}


_EDUCATOR: list[dict[str, list[str]]] = [{"bearer": []}, {"cookie": []}]
_REFUSED = {
    **json_ok(
        "Refused", "Refused: the content would not validate or self-tests failed; nothing saved"
    )
}
_STALE = {**json_ok("Refused", "Someone saved the topic since base_revision; nothing saved")}
_WRITE_ERRORS = {
    "400": ERROR,
    "401": ERROR,
    "403": ERROR,
    "404": ERROR,
    "413": ERROR,
    "415": ERROR,
    "409": _STALE,
    "422": _REFUSED,
}
_READ_ERRORS = {"401": ERROR, "403": ERROR, "404": ERROR}
_THRESHOLD = {
    "name": "threshold",
    "in": "query",
    "schema": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.5},
    "description": "flag templates whose first-attempt pass rate is below this",
}


def _author(
    summary: str,
    method: str,
    body: str | None = None,
    ok: str = "Saved",
    params: list[dict[str, Any]] | None = None,
    status: str = "200",
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary + " (educators and admins)",
        "security": _EDUCATOR,
        "parameters": params or [],
    }
    if body:
        operation["requestBody"] = _body(body)
        operation["responses"] = {status: json_ok(ok), **_WRITE_ERRORS}
    else:
        operation["responses"] = {status: json_ok(ok), **_READ_ERRORS}
    return {method: operation}


_T = [topic_id_param()]
_TT = [topic_id_param(), _template_id_param()]
AUTHOR_PATHS: dict[str, Any] = {
    "/api/author/topics": {
        **_author("Every live topic with its revision and templates", "get", ok="AuthorTopicList"),
        **_author(
            "Create a topic from its file text, or from id, title and level",
            "post",
            "NewTopic",
            "SaveResult",
            status="201",
        ),
    },
    "/api/author/topics/{topic_id}": {
        **_author("The topic's file text at its live revision", "get", ok="TopicSource", params=_T),
        **_author(
            "Replace the topic's file text (front matter and sections)",
            "put",
            "SourceEdit",
            "SaveResult",
            params=_T,
        ),
    },
    "/api/author/topics/{topic_id}/prerequisites": _author(
        "Replace the prerequisites; a change that closes a cycle is refused, naming it",
        "put",
        "PrerequisitesEdit",
        "SaveResult",
        params=_T,
    ),
    "/api/author/topics/{topic_id}/templates": _author(
        "Add a question template (YAML); its self-tests run before it is saved",
        "post",
        "SourceEdit",
        "SaveResult",
        params=_T,
        status="201",
    ),
    "/api/author/topics/{topic_id}/templates/{template_id}": {
        **_author(
            "One template's YAML as written in the topic file",
            "get",
            ok="TemplateSource",
            params=_TT,
        ),
        **_author(
            "Replace a template (YAML); its self-tests run before it is saved",
            "put",
            "SourceEdit",
            "SaveResult",
            params=_TT,
        ),
    },
    "/api/author/topics/{topic_id}/revisions": _author(
        "The topic's revisions, newest first", "get", ok="RevisionList", params=_T
    ),
    "/api/author/topics/{topic_id}/revisions/{revision}": _author(
        "The file text of one revision",
        "get",
        ok="TopicSource",
        params=[
            topic_id_param(),
            {"name": "revision", "in": "path", "required": True, "schema": {"type": "integer"}},
        ],
    ),
    "/api/author/topics/{topic_id}/diff": _author(
        "A unified diff between two revisions",
        "get",
        ok="Diff",
        params=[
            topic_id_param(),
            {"name": "from", "in": "query", "required": True, "schema": {"type": "integer"}},
            {"name": "to", "in": "query", "required": True, "schema": {"type": "integer"}},
        ],
    ),
    "/api/author/topics/{topic_id}/revert": _author(
        "A new revision equal to an old one", "post", "RevertRequest", "SaveResult", params=_T
    ),
    "/api/author/preview/topic": _author(
        "Render topic file text as learners would see it (nothing is saved)",
        "post",
        "PreviewRequest",
        "TopicPreview",
    ),
    "/api/author/preview/template": _author(
        "Draw variants of a template being written, with their answers (nothing is saved)",
        "post",
        "TemplatePreviewRequest",
        "TemplatePreview",
    ),
    "/api/author/topics/{topic_id}/analytics": _author(
        "Attempts, learners, pass rates, times, notes and wrong answers of a topic "
        "and its templates",
        "get",
        ok="TopicAnalytics",
        params=[topic_id_param(), _THRESHOLD],
    ),
    "/api/author/topics/{topic_id}/templates/{template_id}/analytics": _author(
        "A template's figures, with the pass rate per parameter value",
        "get",
        ok="TemplateAnalytics",
        params=[*_TT, _THRESHOLD],
    ),
    "/api/author/topics/{topic_id}/templates/{template_id}/responses": _author(
        "The newest responses given to a template",
        "get",
        ok="ResponseList",
        params=[
            *_TT,
            {
                "name": "limit",
                "in": "query",
                "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 200},
            },
        ],
    ),
}

_STR = {"type": "string"}
_INT = {"type": "integer"}
_NUM_OR_NULL = {"type": ["number", "null"]}
_COUNTS = {
    "type": "array",
    "items": {"type": "object", "properties": {"note": _STR, "response": _STR, "count": _INT}},
}
_STATS = {
    "submissions": _INT,
    "learners": _INT,
    "first_attempts": _INT,
    "first_attempt_pass_rate": _NUM_OR_NULL,
    "median_ms": _NUM_OR_NULL,
    "notes": _COUNTS,
    "wrong_answers": _COUNTS,
}
_TEMPLATE_STATS = {
    "type": "object",
    "properties": {
        "topic_id": _STR,
        "template_id": _STR,
        "flagged": {"type": "boolean"},
        **_STATS,
        "parameters": {
            "type": "object",
            "description": "per parameter name, its values' figures",
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "value": _STR,
                        "submissions": _INT,
                        "passed": _INT,
                        "pass_rate": {"type": "number"},
                    },
                },
            },
        },
    },
}
AUTHOR_SCHEMAS: dict[str, Any] = {
    "Refused": {
        "type": "object",
        "required": ["error", "status", "problems"],
        "properties": {"error": _STR, "status": _INT, "problems": {"type": "array", "items": _STR}},
    },
    "SourceEdit": {
        "type": "object",
        "required": ["source"],
        "properties": {
            "source": {"type": "string", "maxLength": 200000},
            "message": {"type": "string", "maxLength": 500},
            "base_revision": {
                "type": "integer",
                "description": "the revision the edit started from",
            },
        },
    },
    "NewTopic": {
        "type": "object",
        "properties": {"source": _STR, "id": _STR, "title": _STR, "level": _STR, "message": _STR},
        "description": "either 'source' (the whole file text) or 'id', 'title' and 'level'",
    },
    "PrerequisitesEdit": {
        "type": "object",
        "required": ["prerequisites"],
        "properties": {
            "prerequisites": {
                "type": "array",
                "items": {
                    "oneOf": [
                        _STR,
                        {
                            "type": "object",
                            "required": ["id"],
                            "properties": {
                                "id": _STR,
                                "weight": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                            },
                        },
                    ]
                },
            },
            "message": _STR,
            "base_revision": _INT,
        },
    },
    "RevertRequest": {
        "type": "object",
        "required": ["revision"],
        "properties": {"revision": _INT, "message": _STR},
    },
    "SaveResult": {
        "type": "object",
        "required": ["topic_id", "revision", "changed", "content_version"],
        "properties": {
            "topic_id": _STR,
            "revision": _INT,
            "changed": {"type": "boolean"},
            "content_version": _INT,
            "self_tests": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "template_id": _STR,
                        "seeds": _INT,
                        "passed": {"type": "boolean"},
                        "failures": {"type": "array", "items": _STR},
                    },
                },
            },
        },
    },
    "AuthorTopicList": {
        "type": "object",
        "properties": {
            "topics": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": _STR,
                        "title": _STR,
                        "level": _STR,
                        "revision": _INT,
                        "templates": {"type": "array", "items": _STR},
                    },
                },
            }
        },
    },
    "TopicSource": {
        "type": "object",
        "properties": {
            "topic_id": _STR,
            "revision": _INT,
            "source": _STR,
            "templates": {"type": "array", "items": _STR},
        },
    },
    "TemplateSource": {
        "type": "object",
        "properties": {"topic_id": _STR, "template_id": _STR, "revision": _INT, "source": _STR},
    },
    "RevisionList": {
        "type": "object",
        "properties": {
            "topic_id": _STR,
            "revisions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "revision": _INT,
                        "author": {"type": ["string", "null"]},
                        "message": {"type": ["string", "null"]},
                        "created_at": _STR,
                    },
                },
            },
        },
    },
    "Diff": {
        "type": "object",
        "properties": {"topic_id": _STR, "old": _INT, "new": _INT, "diff": _STR},
    },
    "PreviewRequest": {"type": "object", "required": ["source"], "properties": {"source": _STR}},
    "TopicPreview": {
        "type": "object",
        "properties": {"html": _STR, "problems": {"type": "array", "items": _STR}},
    },
    "TemplatePreviewRequest": {
        "type": "object",
        "required": ["source"],
        "properties": {
            "source": _STR,
            "topic_id": _STR,
            "first_seed": {"type": "integer", "minimum": 0},
            "count": {"type": "integer", "minimum": 1, "maximum": 12, "default": 3},
        },
    },
    "TemplatePreview": {
        "type": "object",
        "properties": {
            "html": _STR,
            "problems": {"type": "array", "items": _STR},
            "variants": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "seed": _INT,
                        "prompt": _STR,
                        "values": {"type": "object"},
                        "hints": {"type": "array", "items": _STR},
                        "solution": _STR,
                        "parts": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "label": _STR,
                                    "prompt": _STR,
                                    "answer": _STR,
                                    "answer_tex": _STR,
                                    "test": _STR,
                                    "choices": {"type": "array", "items": _STR},
                                },
                            },
                        },
                    },
                },
            },
        },
    },
    "TopicAnalytics": {
        "type": "object",
        "properties": {
            "topic_id": _STR,
            "threshold": {"type": "number"},
            **_STATS,
            "templates": {"type": "array", "items": _TEMPLATE_STATS},
        },
    },
    "TemplateAnalytics": _TEMPLATE_STATS,
    "ResponseList": {
        "type": "object",
        "properties": {
            "topic_id": _STR,
            "template_id": _STR,
            "responses": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": _INT,
                        "learner_id": _INT,
                        "revision": _INT,
                        "seed": _INT,
                        "part": _INT,
                        "response": _STR,
                        "correct": {"type": "boolean"},
                        "note": _STR,
                        "duration_ms": {"type": ["integer", "null"]},
                        "created_at": _STR,
                    },
                },
            },
        },
    },
}
