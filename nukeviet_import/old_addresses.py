"""The old site's addresses of what was imported, and the nginx map that sends each
to its new address.

NukeViet builds its addresses as index.php?language=vi&nv=<module>&op=<op> and, with
rewriting on, as /[index.php/][<lang>/]<module>/<op> (nv_url_rewrite_callback in
includes/functions.php): an article's op is <category alias>/<alias>-<id>.html
(modules/news/funcs/detail.php), a document's is detail/<alias> where the alias ends
in -<id> (modules/laws/funcs/detail.php). deploy/nginx/site.conf reduces a request
in any of these forms to one key, "<lang>/<module>/<op without .html or final />"
(or "uploads/<file>"), and looks it up in the map written here; `request_key` is the
same reduction in Python, for the links inside imported bodies and for the tests.
"""

import re
import unicodedata
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from .model import MAIN_LANG

LANGS = ("vi", "en")
# The reduction of deploy/nginx/site.conf, rule for rule.
UPLOADS = re.compile(r"^/uploads/(?P<file>.+)$")
WITH_LANG = re.compile(
    r"^/(?:index\.php/)?(?P<lang>vi|en)/(?P<rest>[^/].*?)(?:\.html|/)?$"
)
WITHOUT_LANG = re.compile(r"^/(?:index\.php/)?/?(?P<rest>[^/].*?)(?:\.html|/)?$")
# nginx keeps a map key in one bucket (map_hash_bucket_size 512 in site.conf): a
# longer key would stop nginx from starting.
MAX_KEY_BYTES = 480


def request_key(path: str, query: str = "") -> str | None:
    """The map key of a request for `path`?`query` (path percent-encoded as sent)."""
    arguments = dict(parse_qsl(query, keep_blank_values=True))
    if arguments.get("nv"):
        # nginx reads $arg_* as sent (not decoded): the query form keeps its op
        raw = dict(
            part.split("=", 1) if "=" in part else (part, "")
            for part in query.split("&")
        )
        path = f"/{raw.get('language', '')}/{raw['nv']}/{raw.get('op', '')}"
    else:
        path = unquote(path)
    for pattern in (UPLOADS, WITH_LANG, WITHOUT_LANG):
        match = pattern.match(path)
        if match:
            groups = match.groupdict()
            if "file" in groups:
                return f"uploads/{groups['file']}"
            return f"{groups.get('lang') or MAIN_LANG}/{groups['rest']}"
    return None


def link_key(href: str) -> str | None:
    """The key of a link written in an old body, if it is an address of the old
    site given without its host (/news/..., index.php?..., news/...)."""
    parts = urlsplit(href.strip())
    if parts.scheme or parts.netloc:
        return None
    path = parts.path if parts.path.startswith("/") else "/" + parts.path
    return request_key(path, parts.query)


def article_keys(lang, module_name, cat_aliases, alias, row_id) -> list[str]:
    """An article's keys: NukeViet answered under each category it is listed in."""
    return [
        f"{lang}/{module_name}/{cat_alias}/{alias}-{row_id}"
        for cat_alias in dict.fromkeys(cat_aliases)
        if cat_alias
    ]


def document_keys(lang, module_name, detail_op, alias, row_id) -> list[str]:
    keys = [f"{lang}/{module_name}/{detail_op}/{alias}"]
    if not alias.endswith(f"-{row_id}"):
        keys.append(f"{lang}/{module_name}/{detail_op}/{alias}-{row_id}")
    return keys


def listing_key(lang, module_name, cat_alias=None) -> str:
    """A module's first page, or one of its categories."""
    return f"{lang}/{module_name}" + (f"/{cat_alias}" if cat_alias else "")


def upload_keys(path_in_uploads: str) -> list[str]:
    """A file under uploads/, as its name may have been sent (NFC or NFD)."""
    forms = [path_in_uploads] + [
        unicodedata.normalize(form, path_in_uploads) for form in ("NFC", "NFD")
    ]
    return [f"uploads/{form}" for form in dict.fromkeys(forms)]


def location(address: str) -> str:
    """A new address as it goes into the Location header: percent-encoded, and only
    ever a path of this site (never //host or a scheme)."""
    if not address.startswith("/") or address.startswith("//") or "\\" in address:
        raise ValueError(f"{address!r} is not a path of this site")
    # nothing nginx reads in a quoted value ($ variables, quotes) stays as it is
    return quote(address, safe="/-._~")


def key_problem(key: str) -> str | None:
    """Why `key` cannot go into the map, if it cannot."""
    if any(ord(character) < 32 or ord(character) == 127 for character in key):
        return "control characters in the address"
    if len(key.encode("utf-8")) > MAX_KEY_BYTES:
        return f"address longer than {MAX_KEY_BYTES} bytes"
    return None


def map_text(redirects: dict[str, str]) -> str:
    """The map file: one `"key" "/new/address/";` line per old address, sorted."""
    lines = [
        "# Old addresses of the NukeViet site and their new ones: written by",
        "# `invoke import-nukeviet`; deploy/nginx/site.conf includes it in a map.",
    ]
    for key in sorted(redirects):
        quoted = key.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'"{quoted}" "{location(redirects[key])}";')
    return "\n".join(lines) + "\n"
