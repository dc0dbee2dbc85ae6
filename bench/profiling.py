"""Where one language run's time goes: timers without a profiler, and cProfile.

cProfile slows call-heavy code most (the search index makes ~700,000 calls per
1,000 articles), so the same run is also timed with plain timers around a few entry
points (reader, Markdown, writer, Jinja, every generator, every signal receiver):
microseconds per call, the run as it is. Both run in subprocesses:
`python -m bench.profiling timed|profile CONTENT DATA OUTPUT SETTINGS LANG FILE`.
"""

import cProfile
import functools
import importlib
import json
import logging
import pstats
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

# (label, module, class, method): timed in both runs.
STEPS = (
    ("whole language run (Pelican.run)", "pelican", "Pelican", "run"),
    (
        "reading every source (Readers.read_file)",
        "pelican.readers",
        "Readers",
        "read_file",
    ),
    ("  of which Markdown to HTML", "markdown.core", "Markdown", "convert"),
    ("writing pages (Writer.write_file)", "pelican.writers", "Writer", "write_file"),
    ("  of which Jinja (Template.render)", "jinja2.environment", "Template", "render"),
    ("feeds (Writer.write_feed)", "pelican.writers", "Writer", "write_feed"),
)
GENERATOR_METHODS = ("generate_context", "generate_output")
SIGNAL = "signal "
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Step:
    """Inclusive seconds of one step: timed (no profiler) and under cProfile."""

    label: str
    seconds: float
    calls: int
    profiled: float | None


def _timer(totals: dict, key: str, function):
    @functools.wraps(function)
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            entry = totals.setdefault(key, [0.0, 0])
            entry[0] += time.perf_counter() - started
            entry[1] += 1

    return timed


def _generator_classes() -> list[type]:
    from pelican.generators import Generator

    found, stack = [], [Generator]
    while stack:
        cls = stack.pop()
        found.append(cls)
        stack += cls.__subclasses__()
    return found


def _key(cls: type, name: str) -> str:
    return f"{cls.__module__}.{cls.__qualname__}.{name}"


def timed_run(pelican) -> dict[str, list]:
    """Run `pelican` with timers on STEPS, generators and signal receivers."""
    from blinker import Signal

    totals: dict[str, list] = {}
    for _label, module, owner, name in STEPS:
        cls = getattr(importlib.import_module(module), owner)
        setattr(cls, name, _timer(totals, f"{module}.{owner}.{name}", vars(cls)[name]))
    for cls in _generator_classes():  # plugins' classes are imported by now
        for name in GENERATOR_METHODS:
            if name in vars(cls):
                setattr(cls, name, _timer(totals, _key(cls, name), vars(cls)[name]))

    def send(signal, sender=None, /, **kwargs):
        results = []
        for receiver in signal.receivers_for(sender):
            key = SIGNAL + getattr(receiver, "__module__", "?")
            results.append((receiver, _timer(totals, key, receiver)(sender, **kwargs)))
        return results

    Signal.send = send
    pelican.run()
    return totals


def _profiled(stats: dict, function) -> float | None:
    code = getattr(function, "__code__", None)
    if code is None:
        return None
    entry = stats.get((code.co_filename, code.co_firstlineno, code.co_name))
    return entry[3] if entry else None


def _plugin_entry_seconds(stats: dict, folder: Path) -> float:
    """cProfile time entering `folder`'s code from outside it."""
    inside = str(folder.resolve()) + "/"
    return sum(
        caller_stats[3]
        for key, (_cc, _nc, _tt, _ct, callers) in stats.items()
        if key[0].startswith(inside)
        for caller, caller_stats in callers.items()
        if not caller[0].startswith(inside)
    )


def breakdown(totals: dict, stats_file: Path, plugins: Path) -> list[Step]:
    """Pelican's steps, Pelican's generators, then each plugin (timed, profiled)."""
    stats = pstats.Stats(str(stats_file)).stats
    steps = []
    for label, module, owner, name in STEPS:
        seconds, calls = totals.get(f"{module}.{owner}.{name}", (0.0, 0))
        cls = getattr(importlib.import_module(module), owner)
        steps.append(Step(label, seconds, calls, _profiled(stats, vars(cls)[name])))
    generators = importlib.import_module("pelican.generators")
    pelican_steps = []
    for key, (seconds, calls) in totals.items():
        if not key.startswith("pelican.generators."):
            continue
        owner, name = key.split(".")[-2:]
        function = vars(getattr(generators, owner)).get(name)
        label = f"{owner}.{name}"
        pelican_steps.append(Step(label, seconds, calls, _profiled(stats, function)))
    whole = steps[0].seconds or 1
    shown = [step for step in pelican_steps if step.seconds >= 0.01 * whole]
    steps += sorted(shown, key=lambda step: -step.seconds)
    plugin_steps = []
    for folder in sorted(p for p in plugins.iterdir() if p.is_dir()):
        mine = [
            value
            for key, value in totals.items()
            if key.removeprefix(SIGNAL).split(".")[0] == folder.name
        ]
        seconds = sum(value[0] for value in mine)
        profiled = _plugin_entry_seconds(stats, folder)
        if seconds or profiled:
            plugin_steps.append(
                Step(
                    f"plugin {folder.name} (generators, signals)",
                    seconds,
                    sum(value[1] for value in mine),
                    profiled,
                )
            )
    return steps + sorted(plugin_steps, key=lambda step: -step.seconds)


def _main(argv: list[str]) -> int:
    """timed|profile CONTENT DATA OUTPUT SETTINGS LANG FILE: one language run."""
    from pelican import Pelican

    from sitebuild.build import BuildRequest, site_settings
    from sitebuild.build.settings import language_settings

    command, content, data, output, settings, lang, result = argv
    request = BuildRequest(Path(content), Path(data), Path(output), Path(settings))
    Path(output).mkdir(parents=True, exist_ok=True)
    settings = language_settings(request, lang, Path(output), site_settings(request))
    # What a clean build costs: neither read nor write the content cache.
    settings.update(LOAD_CONTENT_CACHE=False, CACHE_CONTENT=False)
    pelican = Pelican(settings)
    if command == "timed":
        totals = timed_run(pelican)
        Path(result).write_text(json.dumps(totals), encoding="utf-8")
    else:
        profiler = cProfile.Profile()
        profiler.runcall(pelican.run)
        profiler.dump_stats(result)
    return 0


def profile_language(
    content: Path,
    data: Path,
    work: Path,
    settings: Path,
    lang: str,
    run_measured,
    code: Path = ROOT,
):
    """(the timed run's Measured, its Steps): timed, then cProfile, in subprocesses.

    `code` is the folder the build's code is run from (the harness's snapshot).
    """
    output = work / f"profile-{lang}"
    timings, stats = work / f"timed-{lang}.json", work / f"profile-{lang}.pstats"
    paths = [str(p) for p in (content, data, output, settings)]
    runs = []
    for command, result in (("timed", timings), ("profile", stats)):
        shutil.rmtree(output, ignore_errors=True)
        arguments = [sys.executable, "-m", "bench.profiling", command, *paths, lang]
        log = work / "logs" / f"{command}-{lang}.log"
        runs.append(run_measured([*arguments, str(result)], code, log))
    totals = json.loads(timings.read_text(encoding="utf-8"))
    return runs[0], breakdown(totals, stats, code / "plugins")


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
