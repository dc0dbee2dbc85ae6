"""Pure: search records -> lunr indexes, split into content-hashed shards + manifest.

The format is described in FORMAT.md beside this file. Every shard is scored with
the statistics of the whole language (document count, term frequencies, field
lengths), so that scores from different shards can be merged in one ranking.
"""

import hashlib
import json
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import groupby

from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.stemmer import stemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token

from .folding import FOLD_LABEL, fold, marked, pairs, parts
from .records import ARTICLE, DOCUMENT, SearchRecord, excerpt

FORMAT_NAME = "vietnamese-search"
FORMAT_VERSION = 1
LUNR_JS_VERSION = "2.3.9"

# Field name -> build-time boost. In lunr a clause boost only weighs terms against
# each other inside one field: how much a field counts is decided here.
FIELD_BOOSTS = {
    "t": 6,  # title
    "s": 2,  # lead / summary
    "b": 1,  # body
    "k": 3,  # keywords: category, tags; issuer, kind, fields of a document
    "c": 10,  # document code parts
    "p": 3,  # adjacent pairs of folded parts (phrases, and codes written apart)
    "x": 3,  # exact forms that carry marks ("đảng"), unfolded
}
WORD_FIELDS = ("t", "s", "b", "k", "c")
PAIR_FIELDS = ("p",)
EXACT_FIELDS = ("x",)
ANALYZERS = ("vietnamese", "english")
K1, B = 1.2, 0.75  # lunr's BM25 parameters


def fold_token(token, i=None, tokens=None):
    """lunr pipeline function: a token's folded form; nothing when that is empty."""
    folded = fold(str(token))
    if folded:
        return token.update(lambda _string, _metadata: folded)
    return None


# Registered as lunr.py's register_function does, without its warning when this
# module is imported again (tests, Pelican's plugin loader): same label, same rule.
fold_token.label = FOLD_LABEL
Pipeline.registered_functions[FOLD_LABEL] = fold_token


def make_builder(analyzer: str) -> Builder:
    """A lunr builder with our fields and the pipelines of `analyzer`."""
    builder = Builder()
    builder.ref("id")
    for name, boost in FIELD_BOOSTS.items():
        builder.field(name, boost=boost)
    builder.pipeline.add(fold_token)
    builder.search_pipeline.add(fold_token)
    if analyzer == "english":
        builder.pipeline.add(stop_word_filter, stemmer)
        builder.search_pipeline.add(stemmer)
        # Pairs and exact forms are matched as they are written.
        builder.pipeline.skip(stop_word_filter, PAIR_FIELDS + EXACT_FIELDS)
        builder.pipeline.skip(stemmer, PAIR_FIELDS + EXACT_FIELDS)
    builder.pipeline.skip(fold_token, EXACT_FIELDS)
    return builder


def phrase_pairs(tokens: list[str], analyzer: str) -> list[str]:
    """Adjacent pairs of folded tokens; English pairs skip stop words ("of the")."""
    folded = [fold(token) for token in tokens]
    if analyzer == "english":
        folded = [word for word in folded if stop_word_filter(Token(word)) is not None]
    return pairs(folded)


def analyze(
    record: SearchRecord, analyzer: str = "vietnamese", body_pairs_min: int = 2
) -> dict[str, list[str]]:
    """The tokens of every field of one record, before lunr's pipeline.

    Pairs of the title, lead, keywords and code all count; a pair of the body only
    when it occurs `body_pairs_min` times or more (compound words and the article's
    own phrases, not every accidental neighbour): most of the index size is there.
    """
    texts = [record.title, record.lead, *record.keywords]
    split = {text: parts(text) for text in {*texts, record.body, record.code or ""}}
    code = split[record.code or ""]
    body_pairs = phrase_pairs(split[record.body], analyzer)
    counts = Counter(body_pairs)
    return {
        "t": split[record.title],
        "s": split[record.lead],
        "b": split[record.body],
        "k": [part for keyword in record.keywords for part in split[keyword]],
        "c": code,
        "p": [
            pair
            for tokens in [*(split[text] for text in texts), code]
            for pair in phrase_pairs(tokens, analyzer)
        ]
        + [pair for pair in body_pairs if counts[pair] >= body_pairs_min],
        "x": [
            token
            for text in [*texts, record.body]
            for token in split[text]
            if marked(token)
        ],
    }


@dataclass(frozen=True)
class ShardPlan:
    """Records that go into one shard file, and what the manifest says of them."""

    name: str
    type: str
    sequence: int  # 0 for the oldest shard of its type
    records: tuple[SearchRecord, ...]


