"""Measurements: build a generated corpus with the site's build and plain Pelican.

Each build runs in its own subprocess; its wall time, CPU time and peak memory come
from os.wait4 (the child's rusage, its own children included) and from sampling the
PSS of its process tree. The search part drives the real search pages in Chromium.
`python -m bench.harness build ...` is the build subprocess entry point.
"""

import datetime
import gzip
import json
import logging
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

from testbed import corpus
from testbed.trees import compare_trees, write_files

from . import profiling

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"
# What a build runs: copied at the start, so that edits made by others during a long
# run cannot mix two versions of the code into one set of figures.
CODE = (
    "pelicanconf.py",
    "publishconf.py",
    "sitebuild",
    "plugins",
    "theme",
    "bench",
    "testbed",
)
RESULTS = ROOT / "bench" / "RESULTS.md"
ANALYSIS_MARKER = (
    "<!-- analysis: everything below is kept when the harness rewrites -->"
)

# Targets of the issue (10,000 vi articles + 3,000 en + 2,000 documents).
MAX_RATIO = 1.0  # clean build / plain Pelican, wall time
MAX_REBUILD_SHARE = 0.10  # rebuild after one body edit / clean build
MAX_DOCUMENT_SHARE = 0.25  # rebuild after one new document / clean build
MAX_MEMORY = 600 * 2**20
MAX_FIRST_FETCH = 300 * 1024  # gzip bytes fetched before the first results
MAX_WARM_MS = 100.0  # a query once its files are loaded
WARM_RUNS = 5  # submits of the query once loaded: the median is the figure
MAX_COMPLETE_FETCH = int(1.5 * 2**20)  # gzip bytes for the complete result set

# Fixed queries per language: (role, text).
QUERIES = {
    "vi": (
        ("phrase without accents", "thong tin doi ngoai"),
        ("document code", "hd 59"),
        ("accented words", "nghị quyết"),
        ("rare word", "glei"),
        ("common word", "tỉnh"),
        ("syllables typed together", "kontum"),
    ),
    "en": (
        ("phrase", "external information"),
        ("document code", "hd 59"),
        ("word", "resolution"),
        ("rare word", "glei"),
        ("common word", "province"),
    ),
}
SEARCH_PAGES = {"vi": "tim-kiem/", "en": "en/search/"}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# What the search page shows (theme/templates/search.html, theme/static/js/search.js):
# result items, and a status line whose data-state is busy, done, idle or error.
RESULT_ITEMS = "[data-search-results] > li"
STATUS = "[data-search-status]"
SEARCH_FORM = "form[data-search-page]"

PLAIN_SETTINGS = """\
# Plain Pelican: default theme, no plugins (PLUGINS = [] stops auto-discovery).
AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = ""
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
PLUGINS = []
"""


class BenchError(RuntimeError):
    """A measured step failed; the message holds the end of its log."""


@dataclass(frozen=True)
class Measured:
    """One subprocess: wall and CPU seconds, peak memory in bytes."""

    wall: float
    cpu: float
    max_rss: int  # the largest single process of the tree (rusage)
    peak_pss: int  # all processes of the tree together (sampled)


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                stack += [int(child) for child in children.read_text().split()]
            except (OSError, ValueError):
                continue
    return found


def _pss(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return 0


def run_measured(command: list[str], cwd: Path, log: Path) -> Measured:
    """Run `command`; BenchError with its log's end if it fails."""
    log.parent.mkdir(parents=True, exist_ok=True)
    peak, done = [0], threading.Event()
    with log.open("wb") as handle:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=handle, stderr=handle)

        def sample():
            while not done.wait(0.2):
                total = sum(_pss(pid) for pid in _descendants(process.pid))
                peak[0] = max(peak[0], total)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise BenchError(f"{' '.join(command[:4])}... failed:\n{tail}")
    return Measured(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss=usage.ru_maxrss * 1024,
        peak_pss=peak[0],
    )


def snapshot_code(root: Path, target: Path) -> Path:
    """Copy the code a build runs (settings, sitebuild, plugins, theme) to `target`."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", ".cache")
    for name in CODE:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, target / name)
    for folder in (
        "content",
        "data",
    ):  # the settings' PATH must exist; builds get theirs
        (target / folder).mkdir(exist_ok=True)
    return target


def build_command(content: Path, data: Path, output: Path, settings: Path) -> list:
    """The site's own build (sitebuild.build, as `invoke build` runs it)."""
    paths = [str(p) for p in (content, data, output, settings)]
    return [sys.executable, "-m", "bench.harness", "build", *paths]


