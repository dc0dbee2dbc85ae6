"""Reading YAML into plain data, and reporting problems at the line of each key."""

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

LANGS = ("vi", "en")

Position = tuple[int, int]  # 1-based line and column

# Dates stay text so impossible ones (2022-02-30) reach our own parser instead of
# crashing the constructor; '<<' stays a plain key so it is reported as unknown.
_DROPPED_TAGS = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge"}


class PlainLoader(yaml.SafeLoader):
    """SafeLoader without implicit dates and merge keys."""


PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FastPlainLoader(getattr(yaml, "CSafeLoader", PlainLoader)):
    """PlainLoader's rules on libyaml's parser (about ten times faster). Only valid
    YAML is read with it: an error is reported as PlainLoader words it."""


FastPlainLoader.yaml_implicit_resolvers = PlainLoader.yaml_implicit_resolvers


class YamlSyntaxError(Exception):
    """The text is not YAML; carries the position PyYAML reported."""

    def __init__(self, message: str, position: Position | None):
        super().__init__(message)
        self.message, self.position = message, position


@dataclass
class LocatedYaml:
    """Plain Python data plus the position of every key path in it."""

    data: Any = None
    key_positions: dict[str, Position] = field(default_factory=dict)
    value_positions: dict[str, Position] = field(default_factory=dict)
    # (key path, position, message) for what PyYAML accepts silently: duplicate keys
    faults: list[tuple[str | None, Position, str]] = field(default_factory=list)

    def position(self, key: str | None, on_key: bool = False) -> Position | None:
        """Where `key` is; for a missing key, where its nearest present parent is."""
        if key is None:
            return self.value_positions.get("")
        keys, values = self.key_positions, self.value_positions
        first, second = (keys, values) if on_key else (values, keys)
        found = first.get(key) or second.get(key)
        while not found and key:
            key = parent_key(key)  # a parent is best shown by its key's line
            found = keys.get(key) or values.get(key)
        return found


def join_key(prefix: str, name: str) -> str:
    """The key path of `name` inside `prefix`, e.g. title.vi."""
    return f"{prefix}.{name}" if prefix else name


def parent_key(key: str) -> str:
    """The key path one level up: files[0].path -> files[0] -> files -> ''."""
    return re.sub(r"(?:^|\.)[^.\[]+$|\[\d+\]$", "", key)


def _position(mark: yaml.Mark) -> Position:
    return mark.line + 1, mark.column + 1


def load_located(text: str) -> LocatedYaml:
    """Parse one YAML document; raise YamlSyntaxError if it is not valid YAML."""
    try:
        return _load_located(text, FastPlainLoader)
    except YamlSyntaxError:
        return _load_located(text, PlainLoader)


# Records are flat: a title by language, a list of files. Deeper than this is a
# mistake, or a file made to exhaust the build (a 20,000-level nesting).
MAX_DEPTH = 8
# The largest record file read: a record is a few hundred bytes.
MAX_BYTES = 256 * 1024


def _refuse_aliases_and_depth(text: str, loader_class: type) -> None:
    """Reject what records never need and a hostile file uses: anchors and aliases
    (nine levels of nine aliases grow to billions of values: "billion laughs"),
    and deep nesting. Read as a stream of events, before any value is built."""
    depth = 0
    for event in yaml.parse(text, Loader=loader_class):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlSyntaxError(
                "anchors and aliases (&name, *name) are not allowed in records: "
                "write each value out in full",
                _position(event.start_mark),
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlSyntaxError(
                    f"nested more than {MAX_DEPTH} levels deep; a record is a flat "
                    "mapping (title: {vi: ..., en: ...}, files: [...])",
                    _position(event.start_mark),
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _load_located(text: str, loader_class: type) -> LocatedYaml:
    located = LocatedYaml()
    loader = loader_class(text)
    try:
        _refuse_aliases_and_depth(text, loader_class)
        node = loader.get_single_node()
        if node is not None:
            located.data = _to_python(node, "", loader, located)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or "invalid YAML"
        if exc.context:
            message = f"{message} ({exc.context})"
        raise YamlSyntaxError(message, _position(mark) if mark else None) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), None) from exc
    finally:
        loader.dispose()
    return located


def _to_python(node: yaml.Node, key: str, loader, located: LocatedYaml):
    located.value_positions[key] = _position(node.start_mark)
    if isinstance(node, SequenceNode):
        return [
            _to_python(item, f"{key}[{index}]", loader, located)
            for index, item in enumerate(node.value)
        ]
    if not isinstance(node, MappingNode):
        return loader.construct_object(node)
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        where = _position(key_node.start_mark)
        is_scalar = isinstance(key_node, ScalarNode)
        name = loader.construct_object(key_node) if is_scalar else None
        if not isinstance(name, str):
            located.faults.append((key or None, where, "keys must be plain text"))
            continue
        child = join_key(key, name)
        if name in mapping:
            first = located.key_positions[child][0]
            message = f"key '{name}' appears twice (first on line {first}); keep one"
            located.faults.append((child, where, message))
        located.key_positions[child] = where
        mapping[name] = _to_python(value_node, child, loader, located)
    return mapping


@dataclass(frozen=True)
class Problem:
    """One thing an editor must fix, with where it is and what was expected."""

    path: Path
    line: int | None
    column: int | None
    key: str | None
    message: str
    display_root: Path | None = field(default=None, compare=False, repr=False)

    @property
    def display_path(self) -> str:
        return display(self.path, self.display_root)

    def __str__(self) -> str:
        where = [self.display_path]
        if self.line is not None:
            where.append(str(self.line))
            if self.column is not None:
                where.append(str(self.column))
        parts = [":".join(where)] + ([self.key] if self.key else []) + [self.message]
        return ": ".join(parts)


