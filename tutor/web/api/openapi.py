"""The OpenAPI 3.1 description of /api. A test checks that it names every API route."""

from __future__ import annotations

from typing import Any

from tutor.checking.limits import MAX_ANSWER_CHARS
from tutor.practice.submit import MAX_DURATION_MS
from tutor.web.api.openapi_author import AUTHOR_PATHS, AUTHOR_SCHEMAS
from tutor.web.api.openapi_parts import ERROR, error, json_ok, topic_id_param

SCOPES = ("read", "answer", "author", "admin")  # tutor.store.models.TOKEN_SCOPES
_ID = {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}
# Who may call: a bearer token or a signed-in session; {} (anonymous) where anyone may.
_SIGNED_IN: list[dict[str, list[str]]] = [{"bearer": []}, {"cookie": []}]
_ANYONE: list[dict[str, list[str]]] = [{}, *_SIGNED_IN]
# Errors every operation can answer, whatever its own: the checks /api applies to all requests.
COMMON_ERRORS = {
    "400": error("The body is not valid JSON, or a field is missing or of the wrong type"),
    "401": error("The API token is unknown or revoked, or this operation needs one"),
    "403": error("Not allowed for this role, or a cookie-authenticated write from another site"),
    "413": error("The body or an answer is too large"),
    "415": error("A body was sent that is not application/json"),
}
WRITE_ERRORS = {
    "429": error("Too many requests of this kind from this account or address; see Retry-After")
}
_DURATION = {
    "type": "integer",
    "minimum": 0,
    "maximum": 2147483647,
    "description": "optional; milliseconds from the question shown to the answer sent "
    f"(counted as at most {MAX_DURATION_MS})",
}
# What answering a diagnostic's question can come to: the diagnostic, or why not.
_DIAGNOSTIC_ANSWERED = {
    "200": json_ok("Diagnostic"),
    **dict.fromkeys(("400", "404", "409", "413", "415", "422"), ERROR),
}
_INSTANCE = {
    "type": "string",
    "minLength": 1,
    "maxLength": 1000,
    "description": "the 'instance' token that came with the question; the answer is graded against "
    "the variant it names, for the learner it was shown to",
}


def _int_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def _answer_body() -> dict[str, Any]:
    return {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/DiagnosticAnswer"}}
        },
    }


SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error", "status"],
        "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
    },
    "TopicSummary": {
        "type": "object",
        "required": ["id", "title", "level", "tags"],
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "level": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
    },
    "TopicList": {
        "type": "object",
        "required": ["topics"],
        "properties": {
            "topics": {"type": "array", "items": {"$ref": "#/components/schemas/TopicSummary"}}
        },
    },
    "Topic": {
        "allOf": [
            {"$ref": "#/components/schemas/TopicSummary"},
            {
                "type": "object",
                "required": [
                    "core_idea",
                    "how_best_learned",
                    "explainer",
                    "prerequisites",
                    "leads_to",
                    "templates",
                    "revision",
                    "depth",
                    "longest_chain",
                    "longest_path_steps",
                    "prerequisite_count",
                    "downstream_count",
                ],
                "properties": {
                    "core_idea": {"type": "string"},
                    "how_best_learned": {"type": "string"},
                    "explainer": {"type": "string"},
                    "prerequisites": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["id", "title", "weight"],
                            "properties": {
                                "id": {"type": "string"},
                                "title": {"type": "string"},
                                "weight": {"type": "number"},
                            },
                        },
                    },
                    "leads_to": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["id", "title"],
                            "properties": {"id": {"type": "string"}, "title": {"type": "string"}},
                        },
                    },
                    "templates": {"type": "array", "items": {"type": "string"}},
                    "revision": {"type": "integer"},
                    "depth": {"type": "integer"},
                    "longest_chain": {"type": "array", "items": {"type": "string"}},
                    "longest_path_steps": {"type": "integer"},
                    "prerequisite_count": {"type": "integer"},
                    "downstream_count": {"type": "integer"},
                },
            },
        ]
    },
    "Neighbourhood": {
        "type": "object",
        "required": ["topic_id", "depth", "nodes", "edges"],
        "properties": {
            "topic_id": {"type": "string"},
            "depth": {"type": "integer"},
            "nodes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "level": {"type": "string"},
                        "relation": {
                            "type": "string",
                            "enum": ["self", "prerequisite", "leads-to"],
                        },
                        "distance": {"type": "integer", "description": "edges away from the topic"},
                    },
                },
            },
            "edges": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "source": {"type": "string", "description": "the prerequisite"},
                        "target": {"type": "string", "description": "the topic that needs it"},
                    },
                },
            },
        },
    },
    "Question": {
        "type": "object",
        "required": [
            "topic_id",
            "template_id",
            "revision",
            "seed",
            "prompt",
            "hints",
            "choices",
            "variables",
            "parts",
            "instance",
        ],
        "properties": {
            "topic_id": {"type": "string"},
            "template_id": {"type": "string"},
            "revision": {"type": "integer"},
            "instance": {
                "type": ["string", "null"],
                "description": "send it back with the answer; null when the "
                "client chose the seed (such a variant is shown, not graded)",
            },
            "seed": {"type": "integer"},
            "prompt": {"type": "string"},
            "hints": {"type": "array", "items": {"type": "string"}},
            "choices": {"type": "array", "items": {"type": "string"}},
            "variables": {"type": "array", "items": {"type": "string"}},
            "parts": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["label", "prompt", "choices"],
                    "properties": {
                        "label": {"type": "string"},
                        "prompt": {"type": "string"},
                        "choices": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
        },
    },
    "AnswerRequest": {
        "type": "object",
        "required": ["instance"],
        "properties": {
            "instance": _INSTANCE,
            "topic_id": {"type": "string", "description": "optional; must match the instance"},
            "template_id": {"type": "string", "description": "optional; must match the instance"},
            "seed": {
                "type": "integer",
                "minimum": 0,
                "maximum": 2147483647,
                "description": "optional; must match the instance",
            },
            "response": {
                "type": "string",
                "maxLength": MAX_ANSWER_CHARS,
                "description": "the answer of a one-part question",
            },
            "responses": {
                "type": "array",
                "items": {"type": "string", "maxLength": MAX_ANSWER_CHARS},
                "description": "one answer per part of a multi-part question",
            },
            "idempotency_key": {"type": "string", "minLength": 1, "maxLength": 100},
            "duration_ms": _DURATION,
        },
    },
    "Verdict": {
        "type": "object",
        "required": ["valid", "correct", "score", "feedback", "note", "response_tex"],
        "properties": {
            "valid": {"type": "boolean"},
            "correct": {"type": "boolean"},
            "score": {"type": "number", "minimum": 0, "maximum": 1},
            "feedback": {"type": "string"},
            "note": {"type": "string"},
            "response_tex": {"type": ["string", "null"]},
            "prerequisite": {"type": "string"},
            "solution": {"type": "string"},
            "answer": {"type": "string"},
        },
    },
    "AnswerResult": {
        "type": "object",
        "required": ["verdict", "parts", "recorded"],
        "properties": {
            "verdict": {"$ref": "#/components/schemas/Verdict"},
            "recorded": {"type": "boolean"},
            "parts": {"type": "array", "items": {"$ref": "#/components/schemas/Verdict"}},
            "attempt_id": {"type": "integer"},
            "duplicate": {"type": "boolean"},
            "p_known": {"type": "number"},
        },
    },
    "AnswerPreviewRequest": {
        "type": "object",
        "required": ["response"],
        "properties": {
            "response": {"type": "string", "maxLength": MAX_ANSWER_CHARS},
            "variables": {
                "type": "array",
                "maxItems": 20,
                "description": "names the answer may use",
                "items": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_]{0,19}$"},
            },
            "question": {
                "type": "object",
                "required": ["topic_id", "template_id", "seed"],
                "description": "the question, so that the answer is read exactly as its check "
                "will read it (its variables, the kind of answer and the test), without grading",
                "properties": {
                    "topic_id": {"type": "string"},
                    "template_id": {"type": "string"},
                    "seed": {"type": "integer", "minimum": 0, "maximum": 2147483647},
                    "part": {
                        "type": "integer",
                        "minimum": 0,
                        "maximum": 25,
                        "description": "which part of a multi-part question (default 0)",
                    },
                },
            },
        },
    },
    "AnswerPreview": {
        "type": "object",
        "required": ["valid", "tex", "message"],
        "properties": {
            "valid": {"type": "boolean"},
            "tex": {"type": ["string", "null"], "description": "how it was read"},
            "message": {"type": "string", "description": "what to fix; empty when valid"},
        },
    },
    "Deleted": {
        "type": "object",
        "required": ["deleted"],
        "properties": {"deleted": {"type": "string"}},
    },
    "Revoked": {
        "type": "object",
        "required": ["revoked"],
        "properties": {"revoked": {"type": "integer"}},
    },
    "Token": {
        "type": "object",
        "required": ["id", "name", "prefix", "scopes", "created_at", "expires_at"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "prefix": {"type": "string"},
            "scopes": {"type": "array", "items": {"type": "string", "enum": list(SCOPES)}},
            "created_at": {"type": "string", "format": "date-time"},
            "expires_at": {"type": ["string", "null"], "format": "date-time"},
        },
    },
    "TokenList": {
        "type": "object",
        "required": ["tokens"],
        "properties": {
            "tokens": {"type": "array", "items": {"$ref": "#/components/schemas/Token"}}
        },
    },
    "NewToken": {
        "type": "object",
        "required": ["id", "name", "scopes", "token"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "scopes": {"type": "array", "items": {"type": "string", "enum": list(SCOPES)}},
            "expires_at": {"type": ["string", "null"]},
            "prefix": {"type": "string"},
            "created_at": {"type": "string"},
            "token": {"type": "string", "description": "the secret, shown this once"},
        },
    },
    "UserList": {
        "type": "object",
        "required": ["users"],
        "properties": {"users": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}},
    },
    "GoalRequest": {
        "type": "object",
        "required": ["topic_id"],
        "properties": {"topic_id": {"type": "string"}},
    },
    "Goal": {
        "allOf": [
            {"$ref": "#/components/schemas/TopicSummary"},
            {
                "type": "object",
                "required": ["topics_needed", "topics_mastered", "estimate"],
                "properties": {
                    "topics_needed": {"type": "integer"},
                    "topics_mastered": {"type": "integer"},
                    "estimate": {
                        "type": "object",
                        "description": "the work left, from each open topic's estimate",
                        "properties": {
                            "remaining_topics": {"type": "integer"},
                            "questions": {"type": "integer"},
                            "minutes": {"type": "integer"},
                            "summary": {"type": "string"},
                        },
                    },
                },
            },
        ]
    },
    "Task": {
        "type": "object",
        "required": ["kind", "topic_id", "reason"],
        "properties": {
            "kind": {"type": "string", "enum": ["remediation", "review", "learn"]},
            "topic_id": {"type": "string"},
            "title": {"type": "string"},
            "reason": {
                "type": "string",
                "description": "why, in words: 'unlocks 3 topics toward your goal'",
            },
            "unlocks": {"type": "integer"},
            "reviews_covered": {"type": "integer"},
        },
    },
    "NextTask": {
        "type": "object",
        "required": ["next", "tasks"],
        "properties": {
            "goal": {"type": ["string", "null"]},
            "next": {"oneOf": [{"$ref": "#/components/schemas/Task"}, {"type": "null"}]},
            "tasks": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}},
        },
    },
    "Diagnostic": {
        "type": "object",
        "required": ["id", "kind", "status", "question"],
        "properties": {
            "id": {"type": "integer"},
            "kind": {"type": "string", "enum": ["claim", "placement"]},
            "topic": {
                "oneOf": [{"$ref": "#/components/schemas/TopicSummary"}, {"type": "null"}],
                "description": "null for a placement over the whole graph",
            },
            "status": {
                "type": "string",
                "enum": ["active", "passed", "failed", "unchecked", "finished"],
            },
            "question": {
                "oneOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "properties": {
                            "topic_id": {"type": "string"},
                            "title": {"type": "string"},
                            "template_id": {"type": "string"},
                            "instance": {
                                "type": "string",
                                "description": "send it back with the answer to this question",
                            },
                            "seed": {"type": "integer"},
                            "prompt": {"type": "string"},
                            "choices": {"type": "array", "items": {"type": "string"}},
                            "parts": {"type": "array", "items": {"type": "object"}},
                        },
                    },
                ]
            },
            "correct": {
                "type": "boolean",
                "description": "in answers: whether this answer was right",
            },
            "marked": {"type": "array", "items": {"type": "string"}},
            "answers": {"type": "array", "items": {"type": "boolean"}},
            "questions_asked": {"type": "integer"},
            "topics": {"type": "integer"},
            "result": {
                "type": "object",
                "properties": {
                    "questions_asked": {"type": "integer"},
                    "topics": {"type": "integer"},
                    "placed_known": {"type": "array", "items": {"type": "string"}},
                    "placed_unknown": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
    "DiagnosticAnswer": {
        "type": "object",
        "required": ["instance"],
        "properties": {
            "instance": _INSTANCE,
            "response": {"type": "string", "maxLength": MAX_ANSWER_CHARS},
            "responses": {
                "type": "array",
                "items": {"type": "string", "maxLength": MAX_ANSWER_CHARS},
            },
            "duration_ms": _DURATION,
        },
    },
    "GoalList": {
        "type": "object",
        "required": ["goals"],
        "properties": {"goals": {"type": "array", "items": {"$ref": "#/components/schemas/Goal"}}},
    },
    "User": {
        "type": "object",
        "required": ["id", "email", "role"],
        "properties": {
            "id": {"type": "integer"},
            "email": {"type": "string"},
            "role": {"type": "string", "enum": ["learner", "educator", "admin"]},
        },
    },
    "TokenRequest": {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 100},
            "scopes": {
                "type": "array",
                "minItems": 1,
                "maxItems": 4,
                "default": ["read"],
                "items": {"type": "string", "enum": list(SCOPES)},
                "description": "what the token may do; author needs the educator or admin role, "
                "admin the admin role",
            },
            "expires_in_days": {
                "type": "integer",
                "minimum": 1,
                "maximum": 3650,
                "description": "the token stops working after this many days; default never",
            },
        },
    },
    "RoleRequest": {
        "type": "object",
        "required": ["role"],
        "properties": {"role": {"type": "string", "enum": ["learner", "educator", "admin"]}},
    },
    "Mastery": {
        "type": "object",
        "required": ["mastery"],
        "properties": {
            "mastery": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": [
                        "topic_id",
                        "p_known",
                        "attempts",
                        "correct",
                        "claimed_known",
                        "mastered",
                    ],
                    "properties": {
                        "topic_id": {"type": "string"},
                        "p_known": {"type": "number"},
                        "attempts": {"type": "integer"},
                        "correct": {"type": "integer"},
                        "claimed_known": {"type": "boolean"},
                        "uncertainty": {
                            "type": "number",
                            "description": "standard deviation of the estimate",
                        },
                        "evidence": {"type": "number"},
                        "claim_pending": {"type": "boolean"},
                        "remediation": {"type": "boolean"},
                        "review_due_at": {"type": ["string", "null"]},
                        "mastered": {"type": "boolean"},
                    },
                },
            }
        },
    },
}

