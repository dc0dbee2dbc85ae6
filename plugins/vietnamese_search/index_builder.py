"""Pure: search records -> postings split by term into content-hashed files + manifest.

The format is described in FORMAT.md beside this file. A query fetches the few
term files holding its words and the metadata of the results it shows, and scores
those postings as lunr would (theme/static/js/search-core.js).
"""

import hashlib
import json
import operator
import re
import unicodedata
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain

from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.stemmer import stemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token

from .folding import FOLD_LABEL, PAIR_JOINER, fold, marked, pairs, parts
from .records import ARTICLE, DOCUMENT, SearchRecord, excerpt

FORMAT_NAME = "vietnamese-search"
FORMAT_VERSION = 2
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
    "x": 5,  # exact forms that carry marks ("đảng"), unfolded: typed accents count
}
WORD_FIELDS = ("t", "s", "b", "k", "c")
PAIR_FIELDS = ("p",)
EXACT_FIELDS = ("x",)
ANALYZERS = ("vietnamese", "english")
K1, B = 1.2, 0.75  # lunr's BM25 parameters
# A posting stores lunr's BM25 term-frequency part (0 to K1 + 1) times this, as an
# integer of at least 1; the browser multiplies it by idf and the field boost.
WEIGHT_SCALE = 40
# A build patches the previous one's entries when at most this many records, or
# one in PATCH_SHARE, changed; otherwise it encodes every term again.
PATCH_MIN, PATCH_SHARE = 50, 100
# ... and when the fields whose average moved are held by at most one record in
# REWEIGH_SHARE (their postings are weighed again).
REWEIGH_SHARE = 4
# An Analysis (a record's terms after the pipeline) joins each field's terms with
# TERM_SEPARATOR and the fields with FIELD_SEPARATOR: no term holds either.
TERM_SEPARATOR, FIELD_SEPARATOR = "\x1f", "\x1e"


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


@lru_cache(maxsize=1 << 14)
def _not_stop_word(word: str) -> bool:
    return stop_word_filter(Token(word)) is not None


def phrase_pairs(tokens: list[str], analyzer: str) -> list[str]:
    """Adjacent pairs of folded tokens; English pairs skip stop words ("of the")."""
    folded = list(map(fold, tokens))
    if analyzer == "english":
        folded = list(filter(_not_stop_word, folded))
    return pairs(folded)


def analyze(
    record: SearchRecord, analyzer: str = "vietnamese", body_pairs_min: int = 1
) -> dict[str, list[str]]:
    """The tokens of every field of one record, before lunr's pipeline.

    Pairs of the title, lead, keywords and code all count; a pair of the body when
    it occurs `body_pairs_min` times or more. Every pair by default: a phrase
    written once in a long article is what a reader remembers of it, and its pair
    is what puts that article first (bench/RESULTS.md weighs the index it adds).
    """
    texts = [record.title, record.lead, *record.keywords]
    split = {text: parts(text) for text in {*texts, record.body, record.code or ""}}
    code = split[record.code or ""]
    body_pairs = phrase_pairs(split[record.body], analyzer)
    if body_pairs_min > 1:
        counts = Counter(body_pairs)
        body_pairs = [pair for pair in body_pairs if counts[pair] >= body_pairs_min]
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
        + body_pairs,
        "x": list(
            filter(
                marked,
                chain.from_iterable(split[text] for text in [*texts, record.body]),
            )
        ),
    }


def number_records(records: list[SearchRecord]) -> list[SearchRecord]:
    """Records in numbering order: documents, then articles, each oldest first.

    A new article (the usual change) takes the next number, so the postings of
    every other term keep their bytes and their file its name.
    """

    def oldest_first(record):
        return (record.date or "", record.url)

    documents = sorted((r for r in records if r.type == DOCUMENT), key=oldest_first)
    articles = sorted((r for r in records if r.type == ARTICLE), key=oldest_first)
    return documents + articles


