"""The pure core of the image pipeline: which variants, their names, encoding once."""

import pytest
from PIL import Image

from plugins.responsive_images.responsive_images import ResponsiveImages
from plugins.responsive_images.variants import (
    ImageSettings,
    cache_name,
    encode,
    plan_image,
)


def save(path, size, mode="RGB", **options):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new(mode, size, "#a50e0e").save(path, **options)
    return path


def test_widths_are_never_upscaled_and_the_longer_side_is_capped(tmp_path):
    settings = ImageSettings()
    small = plan_image(save(tmp_path / "a.jpg", (700, 400)), "images/a.jpg", settings)
    assert [v.width for v in small.webp] == [400, 700]
    assert (small.width, small.height) == (700, 400)
    wide = plan_image(save(tmp_path / "b.png", (3000, 1000)), "images/b.png", settings)
    assert [v.width for v in wide.fallback] == [400, 800, 1200, 1600]
    assert {v.extension for v in wide.fallback} == {
        "png"
    } and wide.own.extension == "png"
    tall = plan_image(save(tmp_path / "c.jpg", (1000, 4000)), "images/c.jpg", settings)
    assert (tall.width, tall.height) == (400, 1600)  # 1600 is the longer side


def test_names_carry_a_digest_of_the_image_and_the_settings(tmp_path):
    source = save(tmp_path / "p.jpg", (900, 600))
    plan = plan_image(source, "images/2022/p.jpg", ImageSettings())
    assert plan.webp[0].path == f"images/2022/p-400w.{plan.key}.webp"
    assert plan.closest(800).path == f"images/2022/p-800w.{plan.key}.jpg"
    other = plan_image(source, "images/2022/p.jpg", ImageSettings(jpeg_quality=60))
    assert other.key != plan.key
    save(source, (900, 600), quality=50)
    assert plan_image(source, "images/2022/p.jpg", ImageSettings()).key != plan.key


def test_a_quarter_turned_photo_is_measured_upright(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6
    source = save(tmp_path / "cam.jpg", (1200, 800), exif=exif)
    plan = plan_image(source, "images/cam.jpg", ImageSettings())
    assert (plan.width, plan.height) == (800, 1200)
    files = encode(source, plan, tmp_path / "cache", ImageSettings())
    with Image.open(files[plan.own]) as published:
        assert published.size == (800, 1200) and not published.getexif()


def test_each_variant_is_encoded_once(tmp_path):
    source = save(tmp_path / "p.png", (1000, 500), mode="RGBA")
    settings = ImageSettings()
    plan = plan_image(source, "images/p.png", settings)
    cache = tmp_path / "cache"
    files = encode(source, plan, cache, settings)
    assert set(files) == {*plan.webp, *plan.fallback}
    assert all(file == cache / cache_name(v) for v, file in files.items())
    stamps = {file: file.stat().st_mtime_ns for file in files.values()}
    source.unlink()  # nothing to decode: every variant is in the cache
    again = encode(source, plan, cache, settings)
    assert {file: file.stat().st_mtime_ns for file in again.values()} == stamps
    assert all(oct(file.stat().st_mode)[-3:] == "644" for file in files.values())


def test_a_file_that_is_no_image_is_left_as_it_is(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "x.jpg").write_bytes(b"\xff\xd8\xff not a picture")
    with pytest.raises((OSError, ValueError)):
        plan_image(tmp_path / "images" / "x.jpg", "images/x.jpg", ImageSettings())
    images = ResponsiveImages({"PATH": str(tmp_path), "STATIC_PATHS": ["images"]})
    assert images.plan("images/x.jpg") is None
    body = '<p><img alt="x" src="/images/x.jpg"></p>'
    assert str(images.body(body)) == body  # the page keeps its plain <img>


def test_body_images_become_lazy_pictures_with_their_size(tmp_path):
    save(tmp_path / "images" / "d.png", (1200, 500))
    images = ResponsiveImages({"PATH": str(tmp_path), "STATIC_PATHS": ["images"]})
    html = str(images.body('<p><img alt="Sơ đồ &amp; bảng" src="/images/d.png"></p>'))
    assert html.startswith('<p><picture><source type="image/webp" srcset="/images/d-')
    assert 'width="1200" height="500"' in html and 'loading="lazy"' in html
    assert 'alt="Sơ đồ &amp; bảng"' in html
    # Another host's picture, or a file outside the images, is left alone.
    outside = '<img src="https://example.org/a.png" alt="">'
    assert str(images.body(outside)) == outside
