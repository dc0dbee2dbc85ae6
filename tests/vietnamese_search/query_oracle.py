"""The tests' model of the browser's search, in Python: a reader's text -> the term
files it needs -> lunr's scores read from their postings -> ranked results ->
highlighted, with the metadata of the ones shown.

The site ships only theme/static/js/search-core.js; this model is checked against
lunr.py (test_index.py: its scores are lunr's Index.query scores) and against
search-core.js run under Node on the same files, query for query. Raw input never
reaches lunr's query parser: it is cut into parts, and every clause is built as
lunr's `Index.query` would take it, so `:` `+` `-` `~` `^` `*` and quotes are only
separators.

Ranking: a result must contain every word of the query (folded, in any field) or,
when none does, as many of them as the best ones do; then the one holding more of
the query's adjacent pairs (the phrase as written, not its syllables apart); then
lunr's score decides, to which exact accents (field x), pairs (field p) and codes
(field c) add.

Syllables typed together ("kontum", "hochiminh") are read as the words written
apart ("Kon Tum", "Hồ Chí Minh") when the index has no such word: they are cut
into the fewest words of the index's words file (resolve()).
"""

import json
import math
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from lunr.pipeline import Pipeline
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token

from plugins.vietnamese_search.folding import (
    LETTER_OR_DIGIT,
    PART,
    WORD,
    fold,
    marked,
    parts,
)
from plugins.vietnamese_search.index_builder import (
    FORMAT_NAME,
    FORMAT_VERSION,
    js_order,
    phrase_pairs,
)

MAX_QUERY_UNITS = 256  # UTF-16 code units, as JavaScript counts them
MAX_WORDS = 12
# A word typed without its spaces is cut into this many words of the index at most,
# each of at least JOINED_PIECE letters ("kontum" -> kon tum, "hochiminh" -> ho chi
# minh); only a word of JOINED_MIN letters or more, that the index does not have.
JOINED_PIECES = 4
JOINED_PIECE = 2
JOINED_MIN = 4
_JOINABLE = re.compile(r"[a-z]+")
PREFIX_EXPANSIONS = 3
PREFIX_BOOST = 0.5
SNIPPET_LENGTH = 200
SNIPPET_BEFORE = 60
_NUMBER = re.compile(r"\d+")
_ENDS_IN_WORD = re.compile(f"{LETTER_OR_DIGIT}$")