def groups_of(ordered: list[SearchRecord]) -> list[list]:
    """[type, year, first number, count] of each run of one type and year."""
    runs: list[list] = []
    for number, record in enumerate(ordered):
        year = (record.date or "")[:4]
        if runs and runs[-1][0] == record.type and runs[-1][1] == year:
            runs[-1][3] += 1
        else:
            runs.append([record.type, year, number, 1])
    return runs


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _metadata(record: SearchRecord, excerpt_length: int) -> dict:
    """What a result shows, stored beside the index (never inside it)."""
    entry = {"type": record.type, "url": record.url, "title": _nfc(record.title)}
    if record.date:
        entry["date"] = record.date
    if record.code:
        entry["code"] = record.code
    if record.kind:
        entry["kind"] = _nfc(record.kind)
    if record.issuer:
        entry["issuer"] = _nfc(record.issuer)
    text = _nfc(record.lead or record.body)
    if text:
        entry["text"] = excerpt(text, excerpt_length)
    if record.lang:
        entry["lang"] = record.lang
    return entry


class Postings:
    """Per term and field, the (record number, term frequency) of every record,
    through the lunr pipeline (as lunr's Builder.add); and each field's lengths."""

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        # Per field, token -> its terms: the pipeline sees each distinct token once.
        self._terms: dict[str, dict[str, tuple[str, ...]]] = {
            name: {} for name in FIELD_BOOSTS
        }
        self.entries: dict[str, dict[str, array]] = {}
        self.lengths = {name: array("i") for name in FIELD_BOOSTS}

    def frequencies(self, fields: dict[str, list[str]]) -> dict[str, tuple]:
        """Each field's length and term frequencies (in the order the terms first
        occur), after the pipeline."""
        found = {}
        for name in FIELD_BOOSTS:
            tokens, known = fields[name], self._terms[name]
            for token in set(tokens).difference(known):
                result = self.pipeline.run([Token(token.lower())], name)
                known[token] = tuple(str(term) for term in result)
            frequencies = Counter(chain.from_iterable(map(known.__getitem__, tokens)))
            found[name] = (frequencies.total(), frequencies)
        return found

    def add_frequencies(self, number: int, found: dict[str, tuple]) -> None:
        """Add record `number` from frequencies(): as add_terms, without
        splitting an Analysis (a build from scratch adds records this way)."""
        for name, (_length, frequencies) in found.items():
            self._add(number, name, frequencies.items())

    def add_terms(self, number: int, analysis: tuple) -> None:
        """Add the terms of record `number` (numbers in increasing order; its
        lengths are added apart)."""
        for name, (_length, terms, frequencies) in expanded(analysis).items():
            self._add(number, name, zip(terms, frequencies, strict=True))

    def _add(self, number: int, name: str, pairs: Iterable) -> None:
        for term, frequency in pairs:
            per_field = self.entries.get(term)
            if per_field is None:
                per_field = self.entries[term] = {}
            found = per_field.get(name)
            if found is None:
                found = per_field[name] = array("i")
            found.append(number)
            found.append(frequency)

    def average_lengths(self) -> dict[str, float]:
        """Each field's average length, to two significant digits: editing one
        article almost never moves it, so the other postings keep their bytes."""
        averages = {}
        for name, lengths in self.lengths.items():
            average = sum(lengths) / len(lengths) if lengths else 0
            averages[name] = float(f"{average:.2g}") if average else 1.0
        return averages


def compact(found: dict[str, tuple]) -> tuple:
    """frequencies() as an Analysis: (lengths, joined terms, frequencies)."""
    lengths, terms, counts = [], [], []
    for name in FIELD_BOOSTS:
        length, frequencies = found[name]
        lengths.append(length)
        terms.append(TERM_SEPARATOR.join(frequencies))
        counts += frequencies.values()
    # Compressed UTF-8: a build keeps every record's analysis, and reads back
    # only those of the few records that changed (or all, once, to renumber).
    joined = zlib.compress(FIELD_SEPARATOR.join(terms).encode(), 1)
    return tuple(lengths), joined, _counts(counts)


def expanded(analysis: tuple) -> dict[str, tuple[int, list[str], array]]:
    """An Analysis as field -> (length, terms, frequencies)."""
    lengths, joined, counts = analysis
    found, start = {}, 0
    for name, length, text in zip(
        FIELD_BOOSTS,
        lengths,
        zlib.decompress(joined).decode().split(FIELD_SEPARATOR),
        strict=True,
    ):
        terms = text.split(TERM_SEPARATOR) if text else []
        found[name] = (length, terms, counts[start : start + len(terms)])
        start += len(terms)
    return found


def _counts(values) -> array:
    """Frequencies as two bytes each (four for a word repeated 65,536 times)."""
    values = list(values)
    try:
        return array("H", values)
    except OverflowError:
        return array("I", values)


