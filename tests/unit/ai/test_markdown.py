"""An answer's Markdown becomes HTML holding only the tags we allow, every text escaped, links only to allowed hosts."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tma_app.ai.markdown import DraftRenderer, to_html
from tma_app.ai.safety import host_allowed

HOSTS = frozenset({"telegram.org", "t.me"})
ALLOWED_TAGS = {"p", "strong", "em", "s", "code", "pre", "ul", "ol", "li", "a", "h3", "br", "blockquote", "hr"}
LINK_ATTRIBUTES = {"href", "target", "rel"}


class Elements(HTMLParser):
    """Every tag, attribute and piece of text the browser would build from the HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text += data

    def links(self) -> list[str]:
        return [str(attrs.get("href")) for tag, attrs in self.tags if tag == "a"]


def assert_only_allowed_markup(html: str) -> Elements:
    elements = Elements(html)
    for tag, attrs in elements.tags:
        assert tag in ALLOWED_TAGS, (tag, html)
        if tag == "a":
            assert set(attrs) == LINK_ATTRIBUTES, html
            assert host_allowed(str(attrs["href"]), HOSTS), html
            assert attrs["target"] == "_blank" and attrs["rel"] == "noopener noreferrer nofollow"
        else:
            assert attrs == {}, html
    return elements


