/* Search logic without DOM, shared by the worker (importScripts) and Node tests.
 *
 * The same rules as plugins/vietnamese_search/folding.py (and the tests' model of
 * this file, tests/vietnamese_search/query_oracle.py), step for step: Vietnamese
 * folding, parts and pairs, the lunr clauses built from them (never lunr's query
 * parser), lunr's scores read from the postings, ranking, highlight ranges and
 * snippets. lunr gives the pipeline (its stemmer and stop words, and FOLD_LABEL,
 * the folding the index was built with: registerPipeline() must run before
 * openIndex).
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.SearchCore = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  const FOLD_LABEL = "vietnameseFold";
  const FORMAT_NAME = "vietnamese-search";
  const FORMAT_VERSION = 2;
  const PAIR_JOINER = "_";
  const MAX_QUERY_UNITS = 256;
  const MAX_WORDS = 12;
  // Syllables typed without spaces ("kontum", "hochiminh"): cut into this many
  // words of the index at most, each of JOINED_PIECE letters or more; only a word
  // of JOINED_MIN letters or more that the index does not have.
  const JOINED_PIECES = 4;
  const JOINED_PIECE = 2;
  const JOINED_MIN = 4;
  const JOINABLE = /^[a-z]+$/;
  const PREFIX_EXPANSIONS = 3;
  const PREFIX_BOOST = 0.5;
  const SNIPPET_LENGTH = 200;
  const SNIPPET_BEFORE = 60;

  const APOSTROPHES = "'\u2019\u02bc\u2018";
  const MARK_CHARS = "\\u0300-\\u036f";
  const LETTER_OR_DIGIT = "(?:[\\p{L}\\p{N}]|[" + MARK_CHARS + "])";
  const WORD = new RegExp(
    LETTER_OR_DIGIT + "+(?:[" + APOSTROPHES + "]" + LETTER_OR_DIGIT + "+)*",
    "gu"
  );
  const PART = new RegExp(
    "\\p{Nd}+|(?:[\\p{L}\\p{Nl}\\p{No}]|[" + MARK_CHARS + APOSTROPHES + "])+",
    "gu"
  );
  const ENDS_IN_WORD = new RegExp(LETTER_OR_DIGIT + "$", "u");
  const NUMBER = /^\p{Nd}+$/u;
  const ASCII_NUMBER = /^[0-9]+$/;
  const MARKS = /[\u0300-\u036f]/g;
  const APOSTROPHE = new RegExp("[" + APOSTROPHES + "]", "g");

  /** The exact form: lowercase, composed (NFC), without apostrophes. */
  function normalize(text) {
    return text.toLowerCase().normalize("NFC").replace(APOSTROPHE, "");
  }

  /** The folded form: no tone or vowel marks, đ as d, numbers without leading 0. */
  function fold(text) {
    const bare = text
      .toLowerCase()
      .normalize("NFD")
      .replace(MARKS, "")
      .replace(/đ/g, "d")
      .replace(/ð/g, "d");
    const folded = bare.replace(APOSTROPHE, "").normalize("NFC");
    if (ASCII_NUMBER.test(folded)) {
      return folded.replace(/^0+/, "") || "0";
    }
    return folded;
  }

  /** [start, end] of every part of `text`: words cut where letters meet digits. */
  function partSpans(text) {
    const spans = [];
    for (const word of text.matchAll(WORD)) {
      for (const part of word[0].matchAll(PART)) {
        const start = word.index + part.index;
        spans.push([start, start + part[0].length]);
      }
    }
    return spans;
  }

  /** The exact form of every part of `text`, in order. */
  function parts(text) {
    const composed = text.normalize("NFC");
    return partSpans(composed)
      .map(([start, end]) => normalize(composed.slice(start, end)))
      .filter(Boolean);
  }

  function pairs(folded) {
    const out = [];
    for (let i = 1; i < folded.length; i++) {
      out.push(folded[i - 1] + PAIR_JOINER + folded[i]);
    }
    return out;
  }

  /** Whether an exact form says more than its folded one (it has marks or đ). */
  function marked(exact) {
    return fold(exact) !== exact && !ASCII_NUMBER.test(exact);
  }

  /** Adjacent pairs of folded parts; English pairs skip stop words. */
  function phrasePairs(exact, isStopWord) {
    let folded = exact.map(fold);
    if (isStopWord) {
      folded = folded.filter((word) => !isStopWord(word));
    }
    return pairs(folded);
  }

  /** The lunr pipeline function the index was built with, under its label. */
  function registerPipeline(lunr) {
    if (lunr.Pipeline.registeredFunctions[FOLD_LABEL]) {
      return;
    }
    const foldToken = function (token) {
      const folded = fold(token.toString());
      return folded ? token.update(() => folded) : undefined;
    };
    lunr.Pipeline.registerFunction(foldToken, FOLD_LABEL);
  }

  /** English stop words, as the index left them out (null for Vietnamese). */
  function stopWordTest(lunr, analyzer) {
    if (analyzer !== "english") {
      return null;
    }
    return (word) => !lunr.stopWordFilter(new lunr.Token(word));
  }

  /** What to look for in `text`, whatever it holds (before resolvePlan). */
  function planQuery(text, isStopWord) {
    const composed = (typeof text === "string" ? text : "")
      .slice(0, MAX_QUERY_UNITS)
      .normalize("NFC");
    const exact = parts(composed).slice(0, MAX_WORDS);
    const typing =
      exact.length > 0 && ENDS_IN_WORD.test(composed) && !NUMBER.test(exact[exact.length - 1]);
    return makePlan(exact, isStopWord, typing);
  }

  /** The plan of these parts; `typing`: the last one may be a word being typed. */
  function makePlan(exact, isStopWord, typing) {
    const words = [];
    const seen = new Set();
    for (const form of exact) {
      if (!seen.has(form)) {
        seen.add(form);
        const folded = fold(form);
        words.push({
          exact: form,
          folded: folded,
          optional: Boolean(isStopWord && isStopWord(folded)),
        });
      }
    }
    let prefix = null;
    if (typing) {
      const last = fold(exact[exact.length - 1]);
      prefix = last.length >= 2 ? last : null;
    }
    const required = words.filter((w) => !w.optional);
    return {
      words: words,
      required: required.length ? required : words,
      pairs: Array.from(new Set(phrasePairs(exact, isStopWord))),
      prefix: prefix,
      exact: exact,
      isStopWord: isStopWord,
      completed: [],
      resolved: false,
    };
  }

  function joinable(folded) {
    return folded.length >= JOINED_MIN && JOINABLE.test(folded);
  }

  /** Whether resolvePlan needs the words file: a word to complete or to cut. */
  function needsWords(plan) {
    return Boolean(plan.prefix) || plan.words.some((word) => joinable(word.folded));
  }

  /** Compare two cuts: fewer words, then the longest last word, then the one
   * before it (as Python compares its tuples). */
  function compareCuts(a, b) {
    if (a[0] !== b[0]) {
      return a[0] - b[0];
    }
    for (let i = 0; i < Math.min(a[1].length, b[1].length); i++) {
      if (a[1][i] !== b[1][i]) {
        return a[1][i] - b[1][i];
      }
    }
    return a[1].length - b[1].length;
  }

  /** `folded` cut into the fewest words of `known` (a Set), 2 to JOINED_PIECES
   * of them, each of JOINED_PIECE letters or more; among equals the longest last
   * word, then the one before it. null when there is no such cut. */
  function splitJoined(folded, known) {
    const best = new Array(folded.length + 1).fill(null);
    best[0] = [0, []];
    for (let end = JOINED_PIECE; end <= folded.length; end++) {
      let found = null;
      for (let start = 0; start <= end - JOINED_PIECE; start++) {
        const before = best[start];
        if (before === null || before[0] >= JOINED_PIECES) {
          continue;
        }
        if (!known.has(folded.slice(start, end))) {
          continue;
        }
        const candidate = [before[0] + 1, [start - end].concat(before[1])];
        if (found === null || compareCuts(candidate, found) < 0) {
          found = candidate;
        }
      }
      best[end] = found;
    }
    const cut = best[folded.length];
    if (cut === null || cut[0] < 2) {
      return null;
    }
    const pieces = [];
    let end = folded.length;
    for (const length of cut[1]) {
      pieces.push(folded.slice(end + length, end));
      end += length;
    }
    return pieces.reverse();
  }

  const wordSets = new WeakMap();

  function wordSet(words) {
    let known = wordSets.get(words);
    if (!known) {
      known = new Set(words);
      wordSets.set(words, known);
    }
    return known;
  }

  /** `plan` against the index's `words` (the words file): each word the index
   * does not have, typed without spaces, cut into words it has; then the
   * completions of the prefix, unless the prefix is itself a word of the index. */
  function resolveWith(plan, words) {
    if (plan.resolved) {
      return plan;
    }
    const known = wordSet(words);
    const exact = [];
    let cut = false;
    plan.exact.forEach((form) => {
      const folded = fold(form);
      const pieces = joinable(folded) && !known.has(folded) ? splitJoined(folded, known) : null;
      if (pieces) {
        exact.push(...pieces);
        cut = cut || form === plan.exact[plan.exact.length - 1];
      } else {
        exact.push(form);
      }
    });
    const resolved =
      exact.length !== plan.exact.length
        ? makePlan(exact.slice(0, MAX_WORDS), plan.isStopWord, plan.prefix !== null && !cut)
        : Object.assign({}, plan);
    resolved.completed =
      resolved.prefix && !known.has(resolved.prefix) ? completions(words, resolved.prefix) : [];
    resolved.resolved = true;
    return resolved;
  }

  function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** The last position in the sorted `list` whose value is <= `value` (else -1). */
  function lastAtMost(list, value, compare) {
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compare(list[middle], value) <= 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low - 1;
  }

  /**
   * One language's index: the manifest, and `get(name)`, the parsed content of a
   * file already loaded (the caller loads what termFiles/docFiles name first).
   */
  function openIndex(lunr, manifest, get) {
    if (
      !manifest ||
      manifest.format !== FORMAT_NAME ||
      manifest.version !== FORMAT_VERSION ||
      !Array.isArray(manifest.terms)
    ) {
      throw new Error("unknown search index format");
    }
    const firsts = manifest.terms.map((entry) => String(entry[0]));
    const groupFirsts = manifest.groups.map((group) => Number(group[2]));
    return {
      manifest: manifest,
      pipeline: lunr.Pipeline.load(manifest.pipeline),
      firsts: firsts,
      groupFirsts: groupFirsts,
      get: get,
    };
  }

  function fileOf(data) {
    if (!data || data.version !== FORMAT_VERSION) {
      throw new Error("unknown search file format");
    }
    return data;
  }

  /** The term file that holds `term`, if the index has it. */
  function termFile(index, term) {
    if (!index.firsts.length) {
      return null;
    }
    const position = lastAtMost(index.firsts, term, compareText);
    return index.manifest.terms[Math.max(position, 0)][1];
  }

  /** The terms a query looks up: each word through the search pipeline, its exact
   * form when it has marks, and the adjacent pairs. */
  function searchKeys(plan, pipeline) {
    const keys = [];
    for (const word of plan.words) {
      keys.push(...pipeline.runString(word.folded));
      if (marked(word.exact)) {
        keys.push(word.exact);
      }
    }
    keys.push(...plan.pairs);
    return Array.from(new Set(keys));
  }

  /** The files to load before a plan can be resolved: the words file, when the
   * reader is still typing a word or typed syllables together (the term files of
   * a short prefix would weigh MBs; the words alone are a small file). */
  function wordFiles(index, plan) {
    return needsWords(plan) && index.manifest.words ? [index.manifest.words] : [];
  }

  /** The plan against the index's words (its words file loaded: wordFiles). */
  function resolvePlan(index, plan) {
    if (plan.resolved) {
      return plan;
    }
    const words =
      needsWords(plan) && index.manifest.words
        ? fileOf(index.get(index.manifest.words)).words
        : [];
    return resolveWith(plan, words);
  }

  /** The few shortest words of the index completing the query's last word. */
  function completionsFor(index, plan) {
    return resolvePlan(index, plan).completed;
  }

  /** Every term file a query needs: its words, exact forms, pairs, and the
   * completions of its last word. */
  function termFiles(index, plan, completed) {
    const keys = searchKeys(plan, index.pipeline).concat(completed);
    return Array.from(new Set(keys.map((key) => termFile(index, key)))).filter(Boolean);
  }

  /** The few shortest of `words` (completable terms) that complete `prefix`. */
  function completions(words, prefix) {
    if (!prefix) {
      return [];
    }
    return words
      .filter((word) => word.startsWith(prefix) && word !== prefix)
      .sort((a, b) => a.length - b.length || compareText(a, b))
      .slice(0, PREFIX_EXPANSIONS);
  }

  /** The query's clauses, as they would be given to lunr's Index.query. */
  function clausesOf(plan, fields, completed) {
    const found = [];
    for (const word of plan.words) {
      found.push({ term: word.folded, fields: fields.words, boost: 1, usePipeline: true });
      if (marked(word.exact)) {
        found.push({ term: word.exact, fields: fields.exact, boost: 1, usePipeline: false });
      }
    }
    for (const term of completed) {
      found.push({ term: term, fields: fields.words, boost: PREFIX_BOOST, usePipeline: false });
    }
    for (const pair of plan.pairs) {
      found.push({ term: pair, fields: fields.pairs, boost: 1, usePipeline: false });
    }
    return found;
  }

  /** lunr's idf; a record counts once per field holding the term. */
  function idf(count, postings) {
    let withTerm = 0;
    for (const name of Object.keys(postings)) {
      withTerm += Math.floor(postings[name].length / 2);
    }
    return Math.log(1 + Math.abs((count - withTerm + 0.5) / (withTerm + 0.5)));
  }

  /**
   * lunr's score of every matching record, read straight from the postings, as
   * lunr.Index.query computes it (query vector per field from the clauses' boosts;
   * per field, dot product with the record's field vector over the query vector's
   * length), without lunr's index, whose objects per matched field and record
   * make a frequent word take half a second. Map: number -> [score, word mask].
   */
  function score(manifest, table, clauses, pipeline, groups) {
    const boosts = manifest.boosts;
    const scale = manifest.scale;
    const count = manifest.count;
    const vectors = new Map(Object.keys(boosts).map((name) => [name, new Map()]));
    for (const clause of clauses) {
      const terms = clause.usePipeline ? pipeline.runString(clause.term) : [clause.term];
      for (const term of terms) {
        if (!table.has(term)) {
          continue;
        }
        for (const name of clause.fields) {
          const vector = vectors.get(name);
          vector.set(term, (vector.get(term) || 0) + clause.boost);
        }
      }
    }
    const found = new Map();
    vectors.forEach((vector, name) => {
      const terms = Array.from(vector.keys()).sort(compareText);
      let squares = 0;
      for (const term of terms) {
        squares += vector.get(term) ** 2;
      }
      const length = Math.sqrt(squares);
      const dots = new Map();
      for (const term of terms) {
        const flat = table.get(term)[name];
        if (!flat || !flat.length) {
          continue;
        }
        const factor = idf(count, table.get(term)) * boosts[name];
        const boost = vector.get(term);
        const mask = groups.get(term) || 0;
        const half = Math.floor(flat.length / 2);
        let number = 0;
        for (let i = 0; i < half; i++) {
          number += flat[i];
          const weight = (factor * flat[half + i]) / scale;
          dots.set(number, (dots.get(number) || 0) + boost * weight);
          const entry = found.get(number);
          if (entry === undefined) {
            found.set(number, [0, mask]);
          } else {
            entry[1] |= mask;
          }
        }
      }
      dots.forEach((dot, number) => {
        found.get(number)[0] += dot / length;
      });
    });
    return found;
  }

  function bitCount(mask) {
    let bits = 0;
    for (let rest = mask; rest; rest &= rest - 1) {
      bits += 1;
    }
    return bits;
  }

  /** Each term's bits: one per required word it answers, then one per adjacent
   * pair of the query (above the words' bits). */
  function wordGroups(plan, termsOf) {
    const groups = new Map();
    plan.required.forEach((word, bit) => {
      const terms = new Set(termsOf(word.folded));
      if (marked(word.exact)) {
        terms.add(word.exact);
      }
      if (word.folded === plan.prefix) {
        plan.completed.forEach((term) => terms.add(term));
      }
      terms.forEach((term) => groups.set(term, (groups.get(term) || 0) | (1 << bit)));
    });
    plan.pairs.forEach((pair, at) => {
      const bit = plan.required.length + at;
      groups.set(pair, (groups.get(pair) || 0) | (1 << bit));
    });
    return groups;
  }

  /** Every match of the query, with how many required words and adjacent pairs
   * each contains. */
  function find(index, unresolved) {
    const plan = resolvePlan(index, unresolved);
    if (!plan.words.length) {
      return [];
    }
    const completed = plan.completed;
    const table = new Map();
    for (const name of termFiles(index, plan, completed)) {
      for (const entry of fileOf(index.get(name)).terms) {
        table.set(entry[0], entry[1]);
      }
    }
    const groups = wordGroups(plan, (folded) => index.pipeline.runString(folded));
    const clauses = clausesOf(plan, index.manifest.fields, completed);
    const found = score(index.manifest, table, clauses, index.pipeline, groups);
    const words = plan.required.length;
    const wordMask = (1 << words) - 1;
    const hits = [];
    found.forEach((entry, number) => {
      hits.push({
        number: number,
        score: Math.round(entry[0] * 1e6) / 1e6,
        covered: bitCount(entry[1] & wordMask),
        phrases: bitCount(entry[1] >>> words),
      });
    });
    return hits;
  }

  /** [type, year] of record `number`. */
  function kindOf(index, number) {
    const group = index.manifest.groups[lastAtMost(index.groupFirsts, number, (a, b) => a - b)];
    return [group[0], group[1]];
  }

  /** Filtered, complete matches (else the best partial ones), best first: more
   * of the query's pairs (the phrase itself), then the score; equal scores: the
   * higher number first (the newer record of its type). */
  function rank(index, hits, unresolved, typeFilter, year) {
    const plan = resolvePlan(index, unresolved);
    const kept = hits.filter((h) => {
      const kind = kindOf(index, h.number);
      return (!typeFilter || kind[0] === typeFilter) && (!year || kind[1] === year);
    });
    const need = plan.required.length;
    let chosen = kept.filter((h) => h.covered >= need);
    let partial = false;
    if (!chosen.length) {
      const best = kept.reduce((most, h) => Math.max(most, h.covered), 0);
      chosen = best > 0 ? kept.filter((h) => h.covered === best) : [];
      partial = chosen.length > 0;
    }
    chosen.sort((a, b) => b.phrases - a.phrases || b.score - a.score || b.number - a.number);
    return { hits: chosen, partial: partial };
  }

  /** The metadata file of record `number`. */
  function docFile(index, number) {
    const docs = index.manifest.docs;
    return docs.files[Math.floor(number / docs.size)];
  }

  function docOf(index, number) {
    const data = fileOf(index.get(docFile(index, number)));
    return data.docs[number - data.first];
  }

  /** Whether a folded part of a text answers one of the query's required words,
   * or is a completion the search used: whole syllables, never the beginning of
   * one ("huong dan" marks "dẫn", not "dành"). */
  function matcher(plan, termsOf) {
    const terms = termsOf || ((folded) => [folded]);
    const words = new Set(plan.required.map((w) => w.folded).concat(plan.completed || []));
    const processed = new Set();
    words.forEach((word) => terms(word).forEach((t) => processed.add(t)));
    return (folded) => words.has(folded) || terms(folded).some((t) => processed.has(t));
  }

  /** [start, end] of the parts of `text` that match, accents ignored. */
  function highlight(text, matches) {
    const ranges = [];
    for (const [start, end] of partSpans(text)) {
      const folded = fold(text.slice(start, end));
      if (!folded || !matches(folded)) {
        continue;
      }
      const last = ranges[ranges.length - 1];
      if (last && !text.slice(last[1], start).trim()) {
        last[1] = end;
      } else {
        ranges.push([start, end]);
      }
    }
    return ranges;
  }

  /** About SNIPPET_LENGTH characters of `text` around its first match. */
  function snippet(text, matches) {
    if (text.length <= SNIPPET_LENGTH) {
      return text;
    }
    const ranges = highlight(text, matches);
    let start = 0;
    if (ranges.length && ranges[0][0] > SNIPPET_BEFORE) {
      start = ranges[0][0] - SNIPPET_BEFORE;
      const space = text.indexOf(" ", start);
      start = space >= 0 && space < ranges[0][0] ? space + 1 : start;
    }
    let end = Math.min(text.length, start + SNIPPET_LENGTH);
    if (end < text.length) {
      const space = text.lastIndexOf(" ", end - 1);
      end = space > start ? space : end;
    }
    const lead = start > 0 ? "\u2026" : "";
    const tail = end < text.length ? "\u2026" : "";
    return lead + text.slice(start, end).trim() + tail;
  }

  /** A result as the page shows it: the stored metadata plus highlights. */
  function present(doc, matches) {
    const text = snippet(doc.text || "", matches);
    return {
      type: doc.type,
      url: doc.url,
      title: doc.title,
      titleRanges: highlight(doc.title, matches),
      date: doc.date || "",
      code: doc.code || "",
      kind: doc.kind || "",
      issuer: doc.issuer || "",
      lang: doc.lang || "",
      snippet: text,
      snippetRanges: highlight(text, matches),
    };
  }

  /** The plan of `text` for an index built with `analyzer`. */
  function planFor(lunr, text, analyzer) {
    return planQuery(text, stopWordTest(lunr, analyzer));
  }

  /** The first `limit` ranked hits, presented (their metadata files loaded). */
  function presentHits(index, unresolved, hits, limit) {
    const plan = resolvePlan(index, unresolved);
    const matches = matcher(plan, (folded) => index.pipeline.runString(folded));
    return hits.slice(0, limit).map((h) => present(docOf(index, h.number), matches));
  }

  /**
   * Everything at once, when every file can be read synchronously (tests).
   * options: { type, year, limit }.
   */
  function search(lunr, index, text, options) {
    const plan = resolvePlan(index, planFor(lunr, text, index.manifest.analyzer));
    const ranked = rank(index, find(index, plan), plan, options.type || "", options.year || "");
    return {
      results: presentHits(index, plan, ranked.hits, options.limit || 20),
      total: ranked.hits.length,
      partial: ranked.partial,
    };
  }

  /** As the site writes dates: in Vietnamese 2020-12-01 -> 01/12/2020, 2022-06 ->
   * 06/2022; in English 1 Dec 2020, June 2022 (British order); a year as it is. */
  function formatDate(iso, lang) {
    const text = iso || "";
    if (lang !== "en") {
      return text.split("-").reverse().join("/");
    }
    const numbers = text.split("-").map(Number);
    if (numbers.length < 2 || numbers.some((n) => !Number.isFinite(n))) {
      return text;
    }
    const day = new Date(Date.UTC(numbers[0], numbers[1] - 1, numbers[2] || 1));
    const options =
      numbers.length > 2
        ? { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }
        : { month: "long", year: "numeric", timeZone: "UTC" };
    return new Intl.DateTimeFormat("en-GB", options).format(day);
  }

  return {
    FOLD_LABEL: FOLD_LABEL,
    FORMAT_VERSION: FORMAT_VERSION,
    normalize: normalize,
    fold: fold,
    partSpans: partSpans,
    parts: parts,
    pairs: pairs,
    marked: marked,
    registerPipeline: registerPipeline,
    planQuery: planQuery,
    planFor: planFor,
    FORMAT_NAME: FORMAT_NAME,
    openIndex: openIndex,
    wordFiles: wordFiles,
    resolvePlan: resolvePlan,
    splitJoined: splitJoined,
    completionsFor: completionsFor,
    termFiles: termFiles,
    find: find,
    rank: rank,
    docFile: docFile,
    presentHits: presentHits,
    search: search,
    highlight: highlight,
    snippet: snippet,
    matcher: matcher,
    formatDate: formatDate,
  };
});
