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
    return _render(_parser.parse(markdown), allowed_hosts)


class DraftRenderer:
    """`to_html` of an answer that only grows, without parsing it all again for each draft.

    A block is settled once the first line of a block after it is whole: what follows can no longer
    change it, so its HTML is kept and only the text from that next block on is parsed again. (One
    exception, accepted for drafts: a link reference definition further down would turn an earlier
    `[text][ref]` into a link; the stored answer is rendered whole.) A 400-word answer drawn 20 times
    was parsed 20 times whole; now each draft parses about one paragraph.
    """

    def __init__(self, allowed_hosts: frozenset[str]) -> None:
        self._hosts = allowed_hosts
        self._settled_html = ""
        self._settled_chars = 0  # of the text, always at the start of a line

    def render(self, markdown: str) -> str:
        tail = markdown[self._settled_chars:]
        if "\r" in tail:  # the parser would count lines differently; rare enough to render whole
            return to_html(markdown, self._hosts)
        tokens = _parser.parse(tail)
        lines = tail.split("\n")
        starts = [i for i, t in enumerate(tokens) if t.level == 0 and t.nesting >= 0 and t.map is not None]
        # The block that starts on a line still being written may yet join the one before it
        # ("2" becoming "2." after a list): the blocks before a block whose first line is whole are settled.
        whole = [i for i in starts if tokens[i].map[0] < len(lines) - 1]  # type: ignore[index]
        if whole and whole[-1] != starts[0]:
            boundary = whole[-1]
            self._settled_html += _render(tokens[:boundary], self._hosts)
            first_line = tokens[boundary].map[0]  # type: ignore[index]  # top-level tokens have a map
            self._settled_chars += sum(len(line) + 1 for line in lines[:first_line])
            tokens = tokens[boundary:]
        return self._settled_html + _render(tokens, self._hosts)


def _render(tokens: list[Token], allowed_hosts: frozenset[str]) -> str:
    out: list[str] = []
    for token in tokens:
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
