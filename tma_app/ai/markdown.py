"""Answers in a safe Markdown subset, turned into HTML that can hold nothing but what we emit.

markdown-it parses with raw HTML off; we then write the HTML ourselves from its tokens, with
an allow-list of tags (p, strong, em, s, code, pre, ul, ol, li, a, h3, br, hr, blockquote), every
text escaped, and links kept only when they are http(s) to an allowed host (otherwise the
link text stays, without the link). Nothing from the model ever reaches the page as markup.
"""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from tma_app.ai.safety import host_allowed

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(["image"])
_BLOCK_TAGS = {
    "paragraph": "p", "bullet_list": "ul", "ordered_list": "ol", "list_item": "li", "blockquote": "blockquote",
}
_INLINE_TAGS = {"strong": "strong", "em": "em", "s": "s"}


def to_html(markdown: str, allowed_hosts: frozenset[str]) -> str:
    out: list[str] = []
    for token in _parser.parse(markdown):
        if token.type == "inline":
            out.append(_inline(token.children or [], allowed_hosts))
        elif token.type == "heading_open":
            out.append("<h3>")
        elif token.type == "heading_close":
            out.append("</h3>")
        elif token.type in ("fence", "code_block"):
            out.append(f"<pre><code>{escape(token.content)}</code></pre>")
        elif token.type == "hr":
            out.append("<hr>")
        elif token.type.endswith("_open") and token.type[:-5] in _BLOCK_TAGS:
            if not token.hidden:  # tight lists hide their paragraphs
                out.append(f"<{_BLOCK_TAGS[token.type[:-5]]}>")
        elif token.type.endswith("_close") and token.type[:-6] in _BLOCK_TAGS:
            if not token.hidden:
                out.append(f"</{_BLOCK_TAGS[token.type[:-6]]}>")
        elif token.type == "html_block":
            out.append(f"<p>{escape(token.content)}</p>")
    return "".join(out)


def _inline(children: list[Token], allowed_hosts: frozenset[str]) -> str:
    out: list[str] = []
    open_links: list[bool] = []
    for child in children:
        kind = child.type
        if kind == "text":
            out.append(escape(child.content))
        elif kind == "code_inline":
            out.append(f"<code>{escape(child.content)}</code>")
        elif kind in ("softbreak", "hardbreak"):
            out.append("<br>")
        elif kind.endswith("_open") and kind[:-5] in _INLINE_TAGS:
            out.append(f"<{_INLINE_TAGS[kind[:-5]]}>")
        elif kind.endswith("_close") and kind[:-6] in _INLINE_TAGS:
            out.append(f"</{_INLINE_TAGS[kind[:-6]]}>")
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            keep = host_allowed(href, allowed_hosts)
            open_links.append(keep)
            if keep:
                out.append(f'<a href="{escape(href, quote=True)}" target="_blank" rel="noopener noreferrer nofollow">')
        elif kind == "link_close":
            if open_links.pop():
                out.append("</a>")
        elif kind == "html_inline":
            out.append(escape(child.content))
        else:
            out.append(escape(child.content))
    return "".join(out)