def plain_command(content: Path, output: Path, settings: Path) -> list:
    """`pelican content -o out -s settings` with the venv's Pelican."""
    script = Path(sys.executable).with_name("pelican")
    start = [str(script)] if script.exists() else [sys.executable, "-m", "pelican"]
    return [*start, str(content), "-o", str(output), "-s", str(settings)]


def tree_stats(folder: Path) -> tuple[int, int]:
    """(files, bytes) under `folder`."""
    sizes = [path.stat().st_size for path in folder.rglob("*") if path.is_file()]
    return len(sizes), sum(sizes)


def gzip_size(path: Path) -> int:
    """Bytes a reader downloads: the .gz sibling if published so, else gzip -9."""
    sibling = path.with_name(path.name + ".gz")
    if sibling.is_file():
        return sibling.stat().st_size
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def search_manifests(output: Path) -> dict[str, Path]:
    """Each language's search manifest.json under `output` (empty: no search)."""
    found = {}
    for manifest in sorted(output.rglob("manifest.json")):
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict):
            continue
        relative = manifest.relative_to(output).as_posix()
        lang = data.get("lang") or ("en" if relative.startswith("en/") else "vi")
        found.setdefault(lang, manifest)
    return found


def index_files(manifest: Path) -> list[Path]:
    """The manifest and the files it lists (else every file beside it)."""
    data = json.loads(manifest.read_text(encoding="utf-8"))
    try:
        names = [name for _first, name in data["terms"]] + data["docs"]["files"]
        names += [data["words"]] if data.get("words") else []
    except (KeyError, TypeError, ValueError):
        return sorted(p for p in manifest.parent.rglob("*") if p.is_file())
    return [manifest, *(manifest.parent / name for name in names)]


def index_names(manifests: dict[str, Path]) -> dict[str, set[str]]:
    """Each language's index file names (content-hashed: a new name, a new download)."""
    return {
        lang: {p.name for p in manifest.parent.iterdir() if p.is_file()}
        for lang, manifest in manifests.items()
    }


@dataclass(frozen=True)
class IndexTotals:
    files: int
    raw: int
    gzip: int


def search_totals(manifests: dict[str, Path]) -> dict[str, IndexTotals]:
    """Bytes of each language's whole index, raw and gzip (file by file)."""
    totals = {}
    for lang, manifest in manifests.items():
        paths = [p for p in index_files(manifest) if p.is_file()]
        totals[lang] = IndexTotals(
            len(paths),
            sum(p.stat().st_size for p in paths),
            sum(gzip_size(p) for p in paths),
        )
    return totals


@dataclass
class QueryMeasure:
    """One query on one language's search page, cold cache."""

    lang: str
    role: str
    query: str
    results: int | None = None
    first_bytes: int | None = None  # gzip, everything fetched before first results
    first_index_bytes: int | None = None  # of which manifest and index files
    first_index_files: int | None = None
    first_ms: float | None = None  # navigation to first results
    warm_ms: float | None = None  # the same query again, its files loaded (median)
    complete_bytes: int | None = None  # gzip, once the page stopped fetching
    error: str | None = None


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@contextmanager
def serve(folder: Path):
    """Serve `folder` on 127.0.0.1 (a free port); yield the base URL."""
    handler = partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _local_file(output: Path, url: str) -> Path | None:
    path = unquote(urlparse(url).path).lstrip("/")
    target = output / path
    if not path or path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


