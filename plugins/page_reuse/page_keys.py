"""What a page is rendered from, as one hash: equal keys, equal pages.

A page's key joins two digests:

- the site's, of every value in the shared template context: settings, listings,
  the library, the language table. Every content object met there (an article, a
  page) counts by its header: all its attributes but the body;
- the page's own, of what its render adds to that context: the output name, the
  article or listing passed to it, the page of a listing. A content object passed as
  such counts whole, header and body; one met inside a value counts by its header.

So editing the body of one article changes the key of its own page only, while a new
title, date, category or address changes the site's digest and so every key. A page
whose template showed the body of a content other than its own would escape this;
none of the theme's does.

Values are encoded by kind: text and numbers by repr, dates with their offset,
containers element by element, functions by name, other objects by their class and
attributes. A value that could only be named by its address in memory (`<... at
0x...>`) makes the key None: such a page is always rendered.
"""

import datetime
import hashlib
import types
from collections.abc import Callable, Iterable

# Attributes of any object that are not its own data: the run's settings and the
# shared context (both already in the site's digest), and Pelican's note that a
# static file was linked to (set while pages render, in whatever order they do).
SHARED_ATTRIBUTES = frozenset({"settings", "_context", "_output_location_referenced"})
# Where a content object keeps its body (before links are resolved).
BODY_ATTRIBUTE = "_content"
METADATA_ATTRIBUTE = "metadata"
# How a type's values are encoded.
_REPR, _CONTENT, _DATE, _MODULE, _NAMED, _COMPOUND = (
    "repr",
    "content",
    "date",
    "module",
    "named",
    "compound",
)
_SCALARS = (str, int, float, bool, type(None), bytes)
# Named by where they are defined: classes, functions, methods.
_NAMED_TYPES = (type, types.FunctionType, types.BuiltinFunctionType, types.MethodType)


class Unnamable(Exception):
    """A value with no stable encoding (only its address in memory tells it apart)."""


def _named(value) -> str:
    return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"


