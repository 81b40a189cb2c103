"""YAML as authors may write it: plain data, with no anchors or aliases.

An alias repeats a node without repeating its text, so nested aliases make a few hundred bytes
expand into gigabytes once constructed (a "billion laughs"). Curriculum files never need them,
so they are refused while scanning, before anything is built.
"""

from __future__ import annotations

import yaml

# libyaml's scanner and loader when present: the pure-Python ones are ten times slower.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class AliasRefused(yaml.YAMLError):
    """The text uses an anchor or an alias."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}: YAML anchors and aliases (&name, *name) are not allowed")
        self.problem = "YAML anchors and aliases (&name, *name) are not allowed"
        self.problem_mark = _Mark(line - 1)


class _Mark:
    def __init__(self, line: int) -> None:
        self.line = line


def refuse_aliases(text: str) -> None:
    """Raise AliasRefused at the first anchor or alias; other YAML errors are left to the loader."""
    scanner = LOADER(text)
    try:
        while scanner.check_token():
            token = scanner.get_token()
            if isinstance(token, (yaml.AliasToken, yaml.AnchorToken)):
                raise AliasRefused(token.start_mark.line + 1)
    except AliasRefused:
        raise
    except yaml.YAMLError:
        return
    finally:
        scanner.dispose()
