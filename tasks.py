"""The commands people run: build, check, serve, test (invoke tasks)."""

import glob
import logging
import os
import shlex
import shutil
import sys
import tempfile
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

from invoke import Collection, task

from plugins.document_library.records import load_library
from sitebuild.build import BuildFailed, BuildRequest, site_settings
from sitebuild.build import build as run_build
from sitebuild.checks import check_sources
from sitebuild.publish import publish as publish_release
from sitebuild.publish import rollback as rollback_release
from sitebuild.tools import members as members_file
from sitebuild.tools import scaffold

ROOT = Path(__file__).resolve().parent

GOLDEN_DIR = ROOT / "tests" / "golden"


# The settings file of each build: (production, members) -> file.
SETTINGS_FILES = {
    (False, False): "pelicanconf.py",
    (True, False): "publishconf.py",
    (False, True): "membersconf.py",
    (True, True): "memberspublishconf.py",
}


def _request(content, data, output, production=False, members=False):
    settings = ROOT / SETTINGS_FILES[(bool(production), bool(members))]
    if output is None:  # each area's settings name its own folder
        request = BuildRequest(Path(), Path(), Path(), settings, members)
        output = site_settings(request)["OUTPUT_PATH"]
    return BuildRequest(Path(content), Path(data), Path(output), settings, members)


def _report(problems, output=None):
    for problem in problems:
        print(problem, file=sys.stderr)
    tail = f"; {output} was left as it was" if output else ""
    print(f"{len(problems)} problem(s){tail}.", file=sys.stderr)


@task(
    help={
        "content": "folder of Markdown articles (default content/)",
        "data": "folder of YAML records (default data/)",
        "output": "where the site is written (default output/, or output-members/)",
        "production": "use publishconf.py (absolute URLs; needs SITEURL set)",
        "members": "build the briefers' area (restricted documents included)",
    }
)
def build(
    c, content="content", data="data", output=None, production=False, members=False
):
    """Build the bilingual site; on problems, list them all and keep the old output."""
    request = _request(content, data, output, production, members)
    output = request.output
    started = time.perf_counter()
    _show_build_notes()
    try:
        run_build(request)
    except BuildFailed as failure:
        _report(failure.problems, output)
        sys.exit(1)
    print(f"Built {output}/ in {time.perf_counter() - started:.1f} s")


def _show_build_notes(name: str = "sitebuild") -> None:
    """A part's notes on standard error: the runner's (a language whose run was
    left out), the import's."""
    notes = logging.getLogger(name)
    if not notes.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        notes.addHandler(handler)
        notes.setLevel(logging.INFO)


@task(help={"content": "folder of Markdown articles", "data": "folder of YAML records"})
def check(c, content="content", data="data"):
    """Check every article and record without writing the site."""
    problems = check_sources({"content": Path(content), "data": Path(data)}, Path.cwd())
    if problems:
        _report(problems)
        sys.exit(1)
    print("No problems found.")


@task(
    help={
        "target": "the folder readers are served from (made a symlink to the release)",
        "content": "folder of Markdown articles (default content/)",
        "data": "folder of YAML records (default data/)",
        "members": "publish the briefers' area (to its own target)",
    }
)
def publish(c, target, content="content", data="data", members=False):
    """Build for production (SITEURL from the environment), check, compress, switch."""
    request = _request(content, data, "unused", production=True, members=members)
    try:
        release = publish_release(
            request, Path(target), site_settings(request)["SITEURL"]
        )
    except BuildFailed as failure:
        _report(failure.problems, target)
        sys.exit(1)
    print(f"Published {release} at {target}")


@task(help={"target": "the folder readers are served from"})
def rollback(c, target):
    """Point the target back at the previous release."""
    try:
        release = rollback_release(Path(target))
    except BuildFailed as failure:
        _report(failure.problems)
        sys.exit(1)
    print(f"{target} now serves {release}")


