"""Pure: a reader's text -> lunr queries over the shards -> ranked, highlighted results.

The browser runs the same steps in theme/static/js/search-core.js (the tests compare
both on the same shards). Raw input never reaches lunr's query parser: it is cut into
parts, and every clause is built with `Index.query`, so `:` `+` `-` `~` `^` `*` and
quotes are only separators.

Ranking: a result must contain every word of the query (folded, in any field) or,
when none does, as many of them as the best ones do; then lunr's score decides, to
which exact accents (field x), adjacent pairs (field p) and codes (field c) add.
"""

import math
import re
import unicodedata
from dataclasses import dataclass, field

from lunr.index import Index
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token
from lunr.token_set import TokenSet

from .folding import PAIR_JOINER, ends_in_word, fold, marked, part_spans, parts
from .index_builder import (
    EXACT_FIELDS,
    PAIR_FIELDS,
    WORD_FIELDS,
    expand_index,
    phrase_pairs,
)

MAX_QUERY_UNITS = 256  # UTF-16 code units, as JavaScript counts them
MAX_WORDS = 12
PREFIX_EXPANSIONS = 3
PREFIX_BOOST = 0.5
SNIPPET_LENGTH = 200
SNIPPET_BEFORE = 60
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class QueryWord:
    exact: str
    folded: str
    optional: bool = False  # an English stop word: need not be found


@dataclass(frozen=True)
class QueryPlan:
    """The words (distinct, in order), their adjacent pairs, the prefix to complete."""

    words: tuple[QueryWord, ...] = ()
    pairs: tuple[str, ...] = ()
    prefix: str | None = None

    @property
    def required(self) -> tuple[QueryWord, ...]:
        """The words a complete match contains (all of them if all are optional)."""
        return tuple(w for w in self.words if not w.optional) or self.words


def _truncate(text: str) -> str:
    units = text.encode("utf-16-le", "surrogatepass")[: 2 * MAX_QUERY_UNITS]
    return units.decode("utf-16-le", "surrogatepass")


def _is_stop_word(folded: str) -> bool:
    return stop_word_filter(Token(folded)) is None


def plan_query(text: str, analyzer: str = "vietnamese") -> QueryPlan:
    """What to look for in `text`, whatever it holds."""
    text = unicodedata.normalize(
        "NFC", _truncate(text if isinstance(text, str) else "")
    )
    exact = parts(text)[:MAX_WORDS]
    english = analyzer == "english"
    words = {}
    for form in exact:
        folded = fold(form)
        if form not in words:
            words[form] = QueryWord(form, folded, english and _is_stop_word(folded))
    prefix = None
    if exact and ends_in_word(text) and not _NUMBER.fullmatch(exact[-1]):
        last = fold(exact[-1])
        prefix = last if len(last) >= 2 else None
    distinct_pairs = tuple(dict.fromkeys(phrase_pairs(exact, analyzer)))
    return QueryPlan(tuple(words.values()), distinct_pairs, prefix)


@dataclass
class LoadedShard:
    index: Index
    docs: list[dict]


def load_shard(data: dict) -> LoadedShard:
    """A shard file's content (parsed JSON), ready to query."""
    return LoadedShard(Index.load(expand_index(data)), data["docs"])


def expansions(index: Index, prefix: str | None) -> list[str]:
    """The few shortest folded terms of the index that complete `prefix`."""
    if not prefix:
        return []
    found = index.token_set.intersect(TokenSet.from_string(prefix + "*")).to_list()
    complete = [
        term
        for term in found
        if term != prefix and PAIR_JOINER not in term and fold(term) == term
    ]
    return sorted(complete, key=lambda term: (len(term), term))[:PREFIX_EXPANSIONS]


@dataclass
class Hit:
    doc: dict
    score: float
    covered: int  # how many required words it contains


def _round(score: float) -> float:
    return math.floor(score * 1e6 + 0.5) / 1e6  # as JavaScript's Math.round