def _norm(length: int, average: float) -> float:
    return K1 * (1 - B + B * length / average)


def weight(frequency: int, length: int, average: float) -> int:
    """lunr's BM25 term-frequency part, times WEIGHT_SCALE, at least 1."""
    norm = _norm(length, average)
    return max(1, int((K1 + 1) * frequency / (norm + frequency) * WEIGHT_SCALE + 0.5))


def single_weights(postings: Postings, averages: dict[str, float]) -> dict:
    """weight(1, length, average) of every record and field: most terms occur once."""
    return {
        name: [weight(1, length, averages[name]) for length in lengths]
        for name, lengths in postings.lengths.items()
    }


def record_norms(postings: Postings, averages: dict[str, float]) -> dict:
    """weight()'s length part of every record and field, worked out once."""
    return {
        name: [_norm(length, averages[name]) for length in lengths]
        for name, lengths in postings.lengths.items()
    }


def encode_entry(
    term: str,
    per_field: dict[str, array],
    norms: dict[str, list[float]],
    singles: dict[str, list[int]],
) -> str:
    """One term's postings as JSON: field -> [number deltas..., weights...].
    `weight` written out: it runs for every posting that is not a single."""
    fields = {}
    for name in FIELD_BOOSTS:
        flat = per_field.get(name)
        if flat is None:
            continue
        norm, single = norms[name], singles[name]
        numbers = flat[0::2]
        weights = [
            single[number]
            if times == 1
            else max(
                1,
                int((K1 + 1) * times / (norm[number] + times) * WEIGHT_SCALE + 0.5),
            )
            for number, times in zip(numbers, flat[1::2], strict=True)
        ]
        fields[name] = (numbers, weights)
    return _entry_text(term, fields)


def _entry_text(term: str, fields: dict[str, tuple]) -> str:
    """An entry from each field's (record numbers, weights): the record numbers as
    deltas, then the weights."""
    parts = []
    for name in FIELD_BOOSTS:
        found = fields.get(name)
        if not found or not found[0]:
            continue
        numbers, weights = found
        deltas = [numbers[0], *map(operator.sub, numbers[1:], numbers)]
        parts.append(f'"{name}":[{",".join(map(str, [*deltas, *weights]))}]')
    return f"[{_dump_text(term)},{{{','.join(parts)}}}]"


def _entry_fields(entry: str) -> dict[str, tuple[list, list]]:
    """Each field's (record numbers, weights) of an encoded entry."""
    _term, stored = json.loads(entry)
    fields = {}
    for name, flat in stored.items():
        half = len(flat) // 2
        fields[name] = (list(accumulate(flat[:half])), flat[half:])
    return fields


@dataclass
class PreviousIndex:
    """What a build keeps for the next: its records in number order, the field
    averages, and every term's encoded entry. When few records changed (and the
    averages did not), the next build re-encodes only the terms of those records."""

    order: list[SearchRecord]
    averages: dict[str, float]
    entries: dict[str, str]


@dataclass(frozen=True)
class Renumbering:
    """How an earlier build's records became this build's: the earlier numbers whose
    record is gone (removed, changed or moved), this build's numbers whose record is
    new (added, changed or moved), and the numbers of the records kept, as shifts:
    from earlier number `starts[i]` on, a kept record's number grew by `offsets[i]`
    (a document added before the articles moves every article's number by one)."""

    gone: list[int]
    new: list[int]
    starts: list[int]
    offsets: list[int]

    def number(self, earlier: int) -> int:
        """This build's number of a kept record."""
        at = bisect_right(self.starts, earlier) - 1
        return earlier + self.offsets[at] if at >= 0 else earlier


def renumbering(before: list, after: list) -> Renumbering:
    """Records are kept by their address, in order (a record that moved before one
    kept is counted gone and new), when they are equal."""
    position = {(record.type, record.url): n for n, record in enumerate(before)}
    gone = set(range(len(before)))
    new, starts, offsets = [], [], []
    last, offset = -1, 0
    for number, record in enumerate(after):
        earlier = position.get((record.type, record.url))
        if earlier is None or earlier <= last:
            new.append(number)
            continue
        old = before[earlier]
        if old is not record and old != record:
            new.append(number)
            continue
        gone.discard(earlier)
        last = earlier
        if number - earlier != offset:
            offset = number - earlier
            starts.append(earlier)
            offsets.append(offset)
    return Renumbering(sorted(gone), new, starts, offsets)