@task(
    help={
        "title": "the article's title (Vietnamese, or English with --lang en)",
        "lang": "vi (default) or en",
        "translation_of": "for a translation: the slug of the Vietnamese article",
    }
)
def new_article(c, title, lang="vi", translation_of=None, content="content"):
    """Write a new article file with every field in place (TODO marks what to fill)."""
    try:
        path = scaffold.new_article(Path(content), title, lang, translation_of)
    except scaffold.ScaffoldError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
    print(f"wrote {path}: fill in every TODO, then `make html`")


@task(
    help={
        "kind": "one of the kinds declared in data/document-kinds.yaml",
        "title": "the Vietnamese title",
        "code": "number and symbol, e.g. HD.59.BTGTW (optional)",
    }
)
def new_document(c, kind, title, code=None, data="data"):
    """Write a new record in data/documents/; its id comes from the code or title."""
    library, _problems = load_library(Path(data))
    try:
        path = scaffold.new_document(Path(data), set(library.kinds), kind, title, code)
    except scaffold.ScaffoldError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
    print(f"wrote {path}: fill in the issuer (and check the date), then `make html`")


@task(
    help={
        "database": "the NukeViet database: mysql://USER:PASS@HOST:PORT/DBNAME",
        "prefix": "its table prefix (nv4 for tables like nv4_vi_news_rows)",
        "uploads": "the old site's uploads/ folder (pictures and files)",
        "news_module": "the news module's name (default news)",
        "laws_module": "the documents module's name (default laws)",
        "content": "where articles go (default content/)",
        "data": "where document records go (default data/)",
        "redirects": "the nginx map of old addresses (default "
        "deploy/nginx/nukeviet-redirects.map)",
        "dry_run": "say what would be done, write nothing",
    }
)
def import_nukeviet(
    c,
    database,
    prefix,
    uploads=None,
    news_module="news",
    laws_module="laws",
    content="content",
    data="data",
    redirects="deploy/nginx/nukeviet-redirects.map",
    dry_run=False,
):
    """Import a NukeViet 4 site's news and documents; map its old addresses."""
    from nukeviet_import.importer import ImportFailed, ImportOptions, run_import
    from nukeviet_import.plan import SiteAddresses

    _show_build_notes("nukeviet_import")
    settings = site_settings(_request(content, data, "output"))
    addresses = SiteAddresses.from_settings(settings)
    options = ImportOptions(
        database=database,
        prefix=prefix,
        uploads=Path(uploads) if uploads else None,
        news_module=news_module,
        laws_module=laws_module,
        content=Path(content),
        data=Path(data),
        redirects=Path(redirects),
        dry_run=dry_run,
    )
    try:
        report = run_import(options, addresses)
    except ImportFailed as error:
        print(error, file=sys.stderr)
        sys.exit(1)
    if not dry_run:
        report.problems = [
            str(problem)
            for problem in check_sources(
                {"content": Path(content), "data": Path(data)}, Path.cwd()
            )
        ]
    print(report.text(), end="")


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


# What the tests need from Debian: the file each package provides, and the package.
DEBIAN_TOOLS = {
    "/usr/bin/chromium": "chromium",
    "/usr/bin/java": "default-jre-headless",
    "/usr/bin/npm": "npm",
    "/usr/sbin/nginx": "nginx-light",
    "/usr/bin/openssl": "openssl",  # the nginx tests' throwaway certificate
    # the NukeViet import's tests run a throwaway MariaDB server
    "/usr/sbin/mariadbd": "mariadb-server",
    "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so": (
        "libnginx-mod-http-brotli-static"
    ),
    # Playwright's own driver (node, shipped in its wheel) links against it.
    "/usr/lib/*/libatomic.so.1": "libatomic1",
}


def ensure_test_tools(c):
    """Install what the tests need and lack: Debian packages (as root), npm ones."""
    missing = [pkg for path, pkg in DEBIAN_TOOLS.items() if not glob.glob(path)]
    if missing:
        line = (
            "apt-get update && apt-get install -y --no-install-recommends "
            + " ".join(missing)
        )
        if os.geteuid() != 0:
            print(f"The tests need Debian packages; as root, run:\n  {line}")
            sys.exit(1)
        c.run(line, env={"DEBIAN_FRONTEND": "noninteractive"})
    installed = ROOT / "node_modules" / ".package-lock.json"
    lock = ROOT / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        with c.cd(str(ROOT)):
            c.run("npm ci --no-audit --no-fund --loglevel=error")


