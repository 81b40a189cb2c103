"""The one error the parser raises: what is wrong and where."""

from __future__ import annotations


class MathSyntaxError(ValueError):
    """Text that cannot be read as math. `position` is a 0-based index into the text, or None."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def __str__(self) -> str:
        if self.position is None:
            return self.message
        return f"{self.message} (at character {self.position + 1})"


class AuthorTimeout(MathSyntaxError):
    """An author's expression took longer than its time budget. Unlike other reading errors it is
    not a property of one parameter draw, so drawing again would only wait again."""


class OptionError(ValueError):
    """A question set up wrongly (unknown test, bad options, an expected answer the test cannot
    use): an author's error, raised so that checking the content finds it. Never a learner's."""
