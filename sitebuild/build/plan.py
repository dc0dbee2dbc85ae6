"""What changed since the last build, and so what each language's run does: the
one place the build decides it.

A run reads the settings, the code, the installed packages, the theme, every data
file and every content file: whole for a file of its own language, the header only
for another language's Markdown (plugins/bilingual). Against the record of its last
successful build (sitebuild/state/inputs.py), a run is:

- UNCHANGED when nothing it reads changed and every file it wrote is still in the
  output as it was: it does not run; its files are carried over;
- BODIES when all that changed are the bodies of some of its own articles: it
  starts from the content the last full run read (sitebuild/state/snapshot.py),
  renders the pages showing them, and the build carries the others over;
- FULL otherwise: every source is read (unchanged ones from Pelican's cache).
"""

from dataclasses import dataclass
from pathlib import Path

from ..state import inputs
from .settings import language_settings

UNCHANGED, BODIES, FULL = "unchanged", "bodies", "full"


@dataclass(frozen=True)
class LanguageRun:
    """One language's run in a build: what it does, where it writes."""

    lang: str
    mode: str  # UNCHANGED, BODIES or FULL
    settings: dict
    folder: Path  # merged into the staging folder once every run has ended
    digest: str  # of everything it reads
    pages_digest: str  # the same, with its own articles by their header only
    record: inputs.RunRecord | None  # of the last build, when this run may use it
    edited: tuple[str, ...] = ()  # BODIES: the edited files, in the content folder

    @property
    def cache(self) -> Path:
        return Path(self.settings["CACHE_PATH"])

    @property
    def record_file(self) -> Path:
        return inputs.record_path(self.cache)


@dataclass(frozen=True)
class Plan:
    runs: list[LanguageRun]
    table_file: Path  # where the sources' table is kept
    sources: dict[str, list]  # the table as this build read the sources

    def edited(self) -> list[str] | None:
        """The files every run that runs sees as body edits, when that is all that
        changed since the last build; else None (every source must be checked)."""
        edited = set()
        for run in self.runs:
            if run.mode == FULL:
                return None
            edited.update(run.edited)
        return sorted(edited)


def plan_runs(request, base: dict, staging: Path, incremental: bool = True) -> Plan:
    """Each language's run (`incremental` False: every run is FULL)."""
    languages = list(base["SITE_LANGUAGES"])
    folders = {lang: staging.with_name(f"{staging.name}-{lang}") for lang in languages}
    settings = {
        lang: language_settings(request, lang, folders[lang], base)
        for lang in languages
    }
    table = inputs.sources_path(Path(settings[languages[0]]["CACHE_PATH"]))
    known = inputs.load_sources(table)  # as the last successful build ended
    sources = inputs.scan(request.sources, known)
    packages = inputs.packages()
    codes: dict[str, str] = {}  # by theme: our code and the theme's files
    runs = []
    for lang, run_settings in settings.items():
        theme = run_settings["THEME"]
        if theme not in codes:
            codes[theme] = inputs.code_digest([inputs.CODE, Path(theme)])
        named = f"{Path(run_settings['CACHE_PATH']).name}\0{codes[theme]}\0{packages}"
        digest = inputs.run_digest(run_settings, named, sources)
        pages = inputs.run_digest(run_settings, named, sources, bodies=False)
        record = inputs.load(inputs.record_path(Path(run_settings["CACHE_PATH"])))
        usable = (
            incremental
            and record is not None
            and record.pages_digest == pages
            and record.intact(request.output)
        )
        mode, edited = FULL, ()
        if usable and record.digest == digest:
            mode = UNCHANGED
        elif usable:
            edited = tuple(
                inputs.edited_bodies(known, sources, run_settings, "content")
            )
            mode = BODIES if edited else FULL  # none found: the table is not its
        runs.append(
            LanguageRun(
                lang,
                mode,
                run_settings,
                folders[lang],
                digest,
                pages,
                record if usable else None,
                edited,
            )
        )
    return Plan(runs, table, sources)
