"""The answer tests by STACK name. Each takes a Case and returns a Verdict."""

from __future__ import annotations

from collections.abc import Callable

from tutor.checking.answer_tests.algebraic import alg_equiv, subst_equiv
from tutor.checking.answer_tests.calculus import antidiff, diff, integral
from tutor.checking.answer_tests.choice import any_of, multiple_choice
from tutor.checking.answer_tests.form import equal_com_ass, expanded, fac_form, lowest_terms
from tutor.checking.answer_tests.numerical import num_absolute, num_relative, num_sig_figs
from tutor.checking.case import Case
from tutor.checking.verdict import Verdict

TESTS: dict[str, Callable[[Case], Verdict]] = {
    "AlgEquiv": alg_equiv,
    "NumAbsolute": num_absolute,
    "NumRelative": num_relative,
    "NumSigFigs": num_sig_figs,
    "EqualComAss": equal_com_ass,
    "SubstEquiv": subst_equiv,
    "Expanded": expanded,
    "FacForm": fac_form,
    "LowestTerms": lowest_terms,
    "Diff": diff,
    "Antidiff": antidiff,
    "Int": integral,
}

# Tests that read the response themselves (choices, lists of accepted answers).
SPECIAL_TESTS: dict[str, Callable] = {
    "MultipleChoice": multiple_choice,
    "AnyOf": any_of,
}
