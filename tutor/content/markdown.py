"""Markdown with TeX math to sanitized HTML.

Math is left as TeX inside ``<span class="math">``/``<div class="math">`` elements and typeset in
the browser by KaTeX, so the server never has to understand TeX. Everything passes through an
allow-list sanitizer afterwards, because authored Markdown may contain raw HTML.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape
from mdit_py_plugins.dollarmath import dollarmath_plugin

_ALLOWED_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "div",
    "em",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"class"}, "div": {"class"}}


def _render_math_inline(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
    return f'<span class="math math-inline">{escape(tokens[idx].content)}</span>'


def _render_math_inline_display(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
    return f'<span class="math math-display">{escape(tokens[idx].content)}</span>'


def _render_math_block(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
    return f'<div class="math math-display">{escape(tokens[idx].content)}</div>\n'


def _build() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.use(dollarmath_plugin, allow_space=True, double_inline=True)
    md.add_render_rule("math_inline", _render_math_inline)
    md.add_render_rule("math_inline_double", _render_math_inline_display)
    md.add_render_rule("math_block", _render_math_block)
    md.add_render_rule("math_block_label", _render_math_block)
    return md


_MARKDOWN = _build()


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> Markup:
    """Render authored Markdown (with ``$...$`` math) to safe HTML."""
    html = _MARKDOWN.render(text)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)


def render_inline(text: str) -> Markup:
    """Render a one-line fragment without wrapping it in a paragraph."""
    html = str(render_markdown(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)
