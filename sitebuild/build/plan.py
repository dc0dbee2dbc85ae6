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
- DATA when all that changed are data files (documents, kinds): it starts from the
  same content, the library reads the data again, and a page that shows the library
  only through the run-wide regions (the sidebar) is the last build's with those
  regions replaced (sitebuild/build/merge.py); the others are rendered;
- FULL otherwise: every source is read (unchanged ones from Pelican's cache).

A run that was to start from the last build's content and cannot (no snapshot, a
body that moves a file...) reads every source, as a FULL run does.
"""

from dataclasses import dataclass
from pathlib import Path

from ..state import inputs
from .settings import language_settings

UNCHANGED, BODIES, DATA, FULL = "unchanged", "bodies", "data", "full"


@dataclass(frozen=True)
class LanguageRun:
    """One language's run in a build: what it does, where it writes."""

    lang: str
    mode: str  # UNCHANGED, BODIES, DATA or FULL
    settings: dict
    folder: Path  # merged into the staging folder once every run has ended
    digest: str  # of everything it reads
    pages_digest: str  # the same, with its own articles by their header only
    content_digest: str  # the same as `digest`, without the data folder
    snapshot_key: str  # neither bodies nor data: what its snapshot stands for
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
            if run.mode in (FULL, DATA):
                return None
            edited.update(run.edited)
        return sorted(edited)

    def data_only(self) -> bool:
        """Whether all that changed since the last build is in the data folder: no
        run is BODIES or FULL (each run's content is as it was, and together they
        read every content file)."""
        return all(run.mode in (DATA, UNCHANGED) for run in self.runs)


def plan_runs(request, base: dict, staging: Path) -> Plan:
    """Each language's run."""
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

        digest, pages, content, key = (
            inputs.run_digest(run_settings, named, sources, bodies, data)
            for bodies, data in (
                (True, True),
                (False, True),
                (True, False),
                (False, False),
            )
        )
        record = inputs.load(inputs.record_path(Path(run_settings["CACHE_PATH"])))
        if not (record and record.intact(request.output)):
            record = None
        mode, edited = FULL, ()
        if record and record.digest == digest:
            mode = UNCHANGED
        elif record and record.pages_digest == pages:
            found = inputs.edited_bodies(known, sources, run_settings, "content")
            edited = tuple(found)
            mode = BODIES if edited else FULL  # none found: the table is not its
        elif record and record.content_digest == content:
            mode = DATA
        runs.append(
            LanguageRun(
                lang,
                mode,
                run_settings,
                folders[lang],
                digest,
                pages,
                content,
                key,
                record,
                edited,
            )
        )
    return Plan(runs, table, sources)