PATHS: dict[str, Any] = {
    "/api/openapi.json": {
        "get": {
            "summary": "This description",
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {
                        "application/json": {
                            "schema": {"type": "object", "required": ["openapi", "info", "paths"]}
                        }
                    },
                }
            },
        }
    },
    "/api/topics": {
        "get": {
            "summary": "All topics, prerequisites first",
            "responses": {"200": json_ok("TopicList")},
        }
    },
    "/api/topics/{topic_id}": {
        "get": {
            "summary": "A topic with its graph figures",
            "parameters": [topic_id_param()],
            "responses": {"200": json_ok("Topic"), "404": ERROR},
        }
    },
    "/api/topics/{topic_id}/graph": {
        "get": {
            "summary": "The topic's neighbourhood in the knowledge graph, depth levels up and down",
            "parameters": [
                topic_id_param(),
                {
                    "name": "depth",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 0, "maximum": 6, "default": 2},
                },
            ],
            "responses": {"200": json_ok("Neighbourhood"), "400": ERROR, "404": ERROR},
        }
    },
    "/api/topics/{topic_id}/question": {
        "get": {
            "summary": "A question variant for the topic "
            "(the learner's current one unless a seed is given)",
            "parameters": [
                topic_id_param(),
                {"name": "template", "in": "query", "schema": {"type": "string"}},
                {
                    "name": "seed",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 0, "maximum": 2147483647},
                    "description": "show this variant "
                    "(for reference: it has no instance, so it cannot be answered)",
                },
            ],
            "responses": {"200": json_ok("Question"), "400": ERROR, "404": ERROR},
        }
    },
    "/api/topics/{topic_id}/known": {
        "post": {
            "summary": '"I know this": weak credit for the topic and its prerequisites, '
            "pending a short check",
            "parameters": [topic_id_param()],
            "responses": {
                "201": {
                    "description": "Credited; answer the check to confirm",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["marked", "check"],
                                "properties": {
                                    "marked": {"type": "array", "items": {"type": "string"}},
                                    "check": {"$ref": "#/components/schemas/Diagnostic"},
                                },
                            }
                        }
                    },
                },
                "404": ERROR,
            },
        }
    },
    "/api/next": {
        "get": {
            "summary": "The next task (a remediation, a due review or a frontier topic), ranked, "
            "with the reason in words",
            "responses": {"200": json_ok("NextTask")},
        }
    },
    "/api/checks/{check_id}": {
        "get": {
            "summary": 'An "I know this" check',
            "parameters": [_int_param("check_id")],
            "responses": {"200": json_ok("Diagnostic"), "404": ERROR},
        }
    },
    "/api/checks/{check_id}/answer": {
        "post": {
            "summary": "Answer the check's question: right confirms the claim, "
            "two wrong undo its credit",
            "parameters": [_int_param("check_id")],
            "requestBody": _answer_body(),
            "responses": _DIAGNOSTIC_ANSWERED,
        }
    },
    "/api/placement": {
        "post": {
            "summary": "Start a placement over a goal's prerequisites "
            '(topic_id "*": over every topic)',
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/GoalRequest"}}
                },
            },
            "responses": {"201": json_ok("Diagnostic", "Started"), "400": ERROR, "404": ERROR},
        }
    },
    "/api/placement/{placement_id}": {
        "get": {
            "summary": "A placement: its current question, or its result when finished",
            "parameters": [_int_param("placement_id")],
            "responses": {"200": json_ok("Diagnostic"), "404": ERROR},
        }
    },
    "/api/placement/{placement_id}/answer": {
        "post": {
            "summary": "Answer the placement's question; "
            "the next one is chosen by expected information gain",
            "parameters": [_int_param("placement_id")],
            "requestBody": _answer_body(),
            "responses": _DIAGNOSTIC_ANSWERED,
        }
    },
    "/api/answers": {
        "post": {
            "summary": "Grade and record an answer (idempotent per idempotency_key)",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/AnswerRequest"}}
                },
            },
            "responses": {
                "201": json_ok("AnswerResult", "Recorded"),
                "200": json_ok(
                    "AnswerResult", "Already recorded (a retry with the same idempotency_key)"
                ),
                "422": json_ok("AnswerResult", "The response could not be read; nothing recorded"),
                "404": ERROR,
                "409": error(
                    "This learner answered the variant already (each counts once), or its "
                    "template changed since it was shown"
                ),
                "429": error("Too many answers from this account or address; see Retry-After"),
            },
        }
    },
    "/api/preview": {
        "post": {
            "summary": "Validate an answer as it is typed: how it was read, or what to fix "
            "(records nothing)",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/AnswerPreviewRequest"}
                    }
                },
            },
            "responses": {"200": json_ok("AnswerPreview"), "404": ERROR},
        }
    },
    "/api/goals": {
        "get": {
            "summary": "The learner's goals with progress",
            "responses": {"200": json_ok("GoalList")},
        },
        "post": {
            "summary": "Set a topic as a goal",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/GoalRequest"}}
                },
            },
            "responses": {
                "201": {
                    "description": "Goal set",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["goal"],
                                "properties": {"goal": {"$ref": "#/components/schemas/Goal"}},
                            }
                        }
                    },
                },
                "400": ERROR,
                "404": ERROR,
                "415": ERROR,
            },
        },
    },
    "/api/goals/{topic_id}": {
        "delete": {
            "summary": "Clear a goal",
            "parameters": [topic_id_param()],
            "responses": {"200": json_ok("Deleted", "Cleared"), "404": ERROR},
        }
    },
    "/api/me": {
        "get": {
            "summary": "The signed-in user",
            "security": _SIGNED_IN,
            "responses": {"200": json_ok("User")},
        }
    },
    "/api/tokens": {
        "get": {
            "summary": "Your API tokens (secrets are never shown again)",
            "security": _SIGNED_IN,
            "responses": {"200": json_ok("TokenList")},
        },
        "post": {
            "summary": "Create an API token; the response holds its secret, once",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/TokenRequest"}}
                },
            },
            "security": _SIGNED_IN,
            "responses": {"201": json_ok("NewToken", "Created")},
        },
    },
    "/api/tokens/{token_id}": {
        "delete": {
            "summary": "Revoke one of your tokens",
            "parameters": [{"name": "token_id", "in": "path", "required": True, "schema": _ID}],
            "security": _SIGNED_IN,
            "responses": {"200": json_ok("Revoked"), "404": ERROR},
        }
    },
    "/api/users": {
        "get": {
            "summary": "All accounts (admins only)",
            "security": _SIGNED_IN,
            "responses": {"200": json_ok("UserList")},
        }
    },
    "/api/users/{user_id}/role": {
        "put": {
            "summary": "Change an account's role (admins only)",
            "parameters": [{"name": "user_id", "in": "path", "required": True, "schema": _ID}],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/RoleRequest"}}
                },
            },
            "security": _SIGNED_IN,
            "responses": {"200": json_ok("User"), "404": ERROR},
        }
    },
    "/api/map": {
        "get": {
            "summary": "The learner's knowledge map: every topic's status, the edges, "
            "the path to the goal",
            "parameters": [
                {
                    "name": "goal",
                    "in": "query",
                    "schema": {"type": "string"},
                    "description": "a topic id; default the learner's first goal",
                }
            ],
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["nodes", "edges", "path"],
                                "properties": {
                                    "goal": {"type": ["string", "null"]},
                                    "path": {"type": "array", "items": {"type": "string"}},
                                    "mastered": {"type": "integer"},
                                    "total": {"type": "integer"},
                                    "nodes": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "id": {"type": "string"},
                                                "title": {"type": "string"},
                                                "level": {"type": "string"},
                                                "status": {
                                                    "type": "string",
                                                    "enum": [
                                                        "goal",
                                                        "mastered",
                                                        "path",
                                                        "path-ready",
                                                        "ready",
                                                        "later",
                                                    ],
                                                },
                                            },
                                        },
                                    },
                                    "edges": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "source": {"type": "string"},
                                                "target": {"type": "string"},
                                            },
                                        },
                                    },
                                },
                            }
                        }
                    },
                },
                "404": ERROR,
            },
        }
    },
    "/api/mastery": {
        "get": {
            "summary": "The learner's mastery estimates",
            "responses": {"200": json_ok("Mastery")},
        }
    },
}


