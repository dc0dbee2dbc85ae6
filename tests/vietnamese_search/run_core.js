// Runs theme/static/js/search-core.js under Node, with the vendored lunr, for the
// tests (conftest.run_search_core).
// Usage: node run_core.js ROOT < REQUEST.json -> JSON on stdout.
// REQUEST: {"fold": [texts]} or {"index": DIR, "queries": [texts]} (DIR holds a
// manifest.json and its files).
"use strict";
const fs = require("fs");
const path = require("path");

const root = process.argv[2];
const request = JSON.parse(fs.readFileSync(0, "utf8"));
const lunr = require(path.join(root, "theme/static/vendor/lunr-2.3.9/lunr-2.3.9.min.js"));
const core = require(path.join(root, "theme/static/js/search-core.js"));
core.registerPipeline(lunr);

const out = {};
if (request.fold) {
  out.fold = request.fold.map((text) => ({
    fold: core.fold(text),
    normalize: core.normalize(text),
    parts: core.parts(text),
    spans: core.partSpans(text.normalize("NFC")).map(([a, b]) => text.normalize("NFC").slice(a, b)),
  }));
}
if (request.index) {
  const read = (name) => JSON.parse(fs.readFileSync(path.join(request.index, name), "utf8"));
  const index = core.openIndex(lunr, read("manifest.json"), read);
  out.results = request.queries.map((q) => core.search(lunr, index, q, { limit: 20 }));
}
process.stdout.write(JSON.stringify(out));
