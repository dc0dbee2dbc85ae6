"""Runs the whole build: check sources, one Pelican run per language, swap output.

Each language is built by its own Pelican run in its own process (both cores work,
and no plugin state can leak from one run into the other). Everything is written
into a fresh staging folder beside the output; only a build without any error
replaces the output, so readers never see a half-built site.
"""

import logging
import multiprocessing
import os
import shutil
import sys
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .articles import check_articles
from .assets import fingerprint

# The pure cores of our plugins are importable without Pelican.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
from document_library.records import load_library  # noqa: E402

logger = logging.getLogger(__name__)

# Pelican reports a few real errors only as warnings; they fail our build.
FATAL_WARNINGS = ("Unable to find", "would be written outside output path")


class BuildFailed(Exception):
    """The build found problems; the output was left as it was."""

    def __init__(self, problems: list):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass(frozen=True)
class BuildRequest:
    """What to build, from where, into where, with which settings file."""

    content: Path
    data: Path
    output: Path
    settings_file: Path

    @property
    def root(self) -> Path:
        return self.settings_file.parent


def check_sources(request: BuildRequest) -> list:
    """Every problem of the articles and the library, without building anything."""
    library, problems = load_library(request.data, display_root=Path.cwd())
    document_ids = {document.id for document in library.documents}
    # A document with problems is left out of the library; articles may still name it.
    document_ids |= {path.stem for path in (request.data / "documents").glob("*.yaml")}
    return check_articles(request.content, Path.cwd(), document_ids) + problems


class _ProblemCollector(logging.Handler):
    """Keeps Pelican's errors (and fatal warnings) of one run."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if record.levelno >= logging.ERROR or message.startswith(FATAL_WARNINGS):
            self.messages.append(message)


def language_settings(request: BuildRequest, lang: str, output: Path) -> dict:
    """The Pelican settings of one language's run."""
    from pelican.settings import read_settings

    base = read_settings(str(request.settings_file))
    override = dict(base["SITE_LANGUAGES"][lang])
    override.update(
        DEFAULT_LANG=lang,
        PATH=str(request.content.resolve()),
        DATA_PATH=str(request.data.resolve()),
        OUTPUT_PATH=str(output.resolve()),
        CACHE_PATH=str((request.root / ".cache" / lang).resolve()),
        DELETE_OUTPUT_DIRECTORY=False,
        THEME=str((request.root / base["THEME"]).resolve())
        if not os.path.isabs(base["THEME"])
        else base["THEME"],
    )
    return read_settings(str(request.settings_file), override=override)


def build_language(request: BuildRequest, lang: str, output: Path) -> list[str]:
    """Build one language into `output`; return the errors Pelican reported."""
    from pelican import Pelican

    collector = _ProblemCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        Pelican(language_settings(request, lang, output)).run()
    except Exception:  # a crash is one more problem to report, not a traceback dump
        collector.messages.append(_last_frames(traceback.format_exc()))
    finally:
        root.removeHandler(collector)
    return [f"[{lang}] {message}" for message in collector.messages]


def site_settings(request: BuildRequest) -> dict:
    """The shared settings (before any language's overrides)."""
    from pelican.settings import read_settings

    return read_settings(str(request.settings_file))


def build(request: BuildRequest) -> None:
    """Check, build every language into a staging folder, then swap it in."""
    problems = check_sources(request)
    if problems:
        raise BuildFailed(problems)
    output = request.output
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.parent / f".{output.name}.new-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        settings = site_settings(request)
        languages = list(settings["SITE_LANGUAGES"])
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(len(languages), mp_context=context) as pool:
            runs = [
                pool.submit(build_language, request, lang, staging)
                for lang in languages
            ]
            errors = [message for run in runs for message in run.result()]
        if errors:
            raise BuildFailed(errors)
        if settings.get("FINGERPRINT_ASSETS"):
            fingerprint(staging, settings["THEME_STATIC_DIR"])
        _swap_in(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_in(staging: Path, output: Path) -> None:
    """Replace `output` by `staging`; the old tree is removed only once replaced."""
    previous = output.parent / f".{output.name}.old-{os.getpid()}"
    if output.exists():
        os.replace(output, previous)
    os.replace(staging, output)
    shutil.rmtree(previous, ignore_errors=True)


def main(request: BuildRequest) -> int:
    """Command-line entry: build, print every problem, return the exit status."""
    try:
        build(request)
    except BuildFailed as failure:
        for problem in failure.problems:
            print(problem, file=sys.stderr)
        print(
            f"Build failed: {len(failure.problems)} problem(s); "
            f"{request.output} was left as it was.",
            file=sys.stderr,
        )
        return 1
    return 0


def _last_frames(formatted: str, frames: int = 4) -> str:
    """The end of a traceback: where it broke, not how Pelican got there."""
    lines = formatted.strip().splitlines()
    return "\n".join(lines[-(2 * frames + 1) :])