def part_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every part of `text`: words cut where letters meet digits
    (the parts folding.parts gives, where the text has them: what is highlighted)."""
    spans = []
    for word in WORD.finditer(text):
        if word.group().isalpha():  # most words: letters only, one part
            spans.append(word.span())
            continue
        for part in PART.finditer(word.group()):
            spans.append((word.start() + part.start(), word.start() + part.end()))
    return spans


def ends_in_word(text: str) -> bool:
    """Whether `text` ends inside a word (the reader may still be typing it)."""
    return bool(_ENDS_IN_WORD.search(text))


@dataclass(frozen=True)
class QueryWord:
    exact: str
    folded: str
    optional: bool = False  # an English stop word: need not be found


@dataclass(frozen=True)
class QueryPlan:
    """The words (distinct, in order), their adjacent pairs, the prefix to complete.

    A plan is resolved against the index's words (resolve()): joined syllables
    cut apart, and the completions of the prefix (`completed`) found."""

    words: tuple[QueryWord, ...] = ()
    pairs: tuple[str, ...] = ()
    prefix: str | None = None
    exact: tuple[str, ...] = ()  # every part as typed (exact forms), in order
    completed: tuple[str, ...] = ()
    resolved: bool = False

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
    """What to look for in `text`, whatever it holds (before resolve())."""
    text = unicodedata.normalize(
        "NFC", _truncate(text if isinstance(text, str) else "")
    )
    exact = parts(text)[:MAX_WORDS]
    typing = bool(exact) and ends_in_word(text) and not _NUMBER.fullmatch(exact[-1])
    return _plan(exact, analyzer, typing)


def _plan(exact: list[str], analyzer: str, typing: bool) -> QueryPlan:
    """The plan of these parts; `typing`: the last one may be a word being typed."""
    english = analyzer == "english"
    words = {}
    for form in exact:
        folded = fold(form)
        if form not in words:
            words[form] = QueryWord(form, folded, english and _is_stop_word(folded))
    prefix = None
    if typing:
        last = fold(exact[-1])
        prefix = last if len(last) >= 2 else None
    distinct_pairs = tuple(dict.fromkeys(phrase_pairs(exact, analyzer)))
    return QueryPlan(tuple(words.values()), distinct_pairs, prefix, tuple(exact))


def needs_words(plan: QueryPlan) -> bool:
    """Whether resolve() needs the words file: a word to complete or to cut."""
    return bool(plan.prefix) or any(_joinable(word.folded) for word in plan.words)


def _joinable(folded: str) -> bool:
    return len(folded) >= JOINED_MIN and bool(_JOINABLE.fullmatch(folded))


def split_joined(folded: str, known) -> list[str] | None:
    """`folded` cut into the fewest words of `known` (2 to JOINED_PIECES, each of
    JOINED_PIECE letters or more); among equals, the longest last word, then the
    longest before it (Vietnamese syllables end in few letters and begin in many:
    "hochiminh" is ho chi minh, not hoc hi minh). None when there is no such cut."""
    # best[end]: (words, their lengths from the last, negated) for folded[:end]
    best: list[tuple | None] = [None] * (len(folded) + 1)
    best[0] = (0, ())
    for end in range(JOINED_PIECE, len(folded) + 1):
        found = None
        for start in range(0, end - JOINED_PIECE + 1):
            before = best[start]
            if before is None or before[0] >= JOINED_PIECES:
                continue
            if folded[start:end] not in known:
                continue
            candidate = (before[0] + 1, (start - end, *before[1]))
            if found is None or candidate < found:
                found = candidate
        best[end] = found
    cut = best[len(folded)]
    if cut is None or cut[0] < 2:
        return None
    pieces, end = [], len(folded)
    for length in cut[1]:
        pieces.append(folded[end + length : end])
        end += length
    return pieces[::-1]


def resolve(plan: QueryPlan, words, analyzer: str = "vietnamese") -> QueryPlan:
    """`plan` against the index's `words` (the words file, sorted): each word the
    index does not have, typed without spaces, cut into words it has; then the
    completions of the prefix, unless the prefix is itself a word of the index
    (the reader typed "huong dan": not "dành")."""
    if plan.resolved:
        return plan
    known = _word_set(words)
    exact, typing, cut = [], plan.prefix is not None, False
    for form in plan.exact:
        folded = fold(form)
        pieces = (
            split_joined(folded, known)
            if _joinable(folded) and folded not in known
            else None
        )
        if pieces:
            exact += pieces
            cut = cut or form == plan.exact[-1]
        else:
            exact.append(form)
    if len(exact) != len(plan.exact):
        resolved = _plan(exact[:MAX_WORDS], analyzer, typing and not cut)
    else:
        resolved = plan
    completed = ()
    if resolved.prefix and resolved.prefix not in known:
        completed = tuple(completions(words, resolved.prefix))
    return QueryPlan(
        resolved.words,
        resolved.pairs,
        resolved.prefix,
        resolved.exact,
        completed,
        True,
    )


_WORD_SETS: dict[int, tuple] = {}


def _word_set(words) -> frozenset:
    """The words file as a set, made once per list."""
    kept = _WORD_SETS.get(id(words))
    if kept is None or kept[0] is not words:
        kept = _WORD_SETS[id(words)] = (words, frozenset(words))
    return kept[1]


class IndexFiles:
    """One language's index: its manifest, and the other files read when needed."""

    def __init__(self, manifest: dict, read: Callable[[str], bytes]):
        if (
            not isinstance(manifest, dict)
            or manifest.get("format") != FORMAT_NAME
            or manifest.get("version") != FORMAT_VERSION
        ):
            raise ValueError("unknown search index format")
        self.manifest = manifest
        self._read = read
        self._parsed: dict[str, dict] = {}
        self.pipeline = Pipeline.load(manifest["pipeline"])
        self._firsts = [js_order(first) for first, _name in manifest["terms"]]
        self._group_firsts = [group[2] for group in manifest["groups"]]
        self.fetched: list[str] = []  # file names, in the order they were read

    def file(self, name: str) -> dict:
        if name not in self._parsed:
            data = json.loads(self._read(name))
            if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
                raise ValueError("unknown search file format")
            self._parsed[name] = data
            self.fetched.append(name)
        return self._parsed[name]

    def term_file(self, term: str) -> str | None:
        """The term file that holds `term`, if the index has it."""
        if not self._firsts:
            return None
        position = bisect_right(self._firsts, js_order(term)) - 1
        return self.manifest["terms"][max(position, 0)][1]

    def resolve(self, plan: "QueryPlan") -> "QueryPlan":
        """The plan against this index's words (read only when needed)."""
        if plan.resolved:
            return plan
        words = self.file(self.manifest["words"])["words"] if needs_words(plan) else []
        return resolve(plan, words, self.manifest["analyzer"])

    def completions(self, plan: "QueryPlan") -> list[str]:
        """The few shortest words of the index completing the query's last word
        (from the words file: the term files of a short prefix would weigh MBs)."""
        return list(self.resolve(plan).completed)

    def term_files(self, plan: "QueryPlan", completed: list[str]) -> list[str]:
        """Every term file a query needs: its words, exact forms, pairs, and the
        completions of its last word."""
        keys = [*search_keys(plan, self.pipeline), *completed]
        names = [self.term_file(key) for key in keys]
        return [name for name in dict.fromkeys(names) if name]

    def kind(self, number: int) -> tuple[str, str]:
        """(type, year) of record `number`."""
        group = self.manifest["groups"][bisect_right(self._group_firsts, number) - 1]
        return group[0], group[1]

    def doc_file(self, number: int) -> str:
        docs = self.manifest["docs"]
        return docs["files"][number // docs["size"]]

    def doc(self, number: int) -> dict:
        data = self.file(self.doc_file(number))
        return data["docs"][number - data["first"]]


def search_keys(plan: "QueryPlan", pipeline: Pipeline) -> list[str]:
    """The terms a query looks up: each word through the search pipeline, its
    exact form when it has marks, and the adjacent pairs."""
    keys = []
    for word in plan.words:
        keys += pipeline.run_string(word.folded)
        if marked(word.exact):
            keys.append(word.exact)
    keys += plan.pairs
    return list(dict.fromkeys(keys))


def completions(words, prefix: str | None) -> list[str]:
    """The few shortest of `words` (completable terms) that complete `prefix`."""
    if not prefix:
        return []
    complete = [word for word in words if word.startswith(prefix) and word != prefix]
    return sorted(complete, key=lambda word: (len(js_order(word)), js_order(word)))[
        :PREFIX_EXPANSIONS
    ]


@dataclass(frozen=True)
class Clause:
    """One lunr query clause: a term, the fields it looks in, its boost."""

    term: str
    fields: tuple[str, ...]
    boost: float = 1.0
    use_pipeline: bool = False


def clauses(plan: QueryPlan, fields: dict, completed: list[str]) -> list[Clause]:
    """The query's clauses, as they would be given to lunr's Index.query."""
    words, exact, pairs = (tuple(fields[k]) for k in ("words", "exact", "pairs"))
    found = []
    for word in plan.words:
        found.append(Clause(word.folded, words, use_pipeline=True))
        if marked(word.exact):
            found.append(Clause(word.exact, exact))
    found += [Clause(term, words, PREFIX_BOOST) for term in completed]
    found += [Clause(pair, pairs) for pair in plan.pairs]
    return found


def idf(count: int, postings: dict[str, list[int]]) -> float:
    """lunr's idf; a record counts once per field holding the term."""
    with_term = sum(len(flat) // 2 for flat in postings.values())
    return math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5)))


