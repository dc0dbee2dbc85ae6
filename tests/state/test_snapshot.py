"""The snapshot of a run's content: what is kept, and how it is put back."""

import pytest
from conftest import ROOT

from sitebuild.build import run as build_run
from sitebuild.state import snapshot


class Generator:
    """Stands for a Pelican generator: its set-up, then what it reads."""

    def __init__(self, context, settings):
        self.context, self.settings = context, settings
        self.readers = object()  # made again by every run: never kept
        self.articles, self.dates, self.library = [], {}, None
        self.config = {"made": "from the settings"}


class Article:
    def __init__(self, title, body, context, settings):
        self.title, self._content = title, body
        self._context, self.settings = context, settings


# Long text, not ASCII: kept apart from the pickle (snapshot._Pickler).
BODY = "<p>Hội nghị tổng kết công tác thông tin đối ngoại năm 2020.</p>"


def helper(value):  # a template function a generator's set-up adds
    return value


def made_and_read(settings):
    context = {**settings, "generated_content": {}, "helper": helper}
    generator = Generator(context, settings)
    made = (
        dict(context),
        [(snapshot.content_names(generator), set(vars(generator)))],
    )
    article = Article("Hội nghị", BODY, context, settings)
    generator.articles.append(article)
    generator.library = {"documents": 2}
    generator.neighbours = {article.title: article}  # added while reading
    context["articles"] = generator.articles
    context["generated_content"]["2020/hoi-nghi.md"] = article
    return context, generator, made


def test_a_snapshot_of_other_generators_is_not_used(tmp_path):
    settings = {}
    context, generator, made = made_and_read(settings)
    path = tmp_path / snapshot.SNAPSHOT_FILE
    snapshot.save_snapshot(path, "d", [generator], context, settings, made)
    assert not snapshot.load_snapshot(path, [], {}, {})
    assert snapshot.snapshot_digest(tmp_path / "missing") is None
    (tmp_path / "broken").write_bytes(b"not a pickle")
    assert snapshot.snapshot_digest(tmp_path / "broken") is None


def test_bodies_edited_since_the_snapshot_are_kept_by_digest(tmp_path):
    path = tmp_path / snapshot.BODIES_FILE
    bodies = {"2020/hoi-nghi.md": ("stamp", "<p>Mới.</p>")}
    snapshot.save_bodies(path, "d1", bodies)
    assert snapshot.load_bodies(path, "d1") == bodies
    assert snapshot.load_bodies(path, "d2") == {}  # another snapshot's


@pytest.mark.parametrize(
    ("old", "new"),
    [("<p>Ảnh</p>", '<img src="{attach}/images/a.jpg">'), ("|attach|x", "<p>b</p>")],
)
def test_a_body_that_moves_a_file_needs_a_full_run(tmp_path, old, new):
    (tmp_path / "2020").mkdir()
    source = tmp_path / "2020" / "a.md"
    source.write_text("Title: A\n\nB\n", encoding="utf-8")
    article = Article("A", old, {}, {})
    context = {"generated_content": {"2020/a.md": article}}
    settings = {"PATH": str(tmp_path)}
    # Edited at the last build, as it is now: its body is the kept one.
    kept = {"2020/a.md": (snapshot.file_digest(source), new)}
    with pytest.raises(build_run.NeedsFullRun, match="attach"):
        build_run.apply_bodies(context, settings, kept, [])


def test_an_edited_file_the_snapshot_does_not_know_needs_a_full_run(tmp_path):
    context = {"generated_content": {}}
    with pytest.raises(build_run.NeedsFullRun, match="not among"):
        build_run.apply_bodies(context, {"PATH": str(tmp_path)}, {}, ["2020/b.md"])