# The tests that build no site, start no browser, server or database.
FAST_TESTS = "not slow and not browser and not nginx"


@task(
    help={
        "args": "extra pytest arguments, e.g. -k feeds",
        "fast": "only the pure cores' tests (no site built, no browser, nginx or "
        "MariaDB): seconds, not minutes",
    }
)
def test(c, args="", fast=False):
    """Run every test, after installing what the tests need (--fast: the quick ones)."""
    if fast:  # nothing to install: no browser, server or database is started
        selected = shlex.join([sys.executable, "-m", "pytest", "-m", FAST_TESTS])
        c.run(f"{selected} {args}")
        return
    ensure_test_tools(c)
    c.run(f"{sys.executable} -m pytest {args}", pty=False)


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


@task(help={"font": "a bold TrueType font with Vietnamese letters (DejaVu Sans)"})
def social_card(c, font=None):
    """Draw theme/static/img/og-default.png, the picture of shared links to pages
    without a photo, from the site's and the office's names in the settings."""
    from pelican.settings import read_settings

    from sitebuild.social_card import FONT, draw_card

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    target = ROOT / "theme" / "static" / "img" / "og-default.png"
    draw_card(settings, target, font or FONT)
    print(f"wrote {target.relative_to(ROOT)}")


# Every page type of the site, as the screenshots and the page weights show it.
PAGE_TYPES = {
    "home": "/",
    "article": "/tin-tuc/ket-qua-sau-10-nam-trien-khai-chien-luoc-phat-trien-thong-tin"
    "-doi-ngoai-tinh-kon-tum-giai-doan-2011-2020/",
    "category": "/chuyen-muc/thong-tin-doi-ngoai/",
    "tag": "/the/kon-tum/",
    "archives": "/luu-tru/",
    "library": "/van-ban/",
    "document": "/van-ban/hd-59-btgtw/",
    "search": "/tim-kiem/?q=kontum",
    "not-found": "/404.html",
    "english-home": "/en/",
}
# The portal fixture's pages with photos (the real site has none yet).
PHOTO_PAGES = {
    "home, with photos": "/",
    "article, with photos": "/tin-tuc/hoi-nghi-tong-ket-cong-tac-tuyen-giao-nam-2022/",
    "category, with thumbnails": "/chuyen-muc/thoi-su/",
}


def _chromium(playwright):
    from bench.harness import CHROMIUM, CHROMIUM_ARGS

    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def _built(name: str, content: Path, data: Path) -> Path:
    output = ROOT / ".cache" / name
    shutil.rmtree(output, ignore_errors=True)
    run_build(_request(content, data, output))
    return output