def patched_entries(
    previous: PreviousIndex,
    renumbered: Renumbering,
    old_analyses: dict[int, tuple],
    new_analyses: dict[int, tuple],
    averages: dict[str, float],
    reweighed: dict[str, dict[str, dict[int, int]]] | None = None,
) -> dict[str, str]:
    """previous.entries with the postings of the gone records taken out, the kept
    records renumbered, and the new records' postings put in; an entry none of whose
    records is gone or new keeps its text (but for the numbers that shifted).
    `reweighed`: term -> field -> number -> weight, every posting of the fields whose
    average moved (see reweighings)."""
    reweighed = reweighed or {}
    dirty = set(reweighed)
    for analysis in (*old_analyses.values(), *new_analyses.values()):
        for _length, terms, _frequencies in expanded(analysis).values():
            dirty.update(terms)
    gained: dict[str, dict[str, list]] = {}
    for number in sorted(new_analyses):
        for name, (length, terms, frequencies) in expanded(
            new_analyses[number]
        ).items():
            for term, times in zip(terms, frequencies, strict=True):
                posting = (number, weight(times, length, averages[name]))
                gained.setdefault(term, {}).setdefault(name, []).append(posting)
    gone = sorted(renumbered.gone, reverse=True)
    shifts = renumbered.starts
    entries = dict(previous.entries)
    if shifts:
        for term, entry in entries.items():
            if term not in dirty:
                entries[term] = _shifted(term, entry, renumbered)
    for term in dirty:
        old = entries.get(term)
        if old is not None and not shifts and term not in reweighed:
            same_records = _reweighted(term, old, gone, gained.get(term, {}))
            if same_records is not None:
                entries[term] = same_records
                continue
        fields = _entry_fields(old) if old is not None else {}
        for numbers, weights in fields.values():  # numbers ascending
            for number in gone:
                at = bisect_left(numbers, number)
                if at < len(numbers) and numbers[at] == number:
                    del numbers[at], weights[at]
            if shifts:
                numbers[:] = map(renumbered.number, numbers)
        for name, postings in gained.get(term, {}).items():
            numbers, weights = fields.setdefault(name, ([], []))
            for number, value in postings:
                at = bisect_left(numbers, number)
                numbers.insert(at, number)
                weights.insert(at, value)
        for name, new_weights in reweighed.get(term, {}).items():
            numbers, weights = fields[name]
            weights[:] = map(new_weights.__getitem__, numbers)
        fields = {name: found for name, found in fields.items() if found[0]}
        if fields:
            entries[term] = _entry_text(term, fields)
        else:
            entries.pop(term, None)
    return entries


def reweighings(
    analysed: list[tuple], lengths: dict[str, list[int]], names, averages
) -> dict[str, dict[str, dict[int, int]]]:
    """term -> field -> number -> weight of every posting of the fields `names`
    (those whose average moved: a small field such as the document codes' moves
    with one document), from the analyses of the records that hold them."""
    found: dict[str, dict[str, dict[int, int]]] = {}
    for name in names:
        average = averages[name]
        for number, length in enumerate(lengths[name]):
            if not length:
                continue
            _length, terms, frequencies = expanded(analysed[number])[name]
            for term, times in zip(terms, frequencies, strict=True):
                weights = found.setdefault(term, {}).setdefault(name, {})
                weights[number] = weight(times, length, average)
    return found


def _shifted(term: str, entry: str, renumbered: Renumbering) -> str:
    """An entry of kept records only, its numbers renumbered. On the text: the
    numbers are deltas, so only those up to the last shift can change."""
    prefix = f"[{_dump_text(term)},{{"
    last = renumbered.starts[-1]
    number = renumbered.number

    def field(found: re.Match) -> str:
        text = found.group(2)
        half = (text.count(",") + 1) // 2
        deltas, at, earlier, before = [], 0, 0, 0
        for _ in range(half):
            comma = text.index(",", at)
            earlier += int(text[at:comma])
            now = number(earlier)
            deltas.append(str(now - before))
            before, at = now, comma + 1
            if earlier >= last:
                break
        return f'"{found.group(1)}":[{",".join(deltas)},{text[at:]}]'

    return prefix + _FIELD_TEXT.sub(field, entry[len(prefix) :])


# A field of an encoded entry: its name, then its numbers (deltas, then weights).
_FIELD_TEXT = re.compile(r'"(\w)":\[([0-9,]*)\]')