_STATE_JS = """([items, status]) => {
  const node = document.querySelector(status);
  return {
    items: document.querySelectorAll(items).length,
    state: node ? node.getAttribute("data-state") : null,
    text: node ? node.textContent : "",
  };
}"""
# First results: an item is shown, or the search is over (no results, or an error).
_FIRST_JS = """([items, status]) => {
  const node = document.querySelector(status);
  const state = node && node.getAttribute("data-state");
  const over = ["done", "error"].includes(state);
  return document.querySelectorAll(items).length > 0 || over;
}"""
_COMPLETE_JS = """([status]) => {
  const node = document.querySelector(status);
  return node && ["done", "error"].includes(node.getAttribute("data-state"));
}"""
# The same query again once its files are loaded: submit, wait for "done".
_WARM_JS = """async ([form, status, timeout]) => {
  const box = document.querySelector(form);
  const node = document.querySelector(status);
  if (!box || !node) return null;
  const started = performance.now();
  box.requestSubmit();
  while (node.getAttribute("data-state") !== "done") {
    if (performance.now() - started > timeout) return null;
    await new Promise(resolve => setTimeout(resolve, 1));
  }
  return performance.now() - started;
}"""


def _total(text: str, items: int) -> int:
    """The count in the status line ("1.234 kết quả"), else the items shown."""
    digits = "".join(c for c in text.split(" ")[0] if c.isdigit())
    return int(digits) if digits else items


def measure_query(
    browser,
    base: str,
    output: Path,
    page_path: str,
    index_dir: str,
    query: tuple[str, str, str],
    timeout: float = 120.0,
) -> QueryMeasure:
    """Open the search page for `query` in a fresh context; what it fetched, when."""
    lang, role, text = query
    measure = QueryMeasure(lang, role, text)
    context = browser.new_context()
    responses: list[str] = []
    # The context sees the worker's fetches too (index files are fetched by it).
    context.on("response", lambda response: responses.append(response.url))
    page = context.new_page()
    first = complete = []
    try:
        started = time.perf_counter()
        page.goto(f"{base}/{page_path}?q={quote(text)}")
        page.wait_for_function(
            _FIRST_JS, arg=[RESULT_ITEMS, STATUS], timeout=timeout * 1000, polling=5
        )
        measure.first_ms = (time.perf_counter() - started) * 1000
        first = list(responses)
        page.wait_for_function(
            _COMPLETE_JS, arg=[STATUS], timeout=timeout * 1000, polling=20
        )
        complete = list(responses)
        shown = page.evaluate(_STATE_JS, [RESULT_ITEMS, STATUS])
        if shown["state"] == "error":
            raise BenchError(f"the page says: {shown['text']}")
        measure.results = _total(shown["text"], shown["items"])
        warm = [
            page.evaluate(_WARM_JS, [SEARCH_FORM, STATUS, timeout * 1000])
            for _ in range(WARM_RUNS)
        ]
        measure.warm_ms = None if None in warm else statistics.median(warm)
    except Exception as error:  # a broken page is a finding, not a crash
        measure.error = f"{type(error).__name__}: {str(error).splitlines()[0]}"
    finally:
        context.close()

    def sizes(seen):
        files = {_local_file(output, url) for url in seen} - {None}
        index = {p for p in files if p.as_posix().startswith(index_dir)}
        return sum(map(gzip_size, files)), sum(map(gzip_size, index)), len(index)

    if measure.error is None:
        measure.first_bytes, measure.first_index_bytes, measure.first_index_files = (
            sizes(first)
        )
        measure.complete_bytes = sizes(complete)[0]
    return measure


def measure_search(output: Path, manifests: dict[str, Path]) -> list[QueryMeasure]:
    """Every fixed query of every language that has a manifest, in Chromium."""
    from playwright.sync_api import sync_playwright

    measures = []
    with serve(output) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            for lang, manifest in manifests.items():
                # the index is in <page>index/ (plugins/vietnamese_search/config.py)
                page = manifest.parent.parent.relative_to(output).as_posix() + "/"
                if not (output / page / "index.html").is_file():
                    page = SEARCH_PAGES.get(lang, page)
                index_dir = manifest.parent.as_posix() + "/"
                for role, text in QUERIES.get(lang, ()):
                    logger.info("bench: query %r on %s", text, page)
                    measures.append(
                        measure_query(
                            browser, base, output, page, index_dir, (lang, role, text)
                        )
                    )
        finally:
            browser.close()
    return measures


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpuinfo = Path("/proc/cpuinfo").read_text(errors="replace")
    models = [
        line.split(":", 1)[1].strip()
        for line in cpuinfo.splitlines()
        if line.startswith("model name")
    ]
    meminfo = Path("/proc/meminfo").read_text()
    total_kb = next(
        int(line.split()[1])
        for line in meminfo.splitlines()
        if line.startswith("MemTotal:")
    )
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": str(os.cpu_count()),
        "cpu": models[0] if models else platform.processor() or "unknown",
        "ram": f"{total_kb / 2**20:.1f} GB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "pelican": metadata.version("pelican"),
        "markdown": metadata.version("markdown"),
        "jinja2": metadata.version("jinja2"),
    }