@task(help={"folder": "where the PNG files go (default docs/screenshots)"})
def screenshots(c, folder="docs/screenshots"):
    """Build the site and capture each page type at 390 and 1366 px wide."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    from bench.harness import serve as serving

    target = ROOT / folder
    target.mkdir(parents=True, exist_ok=True)
    site = _built("screenshots-build", ROOT / "content", ROOT / "data")
    with serving(site) as base, sync_playwright() as playwright:
        browser = _chromium(playwright)
        for name, path in PAGE_TYPES.items():
            for width, height in ((390, 844), (1366, 900)):
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(base + path)
                if "?q=" in path:
                    page.wait_for_selector("[data-search-status][data-state='done']")
                page.wait_for_load_state("networkidle")
                file = target / f"{name}-{width}.png"
                page.screenshot(path=str(file), full_page=True)
                page.close()
                with Image.open(file) as shot:  # at most two screens, 64 colours
                    shown = shot.crop((0, 0, shot.width, min(shot.height, 2 * height)))
                    shown.quantize(colors=64).save(file, optimize=True)
                print(f"wrote {file.relative_to(ROOT)}")
        browser.close()


@task(help={"results": "the results file (default bench/RESULTS.md)"})
def page_weight(c, results="bench/RESULTS.md"):
    """Weigh each page type in Chromium (text gzip, pictures apart) into the results."""
    from playwright.sync_api import sync_playwright

    from bench.harness import serve as serving
    from bench.page_weight import WIDTHS, fresh_copy, measure, replace_section, table
    from testbed.pictures import draw_images

    real = _built("page-weight-real", ROOT / "content", ROOT / "data")
    portal_sources = fresh_copy(ROOT / "tests" / "fixtures" / "portal")
    draw_images(portal_sources / "content")
    portal = _built(
        "page-weight-portal", portal_sources / "content", portal_sources / "data"
    )
    rows = []
    with sync_playwright() as playwright:
        browser = _chromium(playwright)
        for site_name, site, pages in (
            ("real", real, PAGE_TYPES),
            ("portal fixture", portal, PHOTO_PAGES),
        ):
            with serving(site) as base:
                for name, path in pages.items():
                    weights = {w: measure(browser, base, path, w) for w in WIDTHS}
                    rows.append((site_name, name, weights))
        browser.close()
    shutil.rmtree(portal_sources.parent, ignore_errors=True)
    text = (
        "## Page weights\n\n"
        f"`invoke page-weight`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
        "every file a page fetches in Chromium, scrolled to its end, with an empty "
        "cache; text (HTML, CSS, JS, JSON) as gzip -9 sends it; pictures apart, as "
        "they are. Target: the article page at most 50 KB of text. The portal "
        "fixture's photos are drawn with noise, which compresses worse than a "
        "real photo: their bytes are an upper bound.\n\n" + table(rows)
    )
    replace_section(ROOT / results, text)
    print(text)


@task
def translations(c):
    """Extract the theme's strings and merge them into the vi and en catalogs.

    New strings arrive with an empty translation: fill every msgstr in
    theme/translations/<lang>/LC_MESSAGES/messages.po (a test fails otherwise).
    """
    from plugins.theme_gettext.catalogs import untranslated

    pybabel = [str(Path(sys.executable).with_name("pybabel")), "--quiet"]
    translations = ROOT / "theme" / "translations"
    with tempfile.TemporaryDirectory() as work, c.cd(str(ROOT)):
        template = Path(work) / "messages.pot"
        # Locations without line numbers (theme/templates/x.html), sorted, as wide
        # as the code: an edit elsewhere in a template leaves the catalogs alone.
        extract = ["extract", "-F", "theme/babel.cfg", "--add-location=file"]
        extract += ["--sort-output", "--width=88", "-o", str(template), "theme"]
        c.run(shlex.join(pybabel + extract))
        # No guessed (fuzzy) translations, no obsolete entries kept, and the
        # catalogs' creation date left as it was.
        update = ["update", "-i", str(template), "-d", str(translations)]
        update += ["--no-fuzzy-matching", "--ignore-obsolete"]
        update += ["--ignore-pot-creation-date", "--width=88"]
        c.run(shlex.join(pybabel + update))
    for po_path in sorted(translations.glob("*/LC_MESSAGES/messages.po")):
        missing = untranslated(po_path)
        print(f"{po_path.relative_to(ROOT)}: {len(missing)} untranslated")
        for message_id in missing:
            print(f"  {message_id!r}")


def _members_file(file):
    from pelican.settings import get_settings_from_file

    settings = get_settings_from_file(str(ROOT / "pelicanconf.py"))
    try:
        return members_file.members_file_path(file, settings.get("MEMBERS_FILE"), ROOT)
    except members_file.MembersFileError as error:
        print(error, file=sys.stderr)
        sys.exit(1)


MEMBERS_FILE_HELP = "the members file (default: $MEMBERS_FILE, else pelicanconf's)"


@task(
    name="add",
    help={
        "name": "the member's name (letters, digits, . _ @ -)",
        "file": MEMBERS_FILE_HELP,
        "generate": "make a random 20-character password and show it once",
        "password_stdin": "read the password from one line of standard input",
    },
)
def add_member(c, name, file=None, generate=False, password_stdin=False):
    """Add a briefer, or give one a new password (asked twice, never an argument).

    The file is replaced atomically, mode 0640.
    """
    path = _members_file(file)
    try:
        members_file.check_name(name)
        password = (
            members_file.generate_password()
            if generate
            else members_file.ask_password(password_stdin, name)
        )
        existed = members_file.add_member(path, name, password)
    except members_file.MembersFileError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
    print(f"{'New password for' if existed else 'Added'} {name} in {path}")
    if generate:
        print(f"Password (shown only now): {password}")


@task(name="remove", help={"name": "the member's name", "file": MEMBERS_FILE_HELP})
def remove_member(c, name, file=None):
    """Remove a briefer's account."""
    path = _members_file(file)
    try:
        members_file.remove_member(path, name)
    except members_file.MembersFileError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
    print(f"Removed {name} from {path}")