def _reweighted(term: str, entry: str, gone: list[int], gained: dict) -> str | None:
    """`entry` with new weights for the changed records, when each field holds the
    same changed records before and after (an edit that changed a record's length,
    not its words: most of a body edit's terms); else None. Works on the text: the
    record numbers and the other weights are kept as they were written."""
    prefix = f"[{_dump_text(term)},{{"
    if not (entry.startswith(prefix) and entry.endswith("}]")):
        return None
    fields = {}
    for name, text in _FIELD_TEXT.findall(entry, len(prefix)):
        tokens = text.split(",")
        half = len(tokens) // 2
        numbers = list(accumulate(map(int, tokens[:half])))
        postings = gained.get(name, ())
        present = [
            number
            for number in reversed(gone)
            if (at := bisect_left(numbers, number)) < half and numbers[at] == number
        ]
        if present != [number for number, _weight in postings]:
            return None
        for number, value in postings:
            tokens[half + bisect_left(numbers, number)] = str(value)
        fields[name] = ",".join(tokens)
    if not set(gained) <= set(fields):
        return None
    parts = [f'"{name}":[{fields[name]}]' for name in FIELD_BOOSTS if name in fields]
    rebuilt = f"{prefix}{','.join(parts)}}}]"
    return rebuilt if len(parts) == len(fields) else None


