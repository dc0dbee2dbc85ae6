"""Pure: the data file of the site's publisher (data/site.yaml) to what pages show.

The office states its address, contacts, the person responsible for the content
and its licence line; the site shows each only once it is filled in, and never
anything else in its place. A value is text, or text by language ({vi: ..., en:
...}); a language without its own text shows the Vietnamese one, marked as such.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

FILE = "site.yaml"
# The fields, in the order the footer shows them.
FIELDS = ("address", "phone", "email", "responsible", "licence")
# Written the same in every language (never marked as another language's text).
NEUTRAL = ("phone", "email")
LANGS = ("vi", "en")


@dataclass(frozen=True)
class Shown:
    """One filled-in field as a page of one language shows it."""

    text: str
    lang: str  # the language it is written in


@dataclass(frozen=True)
class Identity:
    """Every field the data file fills in, by field and language."""

    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def shown(self, lang: str) -> dict[str, Shown]:
        """The filled-in fields in `lang` (else in Vietnamese), in FIELDS order."""
        found = {}
        for name in FIELDS:
            texts = self.values.get(name) or {}
            if name in NEUTRAL and texts:
                found[name] = Shown(texts.get(lang, texts.get("vi", "")), lang)
            elif lang in texts:
                found[name] = Shown(texts[lang], lang)
            elif "vi" in texts:
                found[name] = Shown(texts["vi"], "vi")
        return found


def _texts(name: str, value, problems: list[str]) -> dict[str, str]:
    """A field's value by language; {} when left empty."""
    if value is None or value == "":
        return {}
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return {"vi": str(value).strip()} if str(value).strip() else {}
    if isinstance(value, dict):
        texts = {}
        for lang, text in value.items():
            if lang not in LANGS:
                problems.append(
                    f"{name}: language {lang!r} is not one of {', '.join(LANGS)}"
                )
            elif text is not None and not isinstance(text, (str, int)):
                problems.append(f"{name}.{lang}: expected text, got {text!r}")
            elif text is not None and str(text).strip():
                texts[lang] = str(text).strip()
        return texts
    problems.append(f"{name}: expected text or {{vi: ..., en: ...}}, got {value!r}")
    return {}


def load_identity(data_dir: Path) -> tuple[Identity, list[str]]:
    """The publisher's data file under `data_dir` (no file: nothing to show), and
    every problem of it, each starting with the file's name."""
    path = Path(data_dir) / FILE
    if not path.is_file():
        return Identity(), []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return Identity(), [f"{path}: cannot be read: {error}"]
    if data is None:
        return Identity(), []
    if not isinstance(data, dict):
        return Identity(), [f"{path}: expected fields such as 'address:', got {data!r}"]
    problems: list[str] = []
    values = {}
    for name, value in data.items():
        if name not in FIELDS:
            problems.append(
                f"unknown field {name!r}; the fields are {', '.join(FIELDS)}"
            )
            continue
        values[name] = _texts(name, value, problems)
    email = values.get("email") or {}
    for text in email.values():
        if "@" not in text or " " in text:
            problems.append(f"email: {text!r} is not an e-mail address")
    return Identity(values), [f"{path}: {problem}" for problem in problems]