def score(
    manifest: dict,
    table: dict[str, dict[str, list[int]]],
    query_clauses: list[Clause],
    pipeline: Pipeline,
    groups: dict[str, int],
) -> dict[int, list]:
    """lunr's score of every matching record, read straight from the postings.

    As lunr.Index.query computes it (a clause adds its boost to the term in the
    query vector of each of its fields; a record's score is, over its fields, the
    dot product of the query vector and its field vector divided by the query
    vector's length), without building lunr's index: lunr makes an object per
    field and record matched, too slow for a word found in 10,000 records.
    `groups` gives a term's bit mask of the required words it answers; the result
    maps a record number to [score, mask of the required words it contains].
    """
    boosts, scale, count = manifest["boosts"], manifest["scale"], manifest["count"]
    vectors: dict[str, dict[str, float]] = {name: {} for name in boosts}
    for clause in query_clauses:
        terms = (
            pipeline.run_string(clause.term) if clause.use_pipeline else [clause.term]
        )
        for term in terms:
            if term not in table:
                continue
            for name in clause.fields:
                vector = vectors[name]
                vector[term] = vector.get(term, 0) + clause.boost
    found: dict[int, list] = {}
    for name, vector in vectors.items():
        terms = sorted(vector, key=js_order)
        length = math.sqrt(sum(vector[term] ** 2 for term in terms))
        dots: dict[int, float] = {}
        for term in terms:
            flat = table[term].get(name)
            if not flat:
                continue
            factor = idf(count, table[term]) * boosts[name]
            mask = groups.get(term, 0)
            half, number = len(flat) // 2, 0
            for i in range(half):
                number += flat[i]
                weight = factor * flat[half + i] / scale
                dots[number] = dots.get(number, 0) + vector[term] * weight
                entry = found.get(number)
                if entry is None:
                    found[number] = [0.0, mask]
                else:
                    entry[1] |= mask
        for number, dot in dots.items():
            found[number][0] += dot / length
    return found