def search_shard(shard: LoadedShard, plan: QueryPlan) -> list[Hit]:
    """Every match of one shard, with how many required words each contains."""
    index = shard.index
    if not plan.words:
        return []
    completions = expansions(index, plan.prefix)
    query = index.create_query()
    for word in plan.words:
        query.term(word.folded, fields=list(WORD_FIELDS), use_pipeline=True)
        if marked(word.exact):
            query.term(word.exact, fields=list(EXACT_FIELDS), use_pipeline=False)
    for term in completions:
        query.term(
            term, fields=list(WORD_FIELDS), use_pipeline=False, boost=PREFIX_BOOST
        )
    for pair in plan.pairs:
        query.term(pair, fields=list(PAIR_FIELDS), use_pipeline=False)
    wanted = []
    for word in plan.required:
        terms = set(index.pipeline.run_string(word.folded))
        if marked(word.exact):
            terms.add(word.exact)
        if word.folded == plan.prefix:
            terms.update(completions)
        wanted.append(terms)
    hits = []
    for result in index.query(query):
        matched = set(result["match_data"].metadata)
        covered = sum(1 for terms in wanted if terms & matched)
        doc = shard.docs[int(result["ref"])]
        hits.append(Hit(doc, _round(result["score"]), covered))
    return hits


def rank(
    hits: list[Hit],
    plan: QueryPlan,
    type_filter: str | None = None,
    year: str | None = None,
) -> tuple[list[Hit], bool]:
    """Filtered, complete matches (else the best partial ones), best first."""
    kept = [
        h
        for h in hits
        if (not type_filter or h.doc["type"] == type_filter)
        and (not year or h.doc.get("date", "")[:4] == year)
    ]
    need = len(plan.required)
    chosen = [h for h in kept if h.covered >= need]
    partial = False
    if not chosen:
        best = max((h.covered for h in kept), default=0)
        chosen = [h for h in kept if h.covered == best] if best > 0 else []
        partial = bool(chosen)
    chosen.sort(key=lambda h: h.doc["url"])
    chosen.sort(key=lambda h: h.doc.get("date", ""), reverse=True)
    chosen.sort(key=lambda h: h.score, reverse=True)
    return chosen, partial


def matcher(plan: QueryPlan, terms_of=None):
    """Whether a folded part of a text answers one of the query's required words."""
    terms_of = terms_of or (lambda folded: [folded])
    words = {w.folded for w in plan.required}
    processed = {term for word in words for term in terms_of(word)}

    def matches(folded: str) -> bool:
        return (
            folded in words
            or bool(plan.prefix and folded.startswith(plan.prefix))
            or any(term in processed for term in terms_of(folded))
        )

    return matches


def highlight(text: str, matches) -> list[tuple[int, int]]:
    """(start, end) of the parts of `text` that match, accents ignored; matching
    parts with only spaces between them make one range ("thông tin")."""
    ranges: list[tuple[int, int]] = []
    for start, end in part_spans(text):
        folded = fold(text[start:end])
        if not folded or not matches(folded):
            continue
        if ranges and not text[ranges[-1][1] : start].strip():
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
    return ranges


def snippet(text: str, matches) -> str:
    """About SNIPPET_LENGTH characters of `text` around its first match."""
    if len(text) <= SNIPPET_LENGTH:
        return text
    ranges = highlight(text, matches)
    start = 0
    if ranges and ranges[0][0] > SNIPPET_BEFORE:
        start = ranges[0][0] - SNIPPET_BEFORE
        space = text.find(" ", start, ranges[0][0])
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + SNIPPET_LENGTH)
    if end < len(text):
        space = text.rfind(" ", start + 1, end)
        end = space if space > start else end
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    return lead + text[start:end].strip() + tail


def present(hit: Hit, matches) -> dict:
    """A result as the page shows it: the stored metadata plus highlights."""
    doc = hit.doc
    text = snippet(doc.get("text", ""), matches)
    return {
        "type": doc["type"],
        "url": doc["url"],
        "title": doc["title"],
        "titleRanges": highlight(doc["title"], matches),
        "date": doc.get("date", ""),
        "code": doc.get("code", ""),
        "lang": doc.get("lang", ""),
        "snippet": text,
        "snippetRanges": highlight(text, matches),
    }


@dataclass
class SearchResult:
    results: list[dict] = field(default_factory=list)
    total: int = 0
    partial: bool = False  # no result has every word: these have the most


def search(
    shards: list[LoadedShard],
    text: str,
    analyzer: str = "vietnamese",
    type_filter: str | None = None,
    year: str | None = None,
    limit: int = 20,
) -> SearchResult:
    """Query every loaded shard, rank them together, present the first `limit`."""
    plan = plan_query(text, analyzer)
    hits = [hit for shard in shards for hit in search_shard(shard, plan)]
    chosen, partial = rank(hits, plan, type_filter, year)
    terms_of = shards[0].index.pipeline.run_string if shards else None
    matches = matcher(plan, terms_of)
    return SearchResult(
        [present(hit, matches) for hit in chosen[:limit]], len(chosen), partial
    )
