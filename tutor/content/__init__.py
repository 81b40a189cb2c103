"""Topics and question templates as authored: the data model and the file loader."""

from tutor.content.loader import (
    ContentError,
    ContentErrors,
    check_levels,
    load_directory,
    parse_sources,
    parse_topic,
    read_sources,
)
from tutor.content.model import LEVELS, Prerequisite, Template, Topic

__all__ = [
    "LEVELS",
    "ContentError",
    "ContentErrors",
    "Prerequisite",
    "Template",
    "Topic",
    "check_levels",
    "load_directory",
    "parse_sources",
    "parse_topic",
    "read_sources",
]
