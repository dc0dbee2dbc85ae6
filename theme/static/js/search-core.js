/* Search logic without DOM, shared by the worker (importScripts) and Node tests.
 *
 * The same rules as plugins/vietnamese_search/folding.py and query.py, step for
 * step: Vietnamese folding, parts and pairs, the lunr queries built from them
 * (never lunr's query parser), ranking, highlight ranges and snippets.
 * FOLD_LABEL is the pipeline function the index was built with: registerPipeline()
 * must run before lunr.Index.load.
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
  const FORMAT_VERSION = 1;
  const PAIR_JOINER = "_";
  const MAX_QUERY_UNITS = 256;
  const MAX_WORDS = 12;
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

  /** What to look for in `text`, whatever it holds. */
  function planQuery(text, isStopWord) {
    const composed = (typeof text === "string" ? text : "")
      .slice(0, MAX_QUERY_UNITS)
      .normalize("NFC");
    const exact = parts(composed).slice(0, MAX_WORDS);
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
    if (exact.length && ENDS_IN_WORD.test(composed) && !NUMBER.test(exact[exact.length - 1])) {
      const last = fold(exact[exact.length - 1]);
      prefix = last.length >= 2 ? last : null;
    }
    const required = words.filter((w) => !w.optional);
    return {
      words: words,
      required: required.length ? required : words,
      pairs: Array.from(new Set(phrasePairs(exact, isStopWord))),
      prefix: prefix,
    };
  }

  /** lunr's serialized index (as lunr.Index.load reads it) from a shard. */
  function expandIndex(shard) {
    const terms = shard.terms;
    const fields = shard.fields;
    const postings = terms.map((_term, number) => {
      const posting = { _index: number };
      for (const name of fields) {
        posting[name] = {};
      }
      return posting;
    });
    const fieldVectors = [];
    for (const name of fields) {
      shard.vectors[name].forEach((flat, ref) => {
        const elements = [];
        let number = 0;
        for (let i = 0; i < flat.length; i += 2) {
          number += flat[i];
          elements.push(number, flat[i + 1]);
          postings[number][name][String(ref)] = {};
        }
        fieldVectors.push([name + "/" + ref, elements]);
      });
    }
    return {
      version: shard.lunr,
      fields: fields,
      fieldVectors: fieldVectors,
      invertedIndex: terms.map((term, number) => [term, postings[number]]),
      pipeline: shard.pipeline,
    };
  }

  /** A parsed shard file, ready to query: { index, docs }. */
  function loadShard(lunr, data) {
    if (!data || data.version !== FORMAT_VERSION) {
      throw new Error("unknown search shard format");
    }
    return { index: lunr.Index.load(expandIndex(data)), docs: data.docs };
  }

  function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** The few shortest folded terms of the index that complete `prefix`. */
  function expansions(lunr, index, prefix) {
    if (!prefix) {
      return [];
    }
    const found = index.tokenSet
      .intersect(lunr.TokenSet.fromString(prefix + "*"))
      .toArray();
    return found
      .filter((t) => t !== prefix && t.indexOf(PAIR_JOINER) < 0 && fold(t) === t)
      .sort((a, b) => a.length - b.length || compareText(a, b))
      .slice(0, PREFIX_EXPANSIONS);
  }

  /** Every match of one shard, with how many required words each contains. */
  function searchShard(lunr, shard, plan, fields) {
    const index = shard.index;
    if (!plan.words.length) {
      return [];
    }
    const completions = expansions(lunr, index, plan.prefix);
    const results = index.query((q) => {
      for (const word of plan.words) {
        q.term(word.folded, { fields: fields.words.slice(), usePipeline: true });
        if (marked(word.exact)) {
          q.term(word.exact, { fields: fields.exact.slice(), usePipeline: false });
        }
      }
      for (const term of completions) {
        q.term(term, {
          fields: fields.words.slice(),
          usePipeline: false,
          boost: PREFIX_BOOST,
        });
      }
      for (const pair of plan.pairs) {
        q.term(pair, { fields: fields.pairs.slice(), usePipeline: false });
      }
    });
    const wanted = plan.required.map((word) => {
      const terms = new Set(index.pipeline.runString(word.folded));
      if (marked(word.exact)) {
        terms.add(word.exact);
      }
      if (word.folded === plan.prefix) {
        completions.forEach((term) => terms.add(term));
      }
      return terms;
    });
    return results.map((result) => {
      const matched = Object.keys(result.matchData.metadata);
      const covered = wanted.filter((terms) => matched.some((t) => terms.has(t)));
      return {
        doc: shard.docs[Number(result.ref)],
        score: Math.round(result.score * 1e6) / 1e6,
        covered: covered.length,
      };
    });
  }

  /** Filtered, complete matches (else the best partial ones), best first. */
  function rank(hits, plan, typeFilter, year) {
    const kept = hits.filter(
      (h) =>
        (!typeFilter || h.doc.type === typeFilter) &&
        (!year || (h.doc.date || "").slice(0, 4) === year)
    );
    const need = plan.required.length;
    let chosen = kept.filter((h) => h.covered >= need);
    let partial = false;
    if (!chosen.length) {
      const best = kept.reduce((most, h) => Math.max(most, h.covered), 0);
      chosen = best > 0 ? kept.filter((h) => h.covered === best) : [];
      partial = chosen.length > 0;
    }
    chosen.sort(
      (a, b) =>
        b.score - a.score ||
        compareText(b.doc.date || "", a.doc.date || "") ||
        compareText(a.doc.url, b.doc.url)
    );
    return { hits: chosen, partial: partial };
  }

  /** Whether a folded part of a text answers one of the query's required words. */
  function matcher(plan, termsOf) {
    const terms = termsOf || ((folded) => [folded]);
    const words = new Set(plan.required.map((w) => w.folded));
    const processed = new Set();
    words.forEach((word) => terms(word).forEach((t) => processed.add(t)));
    return (folded) =>
      words.has(folded) ||
      Boolean(plan.prefix && folded.startsWith(plan.prefix)) ||
      terms(folded).some((t) => processed.has(t));
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
  function present(hit, matches) {
    const doc = hit.doc;
    const text = snippet(doc.text || "", matches);
    return {
      type: doc.type,
      url: doc.url,
      title: doc.title,
      titleRanges: highlight(doc.title, matches),
      date: doc.date || "",
      code: doc.code || "",
      lang: doc.lang || "",
      snippet: text,
      snippetRanges: highlight(text, matches),
    };
  }

  /** The plan of `text` for an index built with `analyzer`. */
  function planFor(lunr, text, analyzer) {
    return planQuery(text, stopWordTest(lunr, analyzer));
  }

  /**
   * Rank the hits of every shard together and present the first `limit`.
   * options: { type, year, limit }; termsOf: the search pipeline, for highlights.
   */
  function collect(hits, plan, options, termsOf) {
    const ranked = rank(hits, plan, options.type || "", options.year || "");
    const matches = matcher(plan, termsOf);
    return {
      results: ranked.hits.slice(0, options.limit || 20).map((h) => present(h, matches)),
      total: ranked.hits.length,
      partial: ranked.partial,
    };
  }

  /** The search pipeline of a loaded shard as a function (for highlights). */
  function pipelineOf(shard) {
    return (folded) => shard.index.pipeline.runString(folded);
  }

  /**
   * Query every loaded shard, rank them together, present the first `limit`.
   * options: { analyzer, fields, type, year, limit }.
   */
  function search(lunr, shards, text, options) {
    const plan = planFor(lunr, text, options.analyzer);
    let hits = [];
    for (const shard of shards) {
      hits = hits.concat(searchShard(lunr, shard, plan, options.fields));
    }
    return collect(hits, plan, options, shards.length ? pipelineOf(shards[0]) : null);
  }

  /** 2020-12-01 -> 01/12/2020, 2022-06 -> 06/2022, 2022 -> 2022 (as the site). */
  function formatDate(iso) {
    return (iso || "").split("-").reverse().join("/");
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
    searchShard: searchShard,
    collect: collect,
    pipelineOf: pipelineOf,
    expandIndex: expandIndex,
    loadShard: loadShard,
    search: search,
    highlight: highlight,
    snippet: snippet,
    matcher: matcher,
    formatDate: formatDate,
  };
});
