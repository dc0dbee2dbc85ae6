"""Pure: which variants an image has, their names, and how they are encoded.

An image of the content (JPEG, PNG or WebP) is published as a few widths, each in
WebP and in its own format (JPEG for JPEG, PNG for PNG and WebP), its longer side
never more than `max_size` (a portrait photo is as tall as a landscape is wide);
the largest in its own format also stands at the image's own
address, so that a camera's 6000 px, 8 MB upload is never published as it came
(nor its EXIF, GPS position included). A variant's name carries a digest of the
source and of the settings: a changed photo gets new names, so hosts may cache
every variant for ever.

Encoding is the slow part: each variant is encoded once into a cache folder
(`encode`), keyed by that digest, and linked from there into every build.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from sitebuild.files import atomic_open

# The formats we handle, as Pillow names them; anything else (GIF, SVG) is left to
# Pelican as it is. The fallback of a WebP source is JPEG, PNG if it has alpha.
FORMATS = ("JPEG", "PNG", "WEBP")
EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
WEBP = "webp"
# EXIF orientations that turn the picture a quarter: width and height swap.
_QUARTER_TURNS = {5, 6, 7, 8}
_ORIENTATION = 0x0112
VERSION = 2  # of the encoding below: a new one gives every variant a new name


@dataclass(frozen=True)
class ImageSettings:
    """How variants are made (IMAGES in pelicanconf, over these defaults)."""

    widths: tuple[int, ...] = (400, 800, 1200, 1600)
    max_size: int = 1600  # the longer side, in pixels
    jpeg_quality: int = 82
    webp_quality: int = 78

    def digest(self) -> str:
        text = json.dumps(
            [VERSION, self.widths, self.max_size, self.jpeg_quality, self.webp_quality]
        )
        return hashlib.sha256(text.encode()).hexdigest()[:8]


@dataclass(frozen=True)
class Variant:
    """One file of an image: its width and height, format and site path."""

    width: int
    height: int
    extension: str  # "webp", "jpg" or "png"
    path: str  # site-relative, e.g. images/2020/photo-800w.1a2b3c4d5e6f.webp

    @property
    def mime(self) -> str:
        return {"webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}[
            self.extension
        ]


@dataclass(frozen=True)
class ImagePlan:
    """Every variant of one image, and the file at its own address."""

    source: str  # site-relative path of the original (and of its largest fallback)
    width: int  # as shown (orientation applied, longer side at most max_size)
    height: int
    key: str  # digest of the source's bytes and the settings
    webp: tuple[Variant, ...]
    fallback: tuple[Variant, ...]  # JPEG or PNG, narrowest first
    own: Variant  # the largest in the source's own format: at the source's address

    @property
    def largest(self) -> Variant:
        return self.fallback[-1]

    def closest(self, width: int) -> Variant:
        """The narrowest fallback at least `width` wide (else the widest)."""
        return next((v for v in self.fallback if v.width >= width), self.largest)


def managed(path: str) -> bool:
    """Whether a content file is an image this pipeline publishes."""
    return path.lower().endswith(EXTENSIONS)


def _source_size(image: Image.Image) -> tuple[int, int]:
    """Width and height as shown: a quarter-turn orientation swaps them."""
    orientation = image.getexif().get(_ORIENTATION, 1)
    width, height = image.size
    return (height, width) if orientation in _QUARTER_TURNS else (width, height)


def plan_image(source_file: Path, site_path: str, settings: ImageSettings) -> ImagePlan:
    """The variants of `source_file` (published at `site_path`): reads the header
    and hashes the bytes, decodes nothing."""
    data = source_file.read_bytes()
    with Image.open(source_file) as image:
        kind = image.format
        width, height = _source_size(image)
        alpha = "A" in image.getbands() or "transparency" in image.info
    if kind not in FORMATS:
        raise ValueError(f"{site_path}: {kind} is not an image format we publish")
    key = hashlib.sha256(data + settings.digest().encode()).hexdigest()[:12]
    shown = min(width, round(width * settings.max_size / max(width, height)))
    widths = sorted({w for w in settings.widths if w < shown} | {shown})
    stem, _dot, _extension = site_path.rpartition(".")
    extension = "jpg" if kind == "JPEG" or (kind == "WEBP" and not alpha) else "png"

    def variant(w: int, ext: str) -> Variant:
        h = max(1, round(height * w / width))
        return Variant(w, h, ext, f"{stem}-{w}w.{key}.{ext}")

    webp = tuple(variant(w, WEBP) for w in widths)
    fallback = tuple(variant(w, extension) for w in widths)
    return ImagePlan(
        source=site_path,
        width=shown,
        height=max(1, round(height * shown / width)),
        key=key,
        webp=webp,
        fallback=fallback,
        own=webp[-1] if kind == "WEBP" else fallback[-1],
    )


def cache_name(variant: Variant) -> str:
    """A variant's file in the cache folder: its name's key and width are enough."""
    key = variant.path.rsplit(".", 2)[-2]
    return f"{key[:2]}/{key}-{variant.width}.{variant.extension}"


def encode(
    source_file: Path, plan: ImagePlan, cache: Path, settings: ImageSettings
) -> dict[Variant, Path]:
    """Each variant of `plan` in the cache folder, encoding those not there yet
    (the source is decoded once, at the size the largest needs)."""
    files = {v: cache / cache_name(v) for v in (*plan.webp, *plan.fallback)}
    missing = [v for v, file in files.items() if not file.exists()]
    if not missing:
        return files
    with Image.open(source_file) as opened:
        if opened.format == "JPEG":  # decode at a fraction of a camera's size
            opened.draft("RGB", (plan.width * 2, plan.height * 2))
        image = ImageOps.exif_transpose(opened)
        image.load()
    # A drawing (few colours: a chart, a diagram) stays sharp in lossless WebP.
    drawing = image.getcolors(256) is not None
    for variant in sorted(missing, key=lambda v: -v.width):
        resized = image.resize((variant.width, variant.height), Image.LANCZOS)
        _save(resized, files[variant], variant.extension, settings, drawing)
    return files


def _save(image, target: Path, extension: str, settings, drawing=False) -> None:
    """Write atomically: a build stopped halfway leaves no half-written variant."""
    if extension == "jpg":
        image = image.convert("RGB")
        options = {
            "format": "JPEG",
            "quality": settings.jpeg_quality,
            "optimize": True,
            "progressive": True,
        }
    elif extension == "png":
        image = (
            image
            if image.mode in ("RGB", "RGBA", "L", "LA", "P")
            else (image.convert("RGBA"))
        )
        options = {"format": "PNG", "optimize": True}
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        options = {"format": "WEBP", "quality": settings.webp_quality, "method": 4}
        if drawing:
            options.update(lossless=True, quality=80)
    with atomic_open(target, mode=0o644) as stream:  # readable by the web server
        image.save(stream, **options)
