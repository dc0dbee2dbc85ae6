"""The default picture of a shared link (og:image) for pages without a photo.

Zalo and Facebook show a link's picture beside its title; a page without its own
photo gets this card: the site's and the office's names in both languages on the
theme's red, drawn once by `invoke social-card` and committed as
theme/static/img/og-default.png (1200 x 630, the size both ask for).
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
RED, DARK, GOLD = "#a50e0e", "#5a0707", "#ffd54f"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FONT_REGULAR = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _lines(draw, text: str, font, width: int) -> list[str]:
    """`text` cut at spaces into lines no wider than `width`."""
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def draw_card(settings: dict, target: Path, font=FONT, regular=FONT_REGULAR) -> Path:
    """Draw the card from the settings' names (SITE_LANGUAGES: SITENAME and
    OFFICE_NAME of each language), the main language's first."""
    languages = settings["SITE_LANGUAGES"]
    main = languages[settings["SITE_MAIN_LANG"]]
    others = [table for lang, table in languages.items() if table is not main]
    image = Image.new("RGB", SIZE, RED)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 470, SIZE[0], SIZE[1]), fill=DARK)
    draw.rectangle((80, 110, 200, 118), fill=GOLD)
    office = ImageFont.truetype(font, 34)
    site = ImageFont.truetype(font, 76)
    small = ImageFont.truetype(regular, 30)
    y = 140
    for line in _lines(draw, main.get("OFFICE_NAME", "").upper(), office, 1040):
        draw.text((80, y), line, font=office, fill="white")
        y += 46
    y += 12
    for line in _lines(draw, main["SITENAME"], site, 1040):
        draw.text((80, y), line, font=site, fill="white")
        y += 92
    y = 505
    for table in others:
        text = " · ".join(filter(None, [table["SITENAME"], table.get("OFFICE_NAME")]))
        for line in _lines(draw, text, small, 1040)[:2]:
            draw.text((80, y), line, font=small, fill="white")
            y += 40
    target.parent.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=64).save(target, optimize=True)
    return target