def token_scope(path: str, method: str) -> str:
    """The scope a bearer token needs for the operation
    (tutor.web.api.guard applies the same rule)."""
    if path.startswith("/api/author/"):
        return "author"
    if path.startswith(("/api/users", "/api/tokens")):
        return "admin"
    return "read" if method == "get" else "answer"


def _complete(paths: dict[str, Any]) -> dict[str, Any]:
    """Each operation with the errors all /api requests can get, the token scope it needs, and
    anonymous access by default."""
    complete: dict[str, Any] = {}
    for path, item in paths.items():
        complete[path] = {}
        for method, operation in item.items():
            responses = {
                **COMMON_ERRORS,
                **(WRITE_ERRORS if method != "get" else {}),
                **operation["responses"],
            }
            scope = token_scope(path, method)
            security = [
                {"bearer": [scope]} if "bearer" in option else option
                for option in operation.get("security", _ANYONE)
            ]
            parameters = [
                {**p, "schema": _storable(p["schema"])} for p in operation.get("parameters", [])
            ]
            complete[path][method] = {**operation, "security": security, "responses": responses}
            if parameters:
                complete[path][method]["parameters"] = parameters
    return complete


DESCRIPTION = """Topics, questions, answers, goals and mastery of the tutor system.

**Answering.** Every question the server shows comes with an `instance` token: GET
`/api/topics/{topic_id}/question` (or a check's or placement's `question`) and send the token back
with the answer (`POST /api/answers` with `instance` and `response`/`responses`; the answer of a
check or placement likewise). The token names the learner it was shown to, the variant (topic,
template, revision, seed) and where it was shown; a token that is forged, another learner's, or
from another place is a 400/403. Each variant counts for a learner's mastery once: a second
answer to it is a 409 (ask for the next question), except a retry with the same
`idempotency_key`, which returns the first answer (200). A check's or placement's token is for
its current question only: once answered, it is a 409. A question fetched with `?seed=` is shown
for reference and has no instance.

**Tokens.** `Authorization: Bearer <token>` works on /api only (pages take only the session
cookie). A token has scopes: `read` (GET), `answer` (answers, goals, claims, placements),
`author` (/api/author, educators and admins) and `admin` (/api/users and /api/tokens, admins);
each operation's security names the scope it needs. A token may expire (`expires_in_days`).

**Limits.** Writes are rate limited per account and per address (429 with Retry-After)."""


