"""Pelican glue: images of the content published as responsive variants.

Both language runs show the same images: each works out every image's variants
from its header (variants.plan_image, no decoding) to write `<picture>` markup;
only the main language's run writes the files, from the cache folder where each
variant is encoded once (IMAGE_CACHE_PATH, given by the build; see variants.py).
The originals of the images it handles are not copied: the largest variant in the
image's own format stands at its address.

Templates get `picture(path, alt, sizes, ...)`, `image_variant(path, width)` (an
address for og:image) and the filter `responsive_body` (the <img> of an article's
body as <picture>, with width, height and lazy loading).
"""

import logging
import os
import re
from dataclasses import fields
from html import escape, unescape
from pathlib import Path

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from sitebuild.files import link_or_copy

from .variants import ImagePlan, ImageSettings, encode, managed, plan_image

logger = logging.getLogger(__name__)

CONTEXT_KEY = "responsive_images"
# An article's body fills the reading column: about 42rem once the page is wide.
BODY_SIZES = "(min-width: 48rem) 42rem, calc(100vw - 2rem)"
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(
    r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("[^"]*"|\'[^\']*\'|[^\s>]+)'
)


def image_settings(settings: dict) -> ImageSettings:
    """IMAGES of the settings over the defaults; a wrong key stops the run."""
    given = settings.get("IMAGES") or {}
    known = {field.name for field in fields(ImageSettings)}
    unknown = sorted(set(given) - known)
    if unknown:
        raise ValueError(
            f"responsive_images: IMAGES has unknown keys {unknown}; known: "
            + ", ".join(sorted(known))
        )
    values = {k: tuple(v) if k == "widths" else v for k, v in given.items()}
    return ImageSettings(**values)


class ResponsiveImages:
    """One run's images: their plans (worked out once each) and the markup."""

    def __init__(self, settings: dict):
        self.settings = image_settings(settings)
        self.content = Path(settings["PATH"])
        self.siteurl = settings.get("SITEURL", "")
        self.static_paths = tuple(settings.get("STATIC_PATHS", ()))
        self.plans: dict[str, ImagePlan | None] = {}

    def plan(self, path: str | None) -> ImagePlan | None:
        """The plan of a content image at site path `path` (None: not ours)."""
        if not path:
            return None
        path = path.lstrip("/")
        if path not in self.plans:
            self.plans[path] = self._plan(path)
        return self.plans[path]

    def _plan(self, path: str) -> ImagePlan | None:
        inside = path.split("/", 1)[0] in self.static_paths
        source = self.content / path
        if not (inside and managed(path) and source.is_file()):
            return None
        try:
            return plan_image(source, path, self.settings)
        except (OSError, ValueError) as error:
            # Published as it is, as Pelican would: a reader's browser may still
            # show it, and a broken upload must not stop the office's site.
            logger.warning(
                "responsive_images: %s cannot be read as an image (%s): published "
                "as it is, without variants",
                path,
                error,
            )
            return None

    def url(self, path: str) -> str:
        return f"{self.siteurl}/{path}"

    def picture(
        self, path, alt="", sizes="100vw", loading="lazy", cls=None, priority=False
    ) -> Markup:
        """<picture> of a content image, or "" when `path` is not one."""
        plan = self.plan(path)
        if plan is None:
            return Markup("")
        return Markup(
            self._markup(plan, escape(alt or ""), sizes, loading, cls, priority)
        )

    def _markup(self, plan, alt: str, sizes, loading, cls, priority, extra="") -> str:
        def srcset(variants):
            return ", ".join(f"{self.url(v.path)} {v.width}w" for v in variants)

        attributes = [
            f'src="{self.url(plan.closest(800).path)}"',
            f'srcset="{srcset(plan.fallback)}"',
            f'sizes="{escape(sizes)}"',
            f'width="{plan.width}"',
            f'height="{plan.height}"',
            f'alt="{alt}"',
        ]
        if cls:
            attributes.append(f'class="{escape(cls)}"')
        if priority:
            attributes.append('fetchpriority="high"')
        else:
            attributes.append(f'loading="{loading}" decoding="async"')
        return (
            f'<picture><source type="image/webp" srcset="{srcset(plan.webp)}" '
            f'sizes="{escape(sizes)}"><img {" ".join(attributes)}{extra}></picture>'
        )

    def variant(self, path, width: int = 1200) -> str | None:
        """The site path of the fallback variant for `width` (og:image)."""
        plan = self.plan(path)
        return plan.closest(width).path if plan else None

    def body(self, html) -> Markup:
        """`html` with each <img> of a content image as a lazy <picture>."""
        text = str(html or "")
        if "<img" not in text and "<IMG" not in text:
            return Markup(text)
        prefix = f"{self.siteurl}/"

        def replace(match):
            attributes = {
                name.lower(): unescape(value.strip("\"'"))
                for name, value in _ATTRIBUTE.findall(match.group())
            }
            src = attributes.get("src", "")
            path = src[len(prefix) :] if src.startswith(prefix) else None
            plan = self.plan(path)
            if plan is None:
                return match.group()
            extra = "".join(
                f' {name}="{escape(attributes[name])}"'
                for name in ("title", "id")
                if name in attributes
            )
            return self._markup(
                plan,
                escape(attributes.get("alt", "")),
                BODY_SIZES,
                "lazy",
                attributes.get("class"),
                False,
                extra,
            )

        return Markup(_IMG.sub(replace, text))


def install(generator):
    """One ResponsiveImages per run, shared by every generator's templates."""
    images = generator.context.get(CONTEXT_KEY)
    if not isinstance(images, ResponsiveImages):
        images = generator.context[CONTEXT_KEY] = ResponsiveImages(generator.settings)
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["picture"] = images.picture
        env.globals["image_variant"] = images.variant
        env.filters["responsive_body"] = images.body


def _writes(settings: dict) -> bool:
    """Only the main language's public run writes the files (the briefers' build
    links the public site's images)."""
    main = settings.get("SITE_MAIN_LANG", settings["DEFAULT_LANG"])
    return settings["DEFAULT_LANG"] == main and not settings.get("MEMBERS_AREA")


def leave_originals(generator):
    """Pelican does not copy the images this pipeline publishes (a file it cannot
    read as an image is left to Pelican, copied as it is)."""
    if _writes(generator.settings):
        images = generator.context[CONTEXT_KEY]
        generator.staticfiles[:] = [
            static
            for static in generator.staticfiles
            if not (managed(static.source_path) and images.plan(static.url))
        ]


class ImageGenerator(Generator):
    """Writes every image's variants (and its largest at its own address)."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        if not _writes(self.settings):
            return
        images = self.context[CONTEXT_KEY]
        cache = Path(
            self.settings.get("IMAGE_CACHE_PATH")
            or os.path.join(self.settings["CACHE_PATH"], "images")
        )
        count = 0
        for static in self.context.get("static_content", {}).values():
            if not managed(static.source_path):
                continue
            plan = images.plan(static.url)
            if plan is None:
                continue
            files = encode(Path(static.source_path), plan, cache, images.settings)
            for variant, file in files.items():
                _link_or_copy(file, Path(self.output_path) / variant.path)
            _link_or_copy(files[plan.own], Path(self.output_path) / plan.source)
            count += 1
        logger.info("responsive_images: %d image(s) published", count)


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    link_or_copy(source, target)


def get_generators(pelican):
    return ImageGenerator


def register():
    signals.generator_init.connect(install)
    signals.static_generator_finalized.connect(leave_originals)
    signals.get_generators.connect(get_generators)
