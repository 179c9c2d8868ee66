"""What the offline help knows: documents the features contribute, found by BM25.

Features register a source (`register_source`): a function that reads their own content
(a menu, products, programs, FAQ) and returns documents in one language. The index is built
from them on first use and rebuilt after `REFRESH_S`, so new dishes show up without a restart.

Scoring is Okapi BM25 written here (a few dozen lines) over words stemmed by Snowball
(`snowballstemmer`, pure Python, English and Russian rules inside the wheel): the corpus is a
few hundred short texts, so a library would add a dependency (rank_bm25 is unmaintained; bm25s
brings NumPy) for no gain, and stemming is what makes "пиццу" find "пицца".
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import snowballstemmer
from sqlmodel import Session

from tma_app.core.i18n import LANGUAGES, Language

log = logging.getLogger(__name__)

REFRESH_S = 300.0
_K1, _B = 1.4, 0.75
_WORD = re.compile(r"[0-9a-zа-яё]+", re.IGNORECASE)
_STEMMERS = {"en": snowballstemmer.stemmer("english"), "ru": snowballstemmer.stemmer("russian")}
# Words that say nothing about what is asked; left out of queries and documents alike.
_STOP = {
    "en": set("a an and are can do does for from how i in is it me my of on or the to what when where which who "
              "why with you your there this that be have has please tell about".split()),
    "ru": set("а в во вы где да для до если же за и из или как какие какой когда кто ли мне мой мы на не нет но "
              "о об он она они от по про с со так то ты у что это я можно расскажи пожалуйста".split()),
}


@dataclass(frozen=True, slots=True)
class Document:
    key: str  # unique within the language, e.g. "restaurant:dish:margherita"
    title: str
    body: str
    language: Language
    demo: str | None = None  # the demo it belongs to, so a question asked inside it prefers it


Source = Callable[[Session, Language], Iterable[Document]]
_sources: dict[str, Source] = {}


def register_source(name: str, source: Source) -> Source:
    """Add a feature's content; registering the same name again replaces it (module reloads)."""
    _sources[name] = source
    return source


def source_names() -> tuple[str, ...]:
    return tuple(sorted(_sources))


def terms(text: str, language: Language) -> list[str]:
    words = [w.lower().replace("ё", "е") for w in _WORD.findall(text)]
    stemmer = _STEMMERS[language]
    return [stemmer.stemWord(w) for w in words if w not in _STOP[language] and len(w) > 1]


@dataclass(frozen=True, slots=True)
class Hit:
    document: Document
    score: float


class Index:
    """BM25 over one language's documents; titles count twice (they name the thing)."""

    def __init__(self, documents: Sequence[Document], language: Language) -> None:
        self.language = language
        self.documents = list(documents)
        self._bags = [Counter(terms(f"{d.title} {d.title} {d.body}", language)) for d in self.documents]
        self._lengths = [sum(bag.values()) for bag in self._bags]
        self._average = (sum(self._lengths) / len(self._lengths)) if self._lengths else 0.0
        frequency: Counter[str] = Counter()
        for bag in self._bags:
            frequency.update(bag.keys())
        n = len(self.documents)
        self._idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}

    def search(self, query: str, *, limit: int = 3, prefer_demo: str | None = None) -> list[Hit]:
        wanted = set(terms(query, self.language))
        if not wanted or not self.documents:
            return []
        hits = []
        for document, bag, length in zip(self.documents, self._bags, self._lengths, strict=True):
            score = 0.0
            for term in wanted & bag.keys():
                tf = bag[term]
                score += self._idf[term] * tf * (_K1 + 1) / (tf + _K1 * (1 - _B + _B * length / self._average))
            if score > 0:
                if prefer_demo is not None and document.demo == prefer_demo:
                    score *= 1.5
                hits.append(Hit(document, score))
        hits.sort(key=lambda hit: (-hit.score, hit.document.key))
        return hits[:limit]


def _documents(session: Session, language: Language) -> list[Document]:
    """Every source's documents; a source that fails is logged and left out, the others still count."""
    documents: list[Document] = []
    for name in source_names():
        try:
            # A savepoint: a failed query must not abort the transaction the next sources read in.
            with session.begin_nested():
                found = list(_sources[name](session, language))
        except Exception:
            log.exception("offline help source %r failed; the index is built without it", name)
            continue
        documents.extend(found)
    return documents


class _Cache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._built: dict[Language, tuple[float, Index]] = {}

    def index(self, session: Session, language: Language) -> Index:
        with self._lock:
            built = self._built.get(language)
            if built is not None and time.monotonic() - built[0] < REFRESH_S:
                return built[1]
        index = Index(_documents(session, language), language)
        with self._lock:
            self._built[language] = (time.monotonic(), index)
        return index

    def clear(self) -> None:
        with self._lock:
            self._built.clear()


_cache = _Cache()


def search(session: Session, query: str, language: Language, *, limit: int = 3,
           prefer_demo: str | None = None) -> list[Hit]:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    return _cache.index(session, language).search(query, limit=limit, prefer_demo=prefer_demo)


def forget_index() -> None:
    """Rebuild on next use (tests, or after a content import)."""
    _cache.clear()
