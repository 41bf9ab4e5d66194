"""The project's methods document: formulas, thresholds and their basis, plan checks, data
limits, written for readers of every surface.

The text is ``METHODS.md`` beside this module (shipped in the wheel). :func:`methods_markdown`
gives it as written; :func:`methods_document` and :func:`methods_html` render it to HTML
with an ``id`` on every heading (GitHub's slugs, so ``METHODS.md#7-trade-links…`` and the
dashboard's ``#7-trade-links…`` name the same section) and a contents list.

To link to it: :data:`METHODS_FILE` is its path in the repository (for a link from the
README or a published report to the source), :data:`METHODS_PAGE` the dashboard page
(``METHODS_PAGE.format(lang="en")``; add ``#<heading id>`` for a section).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources

from markdown_it import MarkdownIt
from markdown_it.token import Token

#: The document's path in the repository.
METHODS_FILE = "src/southsouth/methods/METHODS.md"
#: The dashboard page that shows it, by language code.
METHODS_PAGE = "/{lang}/methods"
#: Heading levels listed in the contents.
CONTENTS_LEVELS = (2, 3)

_NOT_SLUG = re.compile(r"[^\w\- ]")


@dataclass(frozen=True)
class Section:
    """A heading of the document: level (1–6), anchor id and text."""

    level: int
    id: str
    title: str


@dataclass(frozen=True)
class MethodsDocument:
    """The document rendered: its title, the sections listed in the contents, and the HTML
    body after the title."""

    title: str
    contents: tuple[Section, ...]
    body: str


def slug(title: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens."""
    return _NOT_SLUG.sub("", title.strip().lower()).replace(" ", "-")


def methods_markdown() -> str:
    """The methods document as written (Markdown)."""
    return (resources.files("southsouth.methods") / "METHODS.md").read_text(encoding="utf-8")


def _render_table(
    renderer: object, tokens: list[Token], idx: int, options: object, env: object
) -> str:
    """Tables scroll on their own on narrow screens."""
    return '<div class="scroll">\n<table>\n' if tokens[idx].nesting == 1 else "</table>\n</div>\n"


@cache
def methods_document() -> MethodsDocument:
    """The document as HTML: every heading with its id, the contents, the title apart."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.add_render_rule("table_open", _render_table)
    md.add_render_rule("table_close", _render_table)
    tokens = md.parse(methods_markdown())
    sections: list[Section] = []
    seen: dict[str, int] = {}
    for n, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = "".join(
            child.content
            for child in tokens[n + 1].children or []
            if child.type in ("text", "code_inline")
        )
        anchor = slug(text)
        if anchor in seen:
            seen[anchor] += 1
            anchor = f"{anchor}-{seen[anchor]}"
        else:
            seen[anchor] = 0
        token.attrSet("id", anchor)
        sections.append(Section(int(token.tag[1]), anchor, text))
    title = next((s.title for s in sections if s.level == 1), "Methods")
    if tokens and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
        tokens = tokens[3:]
    body = md.renderer.render(tokens, md.options, {})
    listed = tuple(s for s in sections if s.level in CONTENTS_LEVELS)
    return MethodsDocument(title, listed, body)


def contents_html(contents: tuple[Section, ...]) -> str:
    """A list of links to ``contents``, sub-sections nested in their section."""
    top = CONTENTS_LEVELS[0]
    groups: list[tuple[Section, list[Section]]] = []
    for section in contents:
        if section.level == top or not groups:
            groups.append((section, []))
        else:
            groups[-1][1].append(section)

    def link(section: Section) -> str:
        return f'<a href="#{escape(section.id)}">{escape(section.title)}</a>'

    items = []
    for section, children in groups:
        nested = "".join(f"<li>{link(c)}</li>" for c in children)
        items.append(f"<li>{link(section)}" + (f"<ul>{nested}</ul>" if nested else "") + "</li>")
    return "<ul>" + "".join(items) + "</ul>"


def methods_html(*, standalone: bool = False) -> str:
    """The document as HTML: title, contents list, body. ``standalone`` wraps it in a whole
    page (``<!DOCTYPE html>`` … ``</html>``) that needs no other file."""
    document = methods_document()
    fragment = (
        f'<h1 id="{slug(document.title)}">{escape(document.title)}</h1>\n'
        f'<nav class="contents" aria-label="Contents">\n<h2>Contents</h2>\n'
        f"{contents_html(document.contents)}\n</nav>\n{document.body}"
    )
    if not standalone:
        return fragment
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(document.title)} · southsouth</title>\n<style>{_STYLE}</style>\n"
        f"</head>\n<body>\n<main>\n{fragment}</main>\n</body>\n</html>\n"
    )


_STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem}"
    "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25rem .5rem;"
    "text-align:start;vertical-align:top}.scroll{overflow-x:auto}code{font-size:.9em}"
)

__all__ = [
    "METHODS_FILE",
    "METHODS_PAGE",
    "MethodsDocument",
    "Section",
    "contents_html",
    "methods_document",
    "methods_html",
    "methods_markdown",
    "slug",
]