class PageKeys:
    """Encodes template values; remembers each content object's header digest.

    `is_content` tells content objects (articles, pages) from other values. The
    objects digested must stay alive as long as this object, since headers are
    remembered by id().
    """

    def __init__(self, is_content: Callable[[object], bool], ignored_keys=()):
        self._is_content = is_content
        self._ignored = frozenset(ignored_keys)
        self._headers: dict[int, bytes] = {}
        self._in_progress: set[int] = set()
        self._site: bytes | None = None
        self._site_ids: tuple | None = None
        self._entries: dict[str, tuple] = {}
        self._values: dict[int, tuple] = {}
        self._kinds: dict[type, str] = {}

    # -- keys ---------------------------------------------------------------

    def site_digest(self, context: dict) -> bytes | None:
        """The shared context's digest. An entry's digest is worked out again only
        when its value was replaced (a generator added or swapped it)."""
        ids = tuple(map(id, context.values()))
        if ids == self._site_ids:
            return self._site
        self._site_ids = ids
        digest = hashlib.blake2b(digest_size=20)
        for name in sorted(set(context) - self._ignored):
            value = context[name]
            known = self._entries.get(name)
            if known is None or known[0] is not value:
                try:
                    known = (value, self._digest_of(value))
                except Unnamable:
                    known = (value, None)
                self._entries[name] = known  # holds the value: its id stays its own
            if known[1] is None:
                self._site = None
                return None
            digest.update(f"\0{name}=".encode() + known[1])
        self._site = digest.digest()
        return self._site

    def _digest_of(self, value) -> bytes:
        digest = hashlib.blake2b(digest_size=20)
        self._encode(value, digest.update)
        return digest.digest()

    def page_key(self, context: dict, localcontext: dict, template: str) -> str | None:
        """The key of one page: the site's digest, the template, and every value the
        page's render adds to or changes in the shared context."""
        site = self.site_digest(context)
        if site is None:
            return None
        digest = hashlib.blake2b(site, digest_size=20)
        digest.update(f"\0template={template}".encode())
        try:
            for name in sorted(localcontext):
                value = localcontext[name]
                if name in context and context[name] is value:
                    continue
                digest.update(f"\0{name}=".encode())
                if self._is_content(value):
                    self._encode_whole(value, digest.update)
                else:
                    self._encode(value, digest.update)
        except Unnamable:
            return None
        return digest.hexdigest()

    # -- encoding -----------------------------------------------------------

    def _encode_whole(self, content, write) -> None:
        write(b"W")
        write(self.header(content))
        write(str(getattr(content, BODY_ATTRIBUTE, "")).encode())

    def header(self, content) -> bytes:
        """A digest of every attribute of `content` but its body and shared ones.
        Metadata that is also an attribute (Pelican sets one per entry) counts once."""
        key = id(content)
        found = self._headers.get(key)
        if found is not None:
            return found
        if key in self._in_progress:  # a cycle (translations of translations)
            return f"cycle:{getattr(content, 'source_path', '')}".encode()
        self._in_progress.add(key)
        try:
            parts = [type(content).__qualname__.encode()]
            write = parts.append
            attributes = vars(content)
            for name, value in sorted(attributes.items()):
                if name in SHARED_ATTRIBUTES or name == BODY_ATTRIBUTE:
                    continue
                write(f"\0{name}=".encode())
                if name == METADATA_ATTRIBUTE and type(value) is dict:
                    self._encode_metadata(value, attributes, write)
                else:
                    self._encode(value, write)
            digest = hashlib.blake2b(b"".join(parts), digest_size=20)
            found = self._headers[key] = digest.digest()
        finally:
            self._in_progress.discard(key)
        return found

    def _encode_metadata(self, metadata: dict, attributes: dict, write) -> None:
        for name in sorted(metadata, key=str):
            value = metadata[name]
            write(f"{name!r}:".encode())
            if attributes.get(name.lower() if type(name) is str else name) is value:
                write(b"@,")  # the attribute of that name, encoded already
            else:
                self._encode(value, write)
                write(b",")

    def _encode(self, value, write) -> None:
        kind = type(value)
        how = self._kinds.get(kind)
        if how is None:
            how = self._kinds[kind] = self._kind_of(value)
        if how is _REPR:
            write(repr(value).encode())
        elif how is _CONTENT:
            write(b"H")
            write(self.header(value))
        elif how is _DATE:
            write(f"{kind.__name__}({value.isoformat()})".encode())
        elif how is _MODULE:
            write(f"<module {value.__name__}>".encode())
        elif how is _NAMED:
            write(f"<{_named(value)}>".encode())
        else:
            write(self._remembered(value))

    def _kind_of(self, value) -> str:
        """How values of this one's type are encoded (decided once per type)."""
        if isinstance(value, _SCALARS):
            return _REPR
        if self._is_content(value):
            return _CONTENT
        if isinstance(value, datetime.datetime | datetime.date | datetime.time):
            return _DATE
        if isinstance(value, types.ModuleType):
            return _MODULE
        if isinstance(value, _NAMED_TYPES):
            return _NAMED
        return _COMPOUND

    def _remembered(self, value) -> bytes:
        """The digest of a container or object, worked out once per run: a listing
        passes the same list to each of its pages."""
        key = id(value)
        known = self._values.get(key)
        if known is not None and known[0] is value:
            return known[1]
        if key in self._in_progress:
            return b"<cycle>"
        self._in_progress.add(key)
        try:
            parts = [type(value).__qualname__.encode()]
            self._encode_compound(value, parts.append)
        finally:
            self._in_progress.discard(key)
        found = hashlib.blake2b(b"".join(parts), digest_size=20).digest()
        self._values[key] = (value, found)  # holds the value: its id stays its own
        return found

    def _encode_compound(self, value, write) -> None:
        if isinstance(value, dict):
            pairs = ((self._encoded(key), item) for key, item in value.items())
            for encoded, item in sorted(pairs, key=_first):
                write(encoded)
                write(b":")
                self._encode(item, write)
                write(b",")
        elif isinstance(value, list | tuple):
            for item in value:
                self._encode(item, write)
                write(b",")
        elif isinstance(value, set | frozenset):
            write(b",".join(sorted(map(self._encoded, value))))
        else:
            attributes = getattr(value, "__dict__", None)
            if attributes is None:
                text = repr(value)
                if " at 0x" in text:
                    raise Unnamable(text)
                write(text.encode())
                return
            write(type(value).__module__.encode())
            for name, item in sorted(_own(attributes)):
                write(f"{name}=".encode())
                self._encode(item, write)
                write(b",")

    def _encoded(self, value) -> bytes:
        parts: list[bytes] = []
        self._encode(value, parts.append)
        return b"".join(parts)


def _own(attributes: dict) -> Iterable:
    return ((k, v) for k, v in attributes.items() if k not in SHARED_ATTRIBUTES)


def _first(pair: tuple) -> bytes:
    return pair[0]