# Text no database can store (NUL, lone surrogates) is a 400 wherever the API reads it; the
# description says so on every string a request sends, so clients and fuzzers know.
STORABLE = "^[^\\u0000\\ud800-\\udfff]*$"
REQUEST_SCHEMAS = (
    "AnswerRequest",
    "AnswerPreviewRequest",
    "DiagnosticAnswer",
    "TokenRequest",
    "RoleRequest",
    "GoalRequest",
    "SourceEdit",
    "NewTopic",
    "PrerequisitesEdit",
    "RevertRequest",
    "PreviewRequest",
    "TemplatePreviewRequest",
)


def _storable(schema: Any) -> Any:
    """A copy of a request schema whose free strings exclude unstorable characters."""
    if isinstance(schema, list):
        return [_storable(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    copy = {key: _storable(value) for key, value in schema.items()}
    if copy.get("type") == "string" and not {"pattern", "enum"} & set(copy):
        copy["pattern"] = STORABLE
    return copy


def openapi_document() -> dict[str, Any]:

    return {
        "openapi": "3.1.0",
        "info": {"title": "tutor API", "version": "0.1.0", "description": DESCRIPTION},
        "paths": _complete({**PATHS, **AUTHOR_PATHS}),
        "components": {
            "schemas": {
                name: _storable(schema) if name in REQUEST_SCHEMAS else schema
                for name, schema in {**SCHEMAS, **AUTHOR_SCHEMAS}.items()
            },
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API token made on the account page or with POST /api/tokens",
                },
                "cookie": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
    }