def _chunks(records: list, size: int) -> list[list]:
    return [records[start : start + size] for start in range(0, len(records), size)]


def plan_shards(
    records: list[SearchRecord], articles_per_shard: int, documents_per_shard: int
) -> list[ShardPlan]:
    """Shards in loading order: the newest articles, documents, older articles.

    Articles are grouped by year and cut oldest first, so a new article changes
    only the last shard of its year: every other file keeps its name and cache.
    """

    def oldest_first(record):
        return (record.date or "", record.url)

    articles = sorted((r for r in records if r.type == ARTICLE), key=oldest_first)
    chunks = [
        (f"articles-{year}-{number}", chunk)
        for year, group in groupby(articles, key=lambda r: (r.date or "0000")[:4])
        for number, chunk in enumerate(_chunks(list(group), articles_per_shard), 1)
    ]
    article_shards = [
        ShardPlan(name, ARTICLE, sequence, tuple(chunk))
        for sequence, (name, chunk) in enumerate(chunks)
    ]
    documents = sorted((r for r in records if r.type == DOCUMENT), key=oldest_first)
    document_shards = [
        ShardPlan(f"documents-{sequence + 1}", DOCUMENT, sequence, tuple(chunk))
        for sequence, chunk in enumerate(_chunks(documents, documents_per_shard))
    ]
    article_shards.reverse()
    document_shards.reverse()
    return article_shards[:1] + document_shards + article_shards[1:]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _metadata(record: SearchRecord, excerpt_length: int) -> dict:
    """What a result shows, stored beside the index (never inside it)."""
    entry = {"type": record.type, "url": record.url, "title": _nfc(record.title)}
    if record.date:
        entry["date"] = record.date
    if record.code:
        entry["code"] = record.code
    text = _nfc(record.lead or record.body)
    if text:
        entry["text"] = excerpt(text, excerpt_length)
    if record.lang:
        entry["lang"] = record.lang
    return entry


class ShardBuilder:
    """Term frequencies of one shard, through the lunr pipeline (as Builder.add)."""

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self._terms: dict[tuple[str, str], list[str]] = {}
        # field -> ref -> term -> frequency; field -> ref -> length
        self.frequencies = {name: [] for name in FIELD_BOOSTS}
        self.lengths = {name: [] for name in FIELD_BOOSTS}

    def _run(self, name: str, token: str) -> list[str]:
        key = (name, token)
        if key not in self._terms:  # the pipeline sees each distinct token once
            result = self.pipeline.run([Token(token.lower())], name)
            self._terms[key] = [str(term) for term in result]
        return self._terms[key]

    def add(self, fields: dict[str, list[str]]) -> None:
        for name in FIELD_BOOSTS:
            terms = [t for token in fields[name] for t in self._run(name, token)]
            self.frequencies[name].append(Counter(terms))
            self.lengths[name].append(len(terms))


class Statistics:
    """Document count, documents per term and field lengths of the shards so far.

    A shard is scored with the statistics of itself and of the older shards of its
    type: scores of different shards are comparable (the newest shard, however
    small, is scored against the whole archive), and adding articles changes only
    the newest shard, never the files readers' browsers already keep.
    """

    def __init__(self):
        self.document_count = 0
        # lunr's idf counts a document once per field holding the term.
        self.documents_with_term: Counter = Counter()
        self.total_length: Counter = Counter()

    def add(self, builder: ShardBuilder) -> None:
        self.document_count += len(builder.lengths["t"])
        for name, per_field in builder.frequencies.items():
            for frequencies in per_field:
                self.documents_with_term.update(frequencies.keys())
            self.total_length[name] += sum(builder.lengths[name])

    def average_length(self, name: str) -> float:
        return self.total_length[name] / self.document_count

    def idf(self, term: str) -> float:
        """lunr's idf."""
        with_term = self.documents_with_term[term]
        ratio = (self.document_count - with_term + 0.5) / (with_term + 0.5)
        return math.log(1 + abs(ratio))


def _js_order(term: str) -> bytes:
    """lunr.js compares strings by UTF-16 code units; sort terms the same way."""
    return term.encode("utf-16-be")