def _dump_text(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def js_order(term: str) -> bytes:
    """lunr.js compares strings by UTF-16 code units; sort terms the same way."""
    return term.encode("utf-16-be")


def chunk_terms(
    entries: Iterable[tuple[str, str]], target: int
) -> Iterator[list[tuple[str, str]]]:
    """Cut (term, encoded entry) pairs, in order, into runs of about `target` bytes.

    Content-defined: a run ends before a term whose checksum is a multiple of 8
    once it holds target/2 bytes, or before it would pass 2 x target. An edit
    moves no cut but those near it, so the other files keep their names.
    """
    run: list[tuple[str, str]] = []
    size = 0
    for term, entry in entries:
        cut_here = size >= target // 2 and zlib.crc32(term.encode()) % 8 == 0
        if run and (cut_here or size + len(entry) > 2 * target):
            yield run
            run, size = [], 0
        run.append((term, entry))
        size += len(entry) + 1
    if run:
        yield run


def completable(term: str) -> bool:
    """Whether a term may complete what a reader is typing: a folded word of
    letters (not a pair, an exact form with marks, or a number)."""
    return PAIR_JOINER not in term and fold(term) == term and not term.isdigit()


def _dump(data) -> bytes:
    return _dump_text(data).encode()


def _file_name(kind: str, content: bytes) -> str:
    return f"{kind}.{hashlib.sha256(content).hexdigest()[:12]}.json"


@dataclass(frozen=True)
class BuiltIndex:
    """The manifest and the other files of one language, ready to be written."""

    manifest: dict
    files: dict[str, bytes]  # file name (relative to the manifest) -> content,
    # unless they were given to `write` as they were made


def build_index(
    records: list[SearchRecord],
    lang: str,
    analyzer: str = "vietnamese",
    term_file_bytes: int = 24000,
    docs_per_file: int = 10,
    excerpt_length: int = 280,
    body_pairs_min: int = 1,
    write: Callable[[str, bytes], None] | None = None,
    analyses: dict | None = None,
    previous: PreviousIndex | None = None,
    keep: list | None = None,
) -> BuiltIndex:
    """The term files, metadata files and the manifest listing them.

    With `write`, each file is handed to it as soon as it is made (and not kept):
    the postings are freed term by term, so the peak is the postings, not the
    postings and the whole encoded index besides.

    `analyses` (record -> its terms after the pipeline) spares analysing records
    seen in an earlier build; it is left holding those of `records` only. With
    `previous` (an earlier build's PreviousIndex, and its `analyses`), a build in
    which few records changed re-encodes only their terms; `keep` receives this
    build's PreviousIndex.
    """
    if analyzer not in ANALYZERS:
        raise ValueError(f"analyzer must be one of {ANALYZERS}, not {analyzer!r}")
    ordered = number_records(records)
    builder = make_builder(analyzer)
    search_pipeline = [fn.label for fn in builder.search_pipeline._stack]
    postings = Postings(builder.pipeline)
    known = analyses if analyses is not None else {}
    # Without a previous build every term is encoded: records are added as they
    # are analysed, from their frequencies (cheaper than splitting an Analysis).
    added = previous is None
    analysed = []
    for number, record in enumerate(ordered):
        analysis = known.get(record)
        if analysis is None:
            found = postings.frequencies(analyze(record, analyzer, body_pairs_min))
            analysis = compact(found)
            if added:
                postings.add_frequencies(number, found)
            del found
        elif added:
            postings.add_terms(number, analysis)
        analysed.append(analysis)
    for analysis in analysed:
        for name, length in zip(FIELD_BOOSTS, analysis[0], strict=True):
            postings.lengths[name].append(length)
    averages = postings.average_lengths()
    entries = None
    # A field whose average moved changes the weight of each of its postings: the
    # patch weighs them again when few records hold the field (document codes).
    moved = [
        name
        for name in FIELD_BOOSTS
        if previous and previous.averages.get(name) != averages[name]
    ]
    holding = sum(
        sum(1 for length in postings.lengths[name] if length) for name in moved
    )
    if previous is not None and holding <= len(ordered) // REWEIGH_SHARE:
        renumbered = renumbering(previous.order, ordered)
        changes = max(len(renumbered.gone), len(renumbered.new))
        if changes <= max(PATCH_MIN, len(ordered) // PATCH_SHARE):
            old_analyses = {
                number: known[previous.order[number]]
                for number in renumbered.gone
                if previous.order[number] in known
            }
            if len(old_analyses) == len(renumbered.gone):
                new_analyses = {number: analysed[number] for number in renumbered.new}
                reweighed = reweighings(analysed, postings.lengths, moved, averages)
                entries = patched_entries(
                    previous,
                    renumbered,
                    old_analyses,
                    new_analyses,
                    averages,
                    reweighed,
                )
    previous = None  # its entries are copied or not needed: free them (see run())
    known.clear()
    known.update(zip(ordered, analysed, strict=True))
    if entries is None:
        if not added:
            for number, analysis in enumerate(analysed):
                postings.add_terms(number, analysis)
        singles = single_weights(postings, averages)
        norms = record_norms(postings, averages)
        entries = {
            term: encode_entry(term, postings.entries.pop(term), norms, singles)
            for term in sorted(postings.entries, key=js_order)
        }
    del analysed
    terms = sorted(entries, key=js_order)
    words = [term for term in terms if completable(term)]
    if keep is not None:
        keep.append(PreviousIndex(ordered, averages, entries))
    ordered_entries = ((term, entries[term]) for term in terms)
    files: dict[str, bytes] = {}
    emit = write or files.__setitem__
    term_files = []
    for run in chunk_terms(ordered_entries, term_file_bytes):
        body = ",".join(entry for _term, entry in run)
        content = f'{{"version":{FORMAT_VERSION},"terms":[{body}]}}'.encode()
        name = _file_name("terms", content)
        emit(name, content)
        term_files.append(["" if not term_files else run[0][0], name])
    words_content = _dump({"version": FORMAT_VERSION, "words": words})
    words_file = _file_name("words", words_content)
    emit(words_file, words_content)
    doc_files = []
    for first in range(0, len(ordered), docs_per_file):
        chunk = ordered[first : first + docs_per_file]
        docs = [_metadata(record, excerpt_length) for record in chunk]
        content = _dump({"version": FORMAT_VERSION, "first": first, "docs": docs})
        name = _file_name("docs", content)
        emit(name, content)
        doc_files.append(name)
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
        "boosts": FIELD_BOOSTS,
        "scale": WEIGHT_SCALE,
        "count": len(ordered),
        "groups": groups_of(ordered),
        "years": years_of(records),
        "types": types_of(records),
        "terms": term_files,
        "words": words_file,
        "docs": {"size": docs_per_file, "files": doc_files},
    }
    return BuiltIndex(manifest, files)


def years_of(records: list[SearchRecord]) -> list[str]:
    """The years records are dated, newest first (the search page's year filter)."""
    return sorted({r.date[:4] for r in records if r.date}, reverse=True)


def types_of(records: list[SearchRecord]) -> list[str]:
    """The record types present, in their usual order (the type filter)."""
    return [t for t in (ARTICLE, DOCUMENT) if any(r.type == t for r in records)]


def manifest_bytes(manifest: dict) -> bytes:
    """The manifest as written: compact, UTF-8, keys in their given order."""
    return _dump(manifest)
