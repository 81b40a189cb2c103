"""Question templates: validated specs, seeded variants, grading and self-tests."""

from tutor.questions.grading import Grade, grade
from tutor.questions.selftest import SelfTestFailure, self_test_template, self_test_topic
from tutor.questions.spec import TemplateError
from tutor.questions.variant import CompiledTemplate, Mistake, Variant

__all__ = [
    "CompiledTemplate",
    "Grade",
    "Mistake",
    "SelfTestFailure",
    "TemplateError",
    "Variant",
    "grade",
    "self_test_template",
    "self_test_topic",
]