def test_articles_and_pages_keep_their_url_once_settled():
    from pelican.contents import Article, Page, Static
    from pelican.settings import DEFAULT_CONFIG

    settings = {**DEFAULT_CONFIG, "ARTICLE_URL": "tin-tuc/{slug}/"}
    context = {**settings, "generated_content": {}}

    def made(kind, slug, **metadata):
        return kind(
            "", metadata={"title": slug, "slug": slug, **metadata},
            settings=settings, context=context, source_path=f"{slug}.md",
        )  # fmt: skip

    article, page = made(Article, "hoi-nghi"), made(Page, "gioi-thieu")
    own = made(Article, "rieng", url="rieng.html", save_as="rieng.html")
    static = made(Static, "anh")
    for content in (article, page, own, static):
        context["generated_content"][content.source_path] = content
    urls = {content.source_path: content.url for content in (article, page, own)}

    build_run._settle_urls(context)
    assert article.override_url == urls["hoi-nghi.md"] == "tin-tuc/hoi-nghi/"
    assert page.override_url == urls["gioi-thieu.md"]
    assert own.url == "rieng.html" and own.save_as == "rieng.html"
    assert not hasattr(static, "override_url")
    # save_as is still worked out (an override lets a page overwrite another's file).
    assert not hasattr(article, "override_save_as")
    article.slug = "moi"
    assert article.url == "tin-tuc/hoi-nghi/" and article.save_as.startswith("moi")


def summary(generators, context) -> dict:
    """What the run's real generators read, as plain values (what a snapshot must
    give back): their class, and for each of their content lists, what it holds."""

    def shown(value):
        if isinstance(value, list | tuple):
            return [shown(item) for item in value]
        if isinstance(value, dict):
            return {str(key): shown(item) for key, item in value.items()}
        for attribute in ("source_path", "slug", "id", "name"):
            if hasattr(value, attribute):
                return f"{type(value).__name__}:{getattr(value, attribute)}"
        return (
            repr(value)
            if isinstance(value, str | int | float)
            else type(value).__name__
        )

    found = {}
    for generator in generators:
        names = sorted(snapshot.content_names(generator) | set(vars(generator)))
        found[type(generator).__qualname__] = {
            name: shown(getattr(generator, name))
            for name in names
            if name in ("articles", "translations", "drafts", "hidden_articles",
                        "pages", "hidden_pages", "staticfiles", "dates",
                        "categories", "tags", "authors", "library")
        }  # fmt: skip
    found["context"] = sorted(
        key
        for key, value in context.items()
        if key not in context.get("__settings__", {})
    )
    found["urls"] = sorted(
        (path, content.url)
        for path, content in context["generated_content"].items()
        if hasattr(content, "url")
    )
    return found


def test_a_snapshot_of_the_real_generators_gives_back_what_they_read(tmp_path):
    """Pelican's generators and the site's own, on the library fixture (articles,
    translations, documents): what a new run gets from the snapshot is what the
    run that made it read."""
    from pelican import Pelican

    from sitebuild.build import BuildRequest, site_settings
    from sitebuild.build.settings import language_settings

    library = ROOT / "tests" / "fixtures" / "library"
    request = BuildRequest(
        library / "content", library / "data", tmp_path / "out", ROOT / "pelicanconf.py"
    )
    settings = language_settings(
        request, "vi", tmp_path / "out", site_settings(request)
    )
    cache = tmp_path / "cache"
    cache.mkdir()
    pelican = Pelican({**settings, "CACHE_PATH": str(cache)})
    context, generators = build_run._read_all(pelican, cache, "key-1", keep=True)
    before = summary(generators, context)
    assert before["ArticlesGenerator"]["articles"]
    assert before["LibraryGenerator"]["library"]

    again = Pelican({**settings, "CACHE_PATH": str(cache)})
    new_context, new_generators = build_run._make_generators(again, cache)
    path = cache / (snapshot.SNAPSHOT_FILE + snapshot.NEW)
    assert snapshot.snapshot_digest(path) == "key-1"
    assert snapshot.load_snapshot(path, new_generators, new_context, again.settings)
    assert summary(new_generators, new_context) == before
    article = new_generators[0].articles[0]
    assert article._context is new_context and article.settings is again.settings