@dataclass(frozen=True)
class Row:
    """One line of the table: a figure, its target and whether it is met."""

    key: str
    figure: str
    measured: str
    target: str = "—"
    verdict: str = "—"


@dataclass
class Report:
    spec: corpus.CorpusSpec
    machine: dict
    corpus: dict
    rows: list[Row] = field(default_factory=list)
    queries: list[QueryMeasure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    profile: list[profiling.Step] = field(default_factory=list)
    profile_run: Measured | None = None  # the same language run, not profiled

    def row(self, key: str) -> Row:
        return next(row for row in self.rows if row.key == key)


# Keys of every row, in table order (the smoke test checks them all).
ROW_KEYS = (
    "checks",
    "clean_wall",
    "clean_cpu",
    "plain_wall",
    "plain_cpu",
    "ratio_wall",
    "ratio_cpu",
    "edit_rebuild",
    "edit_identical",
    "document_rebuild",
    "memory_rss",
    "memory_pss",
    "memory_rebuild",
    "output",
    "search_vi",
    "search_en",
    "search_first",
    "search_warm",
    "search_complete",
)


def _s(seconds: float) -> str:
    return f"{seconds:.1f} s"


def _mb(count: int) -> str:
    return f"{count / 2**20:.1f} MB"


def _kb(count: int | None) -> str:
    return "n/a" if count is None else f"{count / 1024:.0f} KB"


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} ms"


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def search_rows(
    totals: dict[str, IndexTotals], queries: list[QueryMeasure]
) -> list[Row]:
    """The search part of the table; n/a where search or the browser is absent."""
    rows = []
    for lang in ("vi", "en"):
        total = totals.get(lang)
        rows.append(
            Row(
                f"search_{lang}",
                f"Search index ({lang}), whole",
                f"{total.files} files, {_mb(total.raw)} raw, {_mb(total.gzip)} gzip"
                if total
                else "n/a",
            )
        )
    measured = [q for q in queries if q.error is None]
    failed = [q for q in queries if q.error is not None]

    def worst(attribute):
        values = [(getattr(q, attribute), q) for q in measured]
        values = [(v, q) for v, q in values if v is not None]
        return max(values, key=lambda pair: pair[0]) if values else (None, None)

    def label(query):
        return f" (`{query.query}`, {query.lang})" if query else ""

    first, first_q = worst("first_bytes")
    warm, warm_q = worst("warm_ms")
    complete, complete_q = worst("complete_bytes")
    broken = f"; {len(failed)} queries failed" if failed else ""
    rows += [
        Row(
            "search_first",
            "Search: most fetched before first results, any query (gzip)",
            _kb(first) + label(first_q) + broken,
            f"≤ {_kb(MAX_FIRST_FETCH)}",
            _verdict(
                None if first is None else first <= MAX_FIRST_FETCH and not failed
            ),
        ),
        Row(
            "search_warm",
            "Search: slowest query once its files are loaded",
            _ms(warm) + label(warm_q),
            f"< {MAX_WARM_MS:.0f} ms",
            _verdict(None if warm is None else warm < MAX_WARM_MS),
        ),
        Row(
            "search_complete",
            "Search: most fetched for a complete result set (gzip)",
            _kb(complete) + label(complete_q),
            f"≤ {_mb(MAX_COMPLETE_FETCH)}",
            _verdict(None if complete is None else complete <= MAX_COMPLETE_FETCH),
        ),
    ]
    return rows


def query_verdict(query: QueryMeasure) -> str:
    """PASS when every search target holds for this query."""
    if query.error is not None:
        return "MISS"
    checks = [
        query.first_bytes is not None and query.first_bytes <= MAX_FIRST_FETCH,
        query.warm_ms is not None and query.warm_ms < MAX_WARM_MS,
        query.complete_bytes is not None and query.complete_bytes <= MAX_COMPLETE_FETCH,
    ]
    return _verdict(all(checks))