XSS = [
    pytest.param("<script>alert(1)</script>", "<script>alert(1)</script>", id="script-block"),
    pytest.param("Hello <script>alert(1)</script> there", "<script>alert(1)</script>", id="script-inline"),
    pytest.param("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>", id="img-onerror-block"),
    pytest.param("Look: <img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>", id="img-onerror-inline"),
    pytest.param("<iframe src='https://evil.example'></iframe>", "<iframe", id="iframe"),
    pytest.param("<svg/onload=alert(1)>", "<svg/onload=alert(1)>", id="svg-onload"),
    pytest.param("<a href='https://t.me/x' onclick='alert(1)'>x</a>", "onclick='alert(1)'", id="raw-anchor"),
    pytest.param("[click](javascript:alert(1))", "click", id="javascript-link"),
    pytest.param("[click](JaVaScRiPt:alert(document.cookie))", "click", id="javascript-link-mixed-case"),
    pytest.param("[click](javascript&#58;alert(1))", "click", id="javascript-link-entity"),
    pytest.param("<javascript:alert(1)>", "javascript:alert(1)", id="javascript-autolink"),
    pytest.param("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "click", id="data-link"),
    pytest.param("[click](data:image/png;base64,iVBORw0KGgo=)", "click", id="data-image-link"),
    pytest.param("![x](https://evil.example/x.png)", "x", id="image"),
    pytest.param("[<b onmouseover=alert(1)>bold</b>](https://t.me/x)", "<b onmouseover=alert(1)>bold</b>",
                 id="html-in-link-text"),
    pytest.param('[x](https://t.me/a"onmouseover="alert(1))', "x", id="quote-in-href"),
    pytest.param("[x](<https://t.me/a\" onmouseover=\"alert(1)>)", "x", id="quote-in-bracketed-href"),
    pytest.param('[x](https://t.me/a "title\\" onclick=\\"alert(1)")', "x", id="quote-in-title"),
    pytest.param("`<script>alert(1)</script>`", "<script>alert(1)</script>", id="inline-code"),
    pytest.param("```html\n<script>alert(1)</script>\n```", "<script>alert(1)</script>", id="fenced-code"),
    pytest.param("&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>", id="entities"),
    pytest.param("**<i onclick=alert(1)>x</i>**", "<i onclick=alert(1)>x</i>", id="html-inside-bold"),
]


@pytest.mark.parametrize(("markdown", "visible"), XSS)
def test_an_xss_attempt_renders_as_allowed_tags_and_escaped_text(markdown: str, visible: str):
    html = to_html(markdown, HOSTS)
    elements = assert_only_allowed_markup(html)
    assert visible in elements.text  # what was markup is now text the user can read
    lowered = html.lower()
    assert "<script" not in lowered and "<img" not in lowered and "<iframe" not in lowered
    assert "javascript:" not in "".join(elements.links()).lower()


def test_the_allowed_subset_renders():
    markdown = (
        "### Your order\n\n"
        "**Pizza** and *salad*, ~~no soup~~.\n"
        "Second line\n\n"
        "- one\n- two\n\n"
        "1. first\n2. second\n\n"
        "Use `promo` at checkout:\n\n"
        "```\nline <1>\n```\n\n"
        "> quoted\n\n"
        "---\n\n"
        "See [the FAQ](https://telegram.org/faq) or <https://t.me/durov>."
    )
    html = to_html(markdown, HOSTS)
    assert_only_allowed_markup(html)
    assert "<h3>Your order</h3>" in html
    assert "<p><strong>Pizza</strong> and <em>salad</em>, ~~no soup~~.<br>Second line</p>" in html
    assert "<ul><li>one</li><li>two</li></ul>" in html
    assert "<ol><li>first</li><li>second</li></ol>" in html
    assert "<code>promo</code>" in html
    assert "<pre><code>line &lt;1&gt;\n</code></pre>" in html
    assert "<blockquote><p>quoted</p></blockquote>" in html
    assert "<hr>" in html
    assert ('<a href="https://telegram.org/faq" target="_blank" rel="noopener noreferrer nofollow">the FAQ</a>'
            in html)
    assert '<a href="https://t.me/durov" target="_blank" rel="noopener noreferrer nofollow">https://t.me/durov</a>' \
        in html


@pytest.mark.parametrize(("markdown", "text"), [
    pytest.param("Log in [here](https://evil.example/login) now", "Log in here now", id="markdown-link"),
    pytest.param("Open <https://evil.example/x>", "Open https://evil.example/x", id="autolink"),
    pytest.param("[here](https://t.me.evil.example/x)", "here", id="allowed-host-as-a-prefix"),
    pytest.param("[here](https://evil.example/?next=https://t.me)", "here", id="allowed-host-in-the-query"),
    pytest.param("[here](//evil.example/x)", "here", id="scheme-relative"),
    pytest.param("[here](ftp://t.me/x)", "here", id="other-scheme"),
    pytest.param("[here](/relative/path)", "here", id="relative"),
    pytest.param("Plain https://evil.example/x stays text", "Plain https://evil.example/x stays text", id="bare-url"),
    pytest.param("[**bold** text](https://evil.example)", "bold text", id="formatted-text"),
])
def test_a_link_to_another_host_becomes_plain_text(markdown: str, text: str):
    html = to_html(markdown, HOSTS)
    elements = assert_only_allowed_markup(html)
    assert elements.links() == []
    assert elements.text == text


def test_links_to_allowed_hosts_and_their_subdomains_stay_links():
    html = to_html("[a](https://t.me/x) [b](https://core.telegram.org/bots?a=1&b=2)", HOSTS)
    elements = assert_only_allowed_markup(html)
    assert elements.links() == ["https://t.me/x", "https://core.telegram.org/bots?a=1&b=2"]
    assert "&amp;b=2" in html  # the attribute itself escaped


def test_the_hosts_given_decide():
    assert Elements(to_html("[x](https://example.com/)", frozenset({"example.com"}))).links() == [
        "https://example.com/"]
    assert Elements(to_html("[x](https://t.me/)", frozenset())).links() == []


def test_empty_and_plain_text():
    assert to_html("", HOSTS) == ""
    assert to_html("Привет, мир", HOSTS) == "<p>Привет, мир</p>"
    assert to_html('5 > 3 & "quotes"', HOSTS) == "<p>5 &gt; 3 &amp; &quot;quotes&quot;</p>"


GROWING_ANSWERS = [
    "Here is how **streaks** work.\n\n- open a demo,\n- claim a task,\n- or log a workout.\n\nA *freeze* saves a day. "
    "Coins come from [tasks](https://t.me/tasks) and badges, not from [elsewhere](https://evil.example).\n\n",
    "# Title\n\nPara one\ncontinues *here*.\n\n1. one\n2. two\n\n   still two\n3. three\n\nAfter list.\n\n```\ncode\n\n"
    "more code\n```\n\n> quote\nlazy\n\n---\n\nText\n===\n\n    indented code\n\nend\n- a\n- b\n\n\n- c\n\nfin",
    "Para\n- list interrupts\n- two\nlazy continuation\n\n1. one\n\n\n2. two after two blanks\n\n> q1\n\n> q2\n\n"
    "`code\n\nspan` and <b>raw</b>\n\n- a\n\n    continued or code?\n\nnext\n\n    real code\n\n12) twelve\n13) x",
]


@pytest.mark.parametrize("answer", GROWING_ANSWERS)
def test_a_draft_drawn_piece_by_piece_is_the_whole_answer_drawn_at_once(answer: str):
    hosts = frozenset({"t.me"})
    renderer = DraftRenderer(hosts)
    for end in range(1, len(answer) + 1):  # the answer as it grows, one character at a time
        assert renderer.render(answer[:end]) == to_html(answer[:end], hosts), answer[:end]