@dataclass
class Hit:
    number: int  # the record's number in the index
    score: float
    covered: int  # how many required words it contains
    phrases: int = 0  # how many of the query's adjacent pairs it contains


def _round(value: float) -> float:
    return math.floor(value * 1e6 + 0.5) / 1e6  # as JavaScript's Math.round


def find(index: IndexFiles, plan: QueryPlan) -> list[Hit]:
    """Every match of the query, with how many required words and adjacent pairs
    each contains."""
    plan = index.resolve(plan)
    if not plan.words:
        return []
    completed = list(plan.completed)
    table = {}
    for name in index.term_files(plan, completed):
        for term, postings in index.file(name)["terms"]:
            table[term] = postings
    groups = word_groups(plan, index.pipeline.run_string)
    query_clauses = clauses(plan, index.manifest["fields"], completed)
    found = score(index.manifest, table, query_clauses, index.pipeline, groups)
    words = len(plan.required)
    mask_of_words = (1 << words) - 1
    return [
        Hit(
            number,
            _round(total),
            (mask & mask_of_words).bit_count(),
            (mask >> words).bit_count(),
        )
        for number, (total, mask) in found.items()
    ]


def word_groups(plan: QueryPlan, terms_of) -> dict[str, int]:
    """Each term's bits: one per required word it answers, then one per adjacent
    pair of the query (above the words' bits)."""
    groups: dict[str, int] = {}
    for bit, word in enumerate(plan.required):
        terms = set(terms_of(word.folded))
        if marked(word.exact):
            terms.add(word.exact)
        if word.folded == plan.prefix:
            terms.update(plan.completed)
        for term in terms:
            groups[term] = groups.get(term, 0) | 1 << bit
    for bit, pair in enumerate(plan.pairs, start=len(plan.required)):
        groups[pair] = groups.get(pair, 0) | 1 << bit
    return groups


def rank(
    index: IndexFiles,
    hits: list[Hit],
    plan: QueryPlan,
    type_filter: str | None = None,
    year: str | None = None,
) -> tuple[list[Hit], bool]:
    """Filtered, complete matches (else the best partial ones), best first: more
    of the query's pairs (the phrase itself), then the score; equal scores: the
    higher number first (the newer record of its type)."""
    plan = index.resolve(plan)
    kept = []
    for hit in hits:
        kind, hit_year = index.kind(hit.number)
        if (not type_filter or kind == type_filter) and (not year or hit_year == year):
            kept.append(hit)
    need = len(plan.required)
    chosen = [h for h in kept if h.covered >= need]
    partial = False
    if not chosen:
        best = max((h.covered for h in kept), default=0)
        chosen = [h for h in kept if h.covered == best] if best > 0 else []
        partial = bool(chosen)
    chosen.sort(key=lambda h: (h.phrases, h.score, h.number), reverse=True)
    return chosen, partial


def matcher(plan: QueryPlan, terms_of=None):
    """Whether a folded part of a text answers one of the query's required words,
    or is a completion the search used: whole syllables, never the beginning of
    one ("huong dan" marks "dẫn", not "dành")."""
    terms_of = terms_of or (lambda folded: [folded])
    words = {w.folded for w in plan.required} | set(plan.completed)
    processed = {term for word in words for term in terms_of(word)}

    def matches(folded: str) -> bool:
        return folded in words or any(term in processed for term in terms_of(folded))

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


def present(doc: dict, matches) -> dict:
    """A result as the page shows it: the stored metadata plus highlights."""
    text = snippet(doc.get("text", ""), matches)
    return {
        "type": doc["type"],
        "url": doc["url"],
        "title": doc["title"],
        "titleRanges": highlight(doc["title"], matches),
        "date": doc.get("date", ""),
        "code": doc.get("code", ""),
        "kind": doc.get("kind", ""),
        "issuer": doc.get("issuer", ""),
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
    index: IndexFiles,
    text: str,
    type_filter: str | None = None,
    year: str | None = None,
    limit: int = 20,
) -> SearchResult:
    """Rank every match of `text`, present the first `limit`."""
    plan = index.resolve(plan_query(text, index.manifest["analyzer"]))
    chosen, partial = rank(index, find(index, plan), plan, type_filter, year)
    matches = matcher(plan, index.pipeline.run_string)
    return SearchResult(
        [present(index.doc(hit.number), matches) for hit in chosen[:limit]],
        len(chosen),
        partial,
    )