@task(name="list", help={"file": MEMBERS_FILE_HELP})
def list_members(c, file=None):
    """The briefers' names, one a line (never their password hashes)."""
    try:
        names = members_file.member_names(_members_file(file))
    except members_file.MembersFileError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
    for member in names:
        print(member)


GOLDEN_PAGES = [
    "tin-tuc/ket-qua-sau-10-nam-trien-khai-chien-luoc-phat-trien-thong-tin-doi-ngoai"
    "-tinh-kon-tum-giai-doan-2011-2020/index.html",
    "en/news/results-of-10-years-of-implementing-the-strategy-for-the-development-of"
    "-external-information-of-kon-tum-province-2011-2020/index.html",
]


@task(
    help={
        "articles": "articles of the generated old site (default 10000)",
        "keep": "folder for the database and the imported sources, kept afterwards",
        "seed": "the generator's seed",
        "results": "where to write the figures (default bench/RESULTS.md)",
    }
)
def bench_import(c, articles=10_000, keep=None, seed=None, results=None):
    """Time `invoke import-nukeviet` on a generated NukeViet site in MariaDB."""
    from bench.nukeviet_import import RESULTS, ImportSpec, run

    ensure_test_tools(c)  # MariaDB
    spec = ImportSpec(int(articles), **({} if seed is None else {"seed": int(seed)}))
    print(
        run(spec, Path(keep) if keep else None, Path(results) if results else RESULTS)
    )


@task(
    help={
        "articles": "Vietnamese articles to generate",
        "translated_share": "share of them translated to English (default 0.3)",
        "documents": "documents of the library (default articles / 5)",
        "keep": "folder for the corpus and outputs, kept afterwards (default: temp)",
        "seed": "the generator's seed (same seed, same corpus)",
        "browser": "measure the search pages in Chromium (--no-browser skips it)",
        "profile": "also profile the Vietnamese run with cProfile",
        "results": "where to write the report (default bench/RESULTS.md)",
    }
)
def bench(
    c,
    articles=1000,
    translated_share="0.3",
    documents=None,
    keep=None,
    seed=None,
    browser=True,
    profile=False,
    results=None,
):
    """Build a generated corpus, measure it against plain Pelican, print the table."""
    from bench.harness import RESULTS
    from bench.harness import main as run_bench
    from testbed.corpus import CorpusSpec

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    spec = CorpusSpec(
        int(articles),
        float(translated_share),
        None if documents is None else int(documents),
        **({} if seed is None else {"seed": int(seed)}),
    )
    words = ["invoke bench", f"--articles {spec.articles}"]
    words += [f"--translated-share {spec.translated_share}"]
    words += [f"--documents {spec.document_count}"]
    words += [] if browser else ["--no-browser"]
    text = run_bench(
        spec,
        keep=Path(keep) if keep else None,
        browser=browser,
        profile=profile,
        results=Path(results) if results else RESULTS,
        command=" ".join(words),
    )
    print(text)


# The commands, by name (invoke reads `namespace`); the briefers' accounts are a
# group of their own: `invoke members.add NAME`, `members.remove NAME`, `members.list`.
namespace = Collection(
    build,
    check,
    serve,
    test,
    translations,
    golden,
    screenshots,
    page_weight,
    social_card,
    new_article,
    new_document,
    publish,
    rollback,
    import_nukeviet,
    bench,
    bench_import,
)
namespace.add_collection(Collection("members", add_member, remove_member, list_members))
