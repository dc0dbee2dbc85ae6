/* Search worker: fetches the index files a query needs, answers off the main thread.
 *
 * Messages (page -> worker, worker -> page), each an object with a `type`:
 *   SETUP  {manifest}                     load the manifest
 *   QUERY  {id, q, filters: {type, year}, limit}
 *   RESULT {id, q, results, total, partial, complete}
 *   ERROR  {message}                      the index could not be loaded
 * A query fetches the term files holding its words (while a word is being typed,
 * or when syllables are typed together, the words file first: completions, words
 * cut apart), ranks every match, then fetches the
 * metadata files of the results it shows. Files are fetched once; a newer query
 * (the reader still typing) makes an older one give up before it answers.
 * Nothing but the files is kept between queries: a filter or "more results"
 * ranks again from the loaded files.
 */
"use strict";

importScripts("../vendor/lunr-2.3.9/lunr-2.3.9.min.js", "search-core.js");
SearchCore.registerPipeline(lunr);

const MESSAGE = {
  SETUP: "SETUP",
  QUERY: "QUERY",
  RESULT: "RESULT",
  ERROR: "ERROR",
};
const MAX_LIMIT = 1000;

const state = {
  started: false,
  failed: false,
  manifestUrl: "",
  index: null,
  files: new Map(), // file name -> parsed content
  loading: new Map(), // file name -> promise of the parsed content
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

/** Every file of `names` loaded (each fetched once, all at the same time). */
function load(names) {
  return Promise.all(
    names.map((name) => {
      if (!state.loading.has(name)) {
        const url = new URL(String(name), state.manifestUrl).href;
        state.loading.set(
          name,
          getJson(url).then((data) => {
            state.files.set(name, data);
            return data;
          })
        );
      }
      return state.loading.get(name);
    })
  );
}

function setup(message) {
  if (state.started) {
    return;
  }
  state.started = true;
  state.manifestUrl = new URL(String(message.manifest), self.location.href).href;
  getJson(state.manifestUrl)
    .then((manifest) => {
      state.index = SearchCore.openIndex(lunr, manifest, (name) => state.files.get(name));
      answer();
    })
    .catch(fail);
}

function planOf(text) {
  try {
    return SearchCore.planFor(lunr, text, state.index.manifest.analyzer);
  } catch (error) {
    return SearchCore.planQuery("", null);
  }
}

/** Load what the query needs, rank every match, load the metadata of the ones
 * shown, answer (unless a newer query came meanwhile). */
function answer() {
  const query = state.query;
  if (!query || !state.index || state.failed) {
    return; // asked again once the manifest is in
  }
  const text = typeof query.q === "string" ? query.q : "";
  let plan = planOf(text);
  load(SearchCore.wordFiles(state.index, plan))
    .then(() => {
      plan = SearchCore.resolvePlan(state.index, plan);
      return load(SearchCore.termFiles(state.index, plan, plan.completed));
    })
    .then(() => {
      if (query !== state.query) {
        return null;
      }
      let hits;
      try {
        hits = SearchCore.find(state.index, plan);
      } catch (error) {
        hits = [];
      }
      const filters = query.filters && typeof query.filters === "object" ? query.filters : {};
      const ranked = SearchCore.rank(
        state.index,
        hits,
        plan,
        typeof filters.type === "string" ? filters.type : "",
        typeof filters.year === "string" ? filters.year : ""
      );
      const limit = Math.min(Math.max(1, Number(query.limit) || 20), MAX_LIMIT);
      const shown = ranked.hits.slice(0, limit);
      const names = Array.from(
        new Set(shown.map((hit) => SearchCore.docFile(state.index, hit.number)))
      );
      return load(names).then(() => {
        if (query !== state.query) {
          return;
        }
        const results = SearchCore.presentHits(state.index, plan, shown, limit);
        results.forEach((result) => {
          result.dateText = SearchCore.formatDate(result.date, state.index.manifest.lang);
        });
        post({
          type: MESSAGE.RESULT,
          id: query.id,
          q: text,
          results: results,
          total: ranked.hits.length,
          partial: ranked.partial,
          complete: true,
        });
      });
    })
    .catch(fail);
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
  }
});
