/* Search worker: fetches and parses the shards, answers queries off the main thread.
 *
 * Messages (page -> worker, worker -> page), each an object with a `type`:
 *   SETUP  {manifest}                     load the manifest, then the first shards
 *   READY  {loaded, total}                a shard more is loaded (sent after each)
 *   QUERY  {id, q, filters: {type, year}, limit}
 *   RESULT {id, q, results, total, partial, complete, loaded, shards}
 *   ERROR  {message}                      the index could not be loaded
 * The first shards (newest articles, documents) load at once; the others only
 * after a first query, in the manifest's order, and every shard that arrives
 * answers the last query again, so results grow while older articles load.
 * Queries run shard by shard in slices of SLICE_MS: the newest shards answer
 * first, and a newer query (the reader still typing) stops an older one.
 */
"use strict";

importScripts("../vendor/lunr-2.3.9/lunr-2.3.9.min.js", "search-core.js");
SearchCore.registerPipeline(lunr);

const MESSAGE = {
  SETUP: "SETUP",
  READY: "READY",
  QUERY: "QUERY",
  RESULT: "RESULT",
  ERROR: "ERROR",
};
const FORMAT = "vietnamese-search";
const FIRST_SHARDS = 2;
const PARALLEL = 2;
const MAX_LIMIT = 1000;
const SLICE_MS = 40;

const state = {
  started: false,
  failed: false,
  manifestUrl: "",
  manifest: null,
  waiting: [], // manifest entries not requested yet
  loading: 0,
  shards: [], // {position, shard}, kept in manifest order
  query: null,
};

function post(message) {
  self.postMessage(message);
}

function fail(error) {
  if (state.failed) {
    return;
  }
  state.failed = true;
  post({ type: MESSAGE.ERROR, message: String((error && error.message) || error) });
}

function getJson(url) {
  return fetch(url, { credentials: "same-origin" }).then((response) => {
    if (!response.ok) {
      throw new Error("HTTP " + response.status + " for " + url);
    }
    return response.json();
  });
}

function total() {
  return state.manifest ? state.manifest.shards.length : 0;
}

function pump() {
  if (!state.manifest || state.failed) {
    return;
  }
  const allowed = state.query ? total() : Math.min(FIRST_SHARDS, total());
  while (
    state.loading < PARALLEL &&
    state.waiting.length &&
    state.shards.length + state.loading < allowed
  ) {
    const entry = state.waiting.shift();
    state.loading += 1;
    getJson(new URL(entry.file, state.manifestUrl).href)
      .then((data) => {
        const shard = SearchCore.loadShard(lunr, data);
        state.loading -= 1;
        state.shards.push({ position: entry.position, shard: shard });
        state.shards.sort((a, b) => a.position - b.position);
        post({ type: MESSAGE.READY, loaded: state.shards.length, total: total() });
        answer();
        pump();
      })
      .catch(fail);
  }
}

function setup(message) {
  if (state.started) {
    return;
  }
  state.started = true;
  state.manifestUrl = new URL(String(message.manifest), self.location.href).href;
  getJson(state.manifestUrl)
    .then((manifest) => {
      if (
        !manifest ||
        manifest.format !== FORMAT ||
        manifest.version !== SearchCore.FORMAT_VERSION ||
        !Array.isArray(manifest.shards)
      ) {
        throw new Error("unknown search index format");
      }
      state.manifest = manifest;
      state.waiting = manifest.shards.map((entry, position) => ({
        file: String(entry.file),
        position: position,
      }));
      if (!total()) {
        post({ type: MESSAGE.READY, loaded: 0, total: 0 });
      }
      answer();
      pump();
    })
    .catch(fail);
}

/* Hits of the current query text, per shard position: a filter, "more results"
 * or a newly loaded shard costs only what is new. */
let cache = { text: null, plan: null, hits: new Map() };
let slicing = 0;

function answer() {
  const query = state.query;
  if (!query || !state.manifest || (total() && !state.shards.length)) {
    return; // asked again as soon as the first shard is in
  }
  const text = typeof query.q === "string" ? query.q : "";
  if (cache.text !== text) {
    let plan;
    try {
      plan = SearchCore.planFor(lunr, text, state.manifest.analyzer);
    } catch (error) {
      plan = SearchCore.planQuery("", null);
    }
    cache = { text: text, plan: plan, hits: new Map() };
  }
  clearTimeout(slicing);
  step(query);
}

/** Search the shards not searched yet, newest first, a slice of time at a time;
 * report what is found so far after each slice, and give way to a newer query. */
function step(query) {
  if (query !== state.query) {
    return;
  }
  const started = Date.now();
  for (const item of state.shards) {
    if (cache.hits.has(item.position)) {
      continue;
    }
    let hits;
    try {
      hits = SearchCore.searchShard(lunr, item.shard, cache.plan, state.manifest.fields);
    } catch (error) {
      hits = [];
    }
    cache.hits.set(item.position, hits);
    if (Date.now() - started > SLICE_MS) {
      break;
    }
  }
  const searched = state.shards.every((item) => cache.hits.has(item.position));
  report(query, searched);
  if (!searched) {
    slicing = setTimeout(() => step(query), 0);
  }
}

function report(query, searched) {
  const filters = query.filters && typeof query.filters === "object" ? query.filters : {};
  const hits = [];
  cache.hits.forEach((list) => hits.push(...list));
  let found;
  try {
    found = SearchCore.collect(
      hits,
      cache.plan,
      {
        type: typeof filters.type === "string" ? filters.type : "",
        year: typeof filters.year === "string" ? filters.year : "",
        limit: Math.min(Math.max(1, Number(query.limit) || 20), MAX_LIMIT),
      },
      state.shards.length ? SearchCore.pipelineOf(state.shards[0].shard) : null
    );
  } catch (error) {
    found = { results: [], total: 0, partial: false };
  }
  found.results.forEach((result) => {
    result.dateText = SearchCore.formatDate(result.date);
  });
  post({
    type: MESSAGE.RESULT,
    id: query.id,
    q: cache.text,
    results: found.results,
    total: found.total,
    partial: found.partial,
    complete: searched && state.shards.length === total(),
    loaded: state.shards.length,
    shards: total(),
  });
}

self.addEventListener("message", (event) => {
  const message = event.data;
  if (!message || typeof message !== "object") {
    return;
  }
  if (message.type === MESSAGE.SETUP) {
    setup(message);
  } else if (message.type === MESSAGE.QUERY) {
    state.query = message;
    answer();
    pump();
  }
});
