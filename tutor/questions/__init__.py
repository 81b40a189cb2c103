"""Question templates: validated specs, seeded variants, grading and self-tests."""

from tutor.questions.grading import Grade, grade, grade_all, grade_part
from tutor.questions.selftest import SelfTestFailure, self_test_template, self_test_topic
from tutor.questions.spec import TemplateError
from tutor.questions.variant import CompiledTemplate, Mistake, Part, Variant

__all__ = [
    "CompiledTemplate",
    "Grade",
    "Mistake",
    "Part",
    "SelfTestFailure",
    "TemplateError",
    "Variant",
    "grade",
    "grade_all",
    "grade_part",
    "self_test_template",
    "self_test_topic",
]
