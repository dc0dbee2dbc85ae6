"""Photos for sites made to be measured and tested: drawn with Pillow, never
committed (tests/fixtures/portal/ is built with them)."""

import random
from pathlib import Path

from PIL import Image, ImageDraw


def draw_images(content: Path) -> None:
    """The portal fixture's photos, drawn with Pillow (none is committed), the same
    bytes every time: a 6000 x 4000 camera JPEG of about 8 MB turned a quarter by
    its EXIF orientation and carrying a GPS position, photos smaller and larger
    than the widths published, PNGs with and without transparency."""

    def photo(width, height, seed, noise=0.2):
        rnd = random.Random(seed)
        small = Image.frombytes("RGB", (60, 40), rnd.randbytes(60 * 40 * 3))
        base = small.resize((width, height), Image.BILINEAR)
        if not noise:
            return base
        grain = Image.frombytes(
            "L", (width // 2, height // 2), rnd.randbytes((width // 2) * (height // 2))
        ).resize((width, height))
        return Image.merge("RGB", [Image.blend(c, grain, noise) for c in base.split()])

    images = content / "images"
    (images / "2022").mkdir(parents=True, exist_ok=True)
    (images / "2021").mkdir(parents=True, exist_ok=True)
    photo(1600, 1067, 1).save(images / "2022" / "hoi-nghi.jpg", quality=88)
    camera = photo(6000, 4000, 6000, noise=0.35)
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned a quarter: 4000 wide, 6000 high
    exif[0x010F] = "Camera"
    exif.get_ifd(0x8825).update({1: "N", 2: (14.0, 21.0, 0.0)})
    camera.save(images / "2022" / "camera.jpg", quality=85, exif=exif)
    photo(800, 500, 3).save(images / "2021" / "doi-ngoai.jpg", quality=88)
    festival = photo(900, 600, 4, noise=0).convert("RGBA")
    festival.putalpha(230)
    festival.save(images / "2022" / "le-hoi.png")
    diagram = Image.new("RGB", (1200, 500), "white")
    draw = ImageDraw.Draw(diagram)
    for step in range(4):
        draw.rectangle((40 + step * 290, 180, 260 + step * 290, 320), fill="#a50e0e")
    diagram.save(images / "2022" / "so-do.png")