def render(report: Report, command: str) -> str:
    """The report as Markdown: machine, corpus, table, queries, notes, profile."""
    m, c = report.machine, report.corpus
    lines = [
        "# Benchmark results",
        "",
        f"`{command}` (seed {report.spec.seed}), {m['date']}.",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['ram']} RAM, {m['os']}; "
        f"Python {m['python']}, Pelican {m['pelican']}, Markdown {m['markdown']}, "
        f"Jinja2 {m['jinja2']}"
        + (f", {m['chromium']}" if m.get("chromium") else "")
        + f". Load average (1 min): {m.get('load', 'n/a')}; the machine is shared, "
        "so compare figures within one run.",
        "",
        f"Corpus: {c['vi articles']} Vietnamese articles, {c['en translations']} "
        f"English translations, {c['documents']} documents ({c['attachments']} "
        f"attachments), {c['images']} images, {_mb(c['Markdown bytes'])} of Markdown.",
        "",
        "| Figure | Measured | Target | Verdict |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {r.figure} | {r.measured} | {r.target} | {r.verdict} |" for r in report.rows
    ]
    if report.queries:
        lines += [
            "",
            "Search queries, each in a fresh browser context (empty cache); bytes are "
            "gzip -9 of each file fetched (page, CSS, JS, manifest, index files); "
            f"once loaded: the median of {WARM_RUNS} submits of the same query.",
            "",
            "| Site | Query | Results | Before first results (index: files, bytes) "
            "| First results after | Once loaded | Complete set | Verdict |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for q in report.queries:
            if q.error:
                lines.append(
                    f"| {q.lang} | `{q.query}` ({q.role}) | error: {q.error} "
                    "| | | | | MISS |"
                )
                continue
            lines.append(
                f"| {q.lang} | `{q.query}` ({q.role}) | {q.results} "
                f"| {_kb(q.first_bytes)} ({q.first_index_files}, "
                f"{_kb(q.first_index_bytes)}) | {_ms(q.first_ms)} | {_ms(q.warm_ms)} "
                f"| {_kb(q.complete_bytes)} | {query_verdict(q)} |"
            )
    if report.notes:
        lines += ["", "## Notes", ""] + [f"- {note}" for note in report.notes]
    if report.profile:
        whole = report.profile[0]
        run = report.profile_run
        lines += [
            "",
            "## Where the time of the Vietnamese run goes",
            "",
            f"One language run alone: {_s(run.wall)} wall, {_s(run.cpu)} CPU, "
            f"{_mb(run.max_rss)} max RSS. Timed: timers around these entry points, "
            "no profiler (inclusive; indented rows are part of the row above; a "
            "plugin's template filters count under Jinja). cProfile: the same run "
            "under cProfile, which slows call-heavy code most.",
            "",
            "| Step | Timed | Share | Calls | cProfile | Share |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for step in report.profile:
            profiled = (
                f"{step.profiled:.1f} s | "
                f"{100 * step.profiled / (whole.profiled or 1):.0f}%"
                if step.profiled is not None
                else "— | —"
            )
            lines.append(
                f"| {step.label} | {step.seconds:.2f} s "
                f"| {100 * step.seconds / (whole.seconds or 1):.0f}% "
                f"| {step.calls} | {profiled} |"
            )
    return "\n".join(lines) + "\n"


def write_results(path: Path, text: str) -> None:
    """Write the generated report; a hand-written analysis after the marker stays."""
    kept = "\n"
    if path.is_file():
        old = path.read_text(encoding="utf-8")
        if ANALYSIS_MARKER in old:
            kept = old.split(ANALYSIS_MARKER, 1)[1]
    path.write_text(f"{text}\n{ANALYSIS_MARKER}{kept}", encoding="utf-8")


def cache_settings() -> str:
    """Pelican's content cache settings as the build sets them."""
    from sitebuild.state.content_cache import CACHE_SETTINGS

    return ", ".join(f"{key}={value}" for key, value in CACHE_SETTINGS.items())


def forget_cache(content: Path, data: Path, settings: Path) -> None:
    """Delete the content cache of builds with `settings`: the next one is cold."""
    from sitebuild.build import BuildRequest
    from sitebuild.build.settings import cache_root

    request = BuildRequest(content, data, Path("unused"), settings)
    shutil.rmtree(cache_root(request), ignore_errors=True)


def _ratio_note(clean: Measured, plain: Measured) -> str:
    return (
        f"Clean build {_s(clean.wall)} wall / {_s(clean.cpu)} CPU against plain "
        f"Pelican's {_s(plain.wall)} / {_s(plain.cpu)}: the build runs one Pelican "
        "per language in parallel; each reads every source file (the other "
        "language's for its header only), then writes its own pages, search index "
        "and library; see the profile for where the time of one run goes."
    )


def run_benchmark(
    spec: corpus.CorpusSpec,
    work: Path,
    settings: Path = SETTINGS,
    browser: bool = True,
    profile: bool = False,
) -> Report:
    """Generate, build (clean, edited, with one more document), compare, measure."""
    from sitebuild.checks import check_sources

    started_load = os.getloadavg()[0]
    code = snapshot_code(ROOT, work / "code")
    settings = code / Path(settings).resolve().relative_to(ROOT)
    kinds = (ROOT / "data" / "document-kinds.yaml").read_text(encoding="utf-8")
    files = corpus.generate(spec, kinds)
    source = work / "corpus"
    shutil.rmtree(source, ignore_errors=True)
    write_files(source, files)
    content, data = source / "content", source / "data"
    report = Report(spec, machine(), corpus.summary(files))
    logs = work / "logs"
    sources = len(list(content.rglob("*.md")))

    problems = check_sources({"content": content, "data": data}, work)
    report.rows.append(
        Row(
            "checks",
            "Site's source checks on the corpus",
            f"{len(problems)} problems",
            "0",
            _verdict(not problems),
        )
    )
    for problem in problems[:5]:
        report.notes.append(f"Source check: {problem}")

    def clean_build(output: Path, name: str) -> Measured:
        shutil.rmtree(output, ignore_errors=True)
        forget_cache(content, data, settings)
        return build(output, name)

    def build(output: Path, name: str) -> Measured:
        logger.info("bench: %s", name)
        command = build_command(content, data, output, settings)
        return run_measured(command, code, logs / f"{name}.log")

    site = work / "site"
    clean = clean_build(site, "clean")
    plain_out = work / "plain"
    shutil.rmtree(plain_out, ignore_errors=True)
    plain_settings = work / "plain-settings.py"
    plain_settings.write_text(PLAIN_SETTINGS, encoding="utf-8")
    logger.info("bench: plain Pelican")
    plain = run_measured(
        plain_command(content, plain_out, plain_settings), work, logs / "plain.log"
    )
    files_out, bytes_out = tree_stats(site)
    plain_files, plain_bytes = tree_stats(plain_out)

    manifests = search_manifests(site)
    totals = search_totals(manifests)
    if browser and manifests:
        logger.info("bench: search in Chromium")
        report.queries = measure_search(site, manifests)
        report.machine["chromium"] = _chromium_version()

    edited_path, edited = corpus.edited_article(files, spec)
    (source / edited_path).write_bytes(edited)
    names_before = index_names(manifests)
    edit = build(site, "rebuild-after-edit")
    for lang, before in names_before.items():
        after = index_names(search_manifests(site)).get(lang, set())
        report.notes.append(
            f"Editing one article changed {len(after - before)} of {len(after)} "
            f"{lang} search files (new content-hashed names: readers download them "
            "again)."
        )
    fresh = work / "site-clean"
    second = clean_build(fresh, "clean-after-edit")
    differ = compare_trees(site, fresh)
    # Plain Pelican again, after the second clean build: each is measured twice,
    # interleaved, and the ratio takes the better of each (the machine is shared:
    # what others run only ever adds time).
    shutil.rmtree(plain_out, ignore_errors=True)
    logger.info("bench: plain Pelican again")
    plain_again = run_measured(
        plain_command(content, plain_out, plain_settings), work, logs / "plain-2.log"
    )
    write_files(source, corpus.extra_document(kinds))
    document = build(site, "rebuild-after-document")
    if profile:
        logger.info("bench: profile of the vi run")
        report.profile_run, report.profile = profiling.profile_language(
            content, data, work, settings, "vi", run_measured, code
        )

    best_clean = min(clean.wall, second.wall)
    best_plain = min(plain.wall, plain_again.wall)
    ratio, cpu_ratio = best_clean / best_plain, clean.cpu / plain.cpu
    edit_share, document_share = edit.wall / best_clean, document.wall / best_clean
    report.rows += [
        Row(
            "clean_wall",
            "Clean build, wall (better of two)",
            f"{_s(best_clean)} (first {_s(clean.wall)}; again after the edit: "
            f"{_s(second.wall)})",
        ),
        Row("clean_cpu", "Clean build, CPU (children included)", _s(clean.cpu)),
        Row(
            "plain_wall",
            "Plain Pelican, same article files, wall (better of two)",
            f"{_s(best_plain)} ({1000 * best_plain / sources:.1f} ms per source "
            f"file; first {_s(plain.wall)}, again {_s(plain_again.wall)})",
        ),
        Row("plain_cpu", "Plain Pelican, CPU", _s(plain.cpu)),
        Row(
            "ratio_wall",
            "Clean build / plain Pelican, wall",
            f"{ratio:.2f}",
            f"≤ {MAX_RATIO:.1f}",
            _verdict(ratio <= MAX_RATIO),
        ),
        Row("ratio_cpu", "Clean build / plain Pelican, CPU", f"{cpu_ratio:.2f}"),
        Row(
            "edit_rebuild",
            "Rebuild after editing one article, wall",
            f"{_s(edit.wall)} ({100 * edit_share:.0f}% of clean; CPU "
            f"{_s(edit.cpu)}, {100 * edit.cpu / clean.cpu:.0f}% of clean)",
            f"≤ {100 * MAX_REBUILD_SHARE:.0f}% of clean",
            _verdict(edit_share <= MAX_REBUILD_SHARE),
        ),
        Row(
            "edit_identical",
            "Rebuilt output = clean build of the edited corpus, byte for byte",
            "identical" if not differ else f"{len(differ)} files differ",
            "identical",
            _verdict(not differ),
        ),
        Row(
            "document_rebuild",
            "Rebuild after adding one document, wall",
            f"{_s(document.wall)} ({100 * document_share:.0f}% of clean; CPU "
            f"{_s(document.cpu)}, {100 * document.cpu / clean.cpu:.0f}% of clean)",
            f"≤ {100 * MAX_DOCUMENT_SHARE:.0f}% of clean",
            _verdict(document_share <= MAX_DOCUMENT_SHARE),
        ),
        Row(
            "memory_rss",
            "Peak memory, largest process (max RSS, children included)",
            f"{_mb(clean.max_rss)} (plain Pelican {_mb(plain.max_rss)})",
            f"< {_mb(MAX_MEMORY)}",
            _verdict(clean.max_rss < MAX_MEMORY),
        ),
        Row(
            "memory_pss",
            "Peak memory, all build processes together (PSS, sampled every 0.2 s)",
            f"{_mb(clean.peak_pss)} (plain Pelican {_mb(plain.peak_pss)})",
            f"< {_mb(MAX_MEMORY)}",
            _verdict(clean.peak_pss < MAX_MEMORY),
        ),
        Row(
            "memory_rebuild",
            "Peak memory, all processes of the rebuilds (PSS; after the edit, the "
            "document)",
            f"{_mb(edit.peak_pss)}, {_mb(document.peak_pss)}",
            f"< {_mb(MAX_MEMORY)}",
            _verdict(max(edit.peak_pss, document.peak_pss) < MAX_MEMORY),
        ),
        Row(
            "output",
            "Output files and bytes",
            f"{files_out} files, {_mb(bytes_out)} "
            f"(plain Pelican {plain_files} files, {_mb(plain_bytes)})",
        ),
    ]
    report.rows += search_rows(totals, report.queries)
    report.rows.sort(key=lambda row: ROW_KEYS.index(row.key))
    best = (
        clean if clean.wall <= second.wall else second,
        plain if plain.wall <= plain_again.wall else plain_again,
    )
    report.notes += _notes(report, *best, edit, document, differ)
    for lang, manifest in manifests.items():
        types = json.loads(manifest.read_text(encoding="utf-8")).get("types")
        if isinstance(types, list) and "document" not in types:
            report.notes.append(
                f"The {lang} search index holds no documents (manifest types: "
                f"{', '.join(map(str, types))}), so document queries find nothing."
            )
    load = os.getloadavg()[0]
    report.machine["load"] = f"{started_load:.1f} at the start, {load:.1f} at the end"
    if not manifests:
        report.notes.append("No search manifest.json in the output: search rows n/a.")
    elif not browser:
        report.notes.append("Browser part skipped (--no-browser): query rows n/a.")
    return report


def _notes(report, clean, plain, edit, document, differ) -> list[str]:
    """How the builds were run, and why each missed target is missed, from the
    figures of this run (`clean` and `plain`: the better of each pair)."""
    notes = [
        "Clean builds are cold: the harness deletes the content cache before each. "
        "Each rebuild uses the cache the build before it left (Pelican's content "
        f"cache, {cache_settings()}).",
        "The site's clean build and plain Pelican are each measured twice, "
        "interleaved (clean, plain, ..., clean again, plain again); the ratio and "
        "the rebuilds' shares take the better of each pair: on a shared machine "
        "what others run only ever adds time.",
    ]
    if report.row("ratio_wall").verdict == "MISS":
        notes.append(_ratio_note(clean, plain))
    if "MISS" in (report.row(k).verdict for k in ("edit_rebuild", "document_rebuild")):
        notes.append(
            f"Rebuilds took {_s(edit.wall)} and {_s(document.wall)} against "
            f"{_s(clean.wall)} clean: the cache spares reading the unchanged "
            "sources and analysing unchanged search records, and a language whose "
            "run reads nothing that changed (the English one, after a Vietnamese "
            "body edit) is not run. After an edit of bodies alone, the run starts "
            "from what the last full run read (its snapshot), renders the pages "
            "that show the edited bodies, writes the feeds, patches the search "
            "index and carries every other page over; only the edited files are "
            "checked. After a new document, both runs start from their snapshot "
            "and read the library again; a page that shows the library only in "
            "the sidebar is carried over with the sidebar replaced, a listing or "
            "a document's page only when it shows the same as before; the home "
            "page, the listings of the new document's kind or year and its page "
            "are rendered, the search index is patched (the articles' numbers "
            "move by one), and every source is checked (an article may name the "
            "document)."
        )
    if differ:
        shown = ", ".join(differ[:5])
        notes.append(
            f"Rebuilt and clean outputs differ in {len(differ)} files: {shown}"
        )
    if "MISS" in (report.row(k).verdict for k in ("memory_rss", "memory_pss")):
        notes.append(
            f"Memory: largest process {_mb(clean.max_rss)}, all processes together "
            f"{_mb(clean.peak_pss)}; up to five processes at once: the two language "
            "runs (each holds its language's articles with their HTML, and the other "
            "language's headers), the search index program beside each (its "
            "records, analyses and postings), and the source checks."
        )
    for query in report.queries:
        if query.error:
            notes.append(f"Query `{query.query}` ({query.lang}) failed: {query.error}")
        elif query_verdict(query) == "MISS":
            notes.append(
                f"Query `{query.query}` ({query.lang}): {query.first_index_files} "
                f"index files ({_kb(query.first_index_bytes)}) before the first "
                f"results, {_kb(query.complete_bytes)} in all, "
                f"{_ms(query.warm_ms)} once loaded."
            )
    return notes


def _chromium_version() -> str:
    try:
        result = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, check=False
        )
    except OSError:
        return ""
    lines = [line for line in result.stdout.splitlines() if "Chromium" in line]
    return lines[-1].split(" built")[0] if lines else ""


def main(
    spec: corpus.CorpusSpec,
    keep: Path | None = None,
    browser: bool = True,
    profile: bool = False,
    results: Path | None = RESULTS,
    command: str = "invoke bench",
) -> str:
    """Run the benchmark in `keep` (else a temporary folder); return the Markdown."""
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        report = run_benchmark(spec, work.resolve(), browser=browser, profile=profile)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    text = render(report, command)
    if results is not None:
        write_results(Path(results), text)
    return text


def _subprocess_main(argv: list[str]) -> int:
    """`build CONTENT DATA OUTPUT SETTINGS`: the site's build, as `invoke build`."""
    from sitebuild.build import BuildRequest
    from sitebuild.build import main as build_main

    return build_main(BuildRequest(*map(Path, argv[1:5])))


if __name__ == "__main__":
    sys.exit(_subprocess_main(sys.argv[1:]))