def compact_index(builder: ShardBuilder, stats: Statistics) -> dict:
    """The shard's lunr index, compact: terms once, then per-field vectors.

    lunr's BM25 (k1 1.2, b 0.75), field boosts, scores rounded to 3 decimals; each
    vector lists (term position - previous position, score) pairs. expand_index()
    turns it back into lunr's own serialization.
    """
    terms = sorted(
        {t for per_field in builder.frequencies.values() for f in per_field for t in f},
        key=_js_order,
    )
    position = {term: number for number, term in enumerate(terms)}
    vectors = {}
    for name, boost in FIELD_BOOSTS.items():
        average = stats.average_length(name) or 1
        field_vectors = []
        for frequencies, length in zip(
            builder.frequencies[name], builder.lengths[name], strict=True
        ):
            norm = K1 * (1 - B + B * length / average)
            entries = sorted((position[term], tf) for term, tf in frequencies.items())
            flat, previous = [], 0
            for number, tf in entries:
                score = stats.idf(terms[number]) * (K1 + 1) * tf / (norm + tf)
                flat += [number - previous, round(score * boost, 3)]
                previous = number
            field_vectors.append(flat)
        vectors[name] = field_vectors
    return {
        "fields": list(FIELD_BOOSTS),
        "terms": terms,
        "vectors": vectors,
    }


def expand_index(shard: dict) -> dict:
    """lunr's serialized index (as lunr.Index.load reads it) from a shard."""
    terms, fields = shard["terms"], shard["fields"]
    postings = [
        {"_index": number} | {name: {} for name in fields}
        for number in range(len(terms))
    ]
    field_vectors = []
    for name in fields:
        for ref, flat in enumerate(shard["vectors"][name]):
            elements, number = [], 0
            for i in range(0, len(flat), 2):
                number += flat[i]
                elements += [number, flat[i + 1]]
                postings[number][name][str(ref)] = {}
            field_vectors.append([f"{name}/{ref}", elements])
    return {
        "version": shard["lunr"],
        "fields": fields,
        "fieldVectors": field_vectors,
        "invertedIndex": [[term, postings[n]] for n, term in enumerate(terms)],
        "pipeline": shard["pipeline"],
    }


def _dump(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class BuiltIndex:
    """The manifest and the shard files of one language, ready to be written."""

    manifest: dict
    files: dict[str, bytes]  # file name (relative to the manifest) -> content


def build_index(
    records: list[SearchRecord],
    lang: str,
    analyzer: str = "vietnamese",
    articles_per_shard: int = 100,
    documents_per_shard: int = 1000,
    excerpt_length: int = 280,
    body_pairs_min: int = 2,
) -> BuiltIndex:
    """Every shard of `records` and the manifest listing them, in loading order."""
    if analyzer not in ANALYZERS:
        raise ValueError(f"analyzer must be one of {ANALYZERS}, not {analyzer!r}")
    plans = plan_shards(records, articles_per_shard, documents_per_shard)
    lunr_builder = make_builder(analyzer)
    search_pipeline = [fn.label for fn in lunr_builder.search_pipeline._stack]
    indexes = {}
    for _type, group in groupby(
        sorted(plans, key=lambda plan: (plan.type, plan.sequence)),
        key=lambda plan: plan.type,
    ):
        stats = Statistics()
        for plan in group:  # oldest first: each shard sees itself and older ones
            builder = ShardBuilder(lunr_builder.pipeline)
            for record in plan.records:
                builder.add(analyze(record, analyzer, body_pairs_min))
            stats.add(builder)
            indexes[plan.name] = compact_index(builder, stats)
    files, entries = {}, []
    for plan in plans:
        shard = {
            "version": FORMAT_VERSION,
            "lunr": LUNR_JS_VERSION,
            "docs": [_metadata(record, excerpt_length) for record in plan.records],
            "pipeline": search_pipeline,
            **indexes[plan.name],
        }
        content = _dump(shard)
        name = f"{plan.name}.{hashlib.sha256(content).hexdigest()[:12]}.json"
        files[name] = content
        dates = sorted(r.date for r in plan.records if r.date)
        entry = {"file": name, "type": plan.type, "count": len(plan.records)}
        if dates:
            entry.update(oldest=dates[0], newest=dates[-1])
        entry["bytes"] = len(content)
        entries.append(entry)
    manifest = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "lunr": LUNR_JS_VERSION,
        "lang": lang,
        "analyzer": analyzer,
        "pipeline": search_pipeline,
        "fields": {
            "words": list(WORD_FIELDS),
            "pairs": list(PAIR_FIELDS),
            "exact": list(EXACT_FIELDS),
        },
        "years": sorted({r.date[:4] for r in records if r.date}, reverse=True),
        "types": [t for t in (ARTICLE, DOCUMENT) if any(r.type == t for r in records)],
        "shards": entries,
    }
    return BuiltIndex(manifest, files)


def manifest_bytes(manifest: dict) -> bytes:
    """The manifest as written: compact, UTF-8, keys in their given order."""
    return _dump(manifest)