def display(path: Path, root: Path | None) -> str:
    """`path` relative to `root` when it is inside it, else as given."""
    if root is not None and path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return str(path)


def describe(value: Any) -> str:
    """What an editor wrote, in words: 'a number (2022)', 'a list'."""
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str) and value.strip():
        return f"'{value}'"
    if value is None or isinstance(value, str):
        return "nothing"
    return "a list" if isinstance(value, list) else "a mapping"


def did_you_mean(word: str, choices) -> str:
    """' (did you mean 'x'?)' for the closest choice, or ''."""
    matches = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


class FileReport:
    """Reads one YAML file and files its problems at the line of the key concerned."""

    def __init__(
        self,
        path: Path,
        root: Path | None,
        problems: list[Problem],
        parsed: dict | None = None,
    ):
        """`parsed`: the files read before, (name, digest of the bytes) -> what they
        parsed into; a file found there is not parsed again, one parsed is added."""
        self.path, self.root, self.problems = path, root, problems
        self.parsed = parsed
        self.located = LocatedYaml()
        self.count = 0

    def add(self, key: str | None, message: str, *, on_key=False, at=None) -> None:
        """Record a problem at `at`, else at `key` (its name if on_key, else value)."""
        line, column = at or self.located.position(key, on_key) or (None, None)
        self.problems.append(Problem(self.path, line, column, key, message, self.root))
        self.count += 1

    def display(self, path: Path) -> str:
        return display(path, self.root)

    def _parse(self, data: bytes) -> LocatedYaml:
        if self.parsed is None:
            return load_located(data.decode("utf-8"))
        key = (self.path.name, hashlib.blake2b(data, digest_size=16).digest())
        located = self.parsed.get(key)
        if located is None:
            located = self.parsed[key] = load_located(data.decode("utf-8"))
        return located

    def read(self) -> bool:
        """Parse the file; report and return False when it is unreadable or not YAML."""
        try:
            size = self.path.stat().st_size
            if size > MAX_BYTES:
                limit = f"{MAX_BYTES // 1024} KB"
                self.add(None, f"{size:,} bytes: a record is at most {limit}")
                return False
            data = self.path.read_bytes()
            if b"\0" in data:
                line = data[: data.index(b"\0")].count(b"\n") + 1
                self.add(None, "a NUL byte: not a text file", at=(line, None))
                return False
            self.located = self._parse(data)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.add(
                None,
                "not UTF-8 text; save the file with UTF-8 encoding",
                at=(line, None),
            )
            return False
        except OSError as exc:
            self.add(None, f"cannot read the file: {exc.strerror}")
            return False
        except YamlSyntaxError as exc:
            self.add(None, f"invalid YAML: {exc.message}", at=exc.position)
            return False
        for key, position, message in self.located.faults:
            self.add(key, message, at=position)
        return True

    def check_keys(self, mapping: dict, allowed, prefix: str = "") -> None:
        """Report every key of `mapping` that is not in `allowed`."""
        for name in mapping:
            if name not in allowed:
                hint, listed = did_you_mean(name, allowed), ", ".join(allowed)
                message = f"unknown key '{name}'{hint}; allowed keys: {listed}"
                self.add(join_key(prefix, name), message, on_key=True)

    def text(self, mapping, prefix, name, *, required=False, what="text") -> str | None:
        """A non-empty string, or None after reporting what is wrong."""
        key, value = join_key(prefix, name), mapping.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if value is None or isinstance(value, str):
            if required:
                state = "is empty" if name in mapping else "is missing"
                self.add(key, f"required key '{name}' {state}; expected {what}")
            return None
        hint = " (put it in quotes)" if isinstance(value, int | float) else ""
        self.add(key, f"expected {what}, got {describe(value)}{hint}")
        return None

    def choice(self, mapping, prefix, name, choices, *, required=False) -> str | None:
        """One of `choices`, or None after reporting what is wrong."""
        expected = f"one of: {', '.join(choices)}"
        value = self.text(mapping, prefix, name, required=required, what=expected)
        if value is None or value in choices:
            return value
        message = f"'{value}' is not allowed{did_you_mean(value, choices)}"
        self.add(join_key(prefix, name), f"{message}; expected {expected}")
        return None

    def lang_map(self, mapping: dict, name: str, *, required=False) -> dict[str, str]:
        """{vi: ..., en: ...} with only the languages given; vi if `required`."""
        value, example = mapping.get(name), f"{name}: {{vi: ..., en: ...}}"
        if value is None or not isinstance(value, dict):
            if value is not None or required:
                got = "it is missing" if value is None else f"got {describe(value)}"
                self.add(name, f"expected a mapping like {example}; {got}")
            return {}
        self.check_keys(value, LANGS, name)
        need_vi = {"required": required, "what": "the Vietnamese text"}
        texts = {"vi": self.text(value, name, "vi", **need_vi)}
        texts["en"] = self.text(value, name, "en", what="the English text")
        return {lang: text for lang, text in texts.items() if text}

    def text_list(self, mapping: dict, name: str) -> tuple[str, ...]:
        """A list of non-empty strings; a bad item is reported and left out."""
        value = mapping.get(name)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add(
                name, f"expected a list like {name}: [a, b]; got {describe(value)}"
            )
            return ()
        for index, item in enumerate(value):
            if not (isinstance(item, str) and item.strip()):
                self.add(f"{name}[{index}]", f"expected text, got {describe(item)}")
        return tuple(
            item.strip() for item in value if isinstance(item, str) and item.strip()
        )
