"""Reading a NukeViet 4 database (MariaDB or MySQL) through PyMySQL.

Only SELECTs: the old site's database is never written. Table and column sets
differ between NukeViet 4 releases (4.0 kept bodies in `_bodyhtml_N` tables, 4.3
added `_detail`, 4.6 its `localization`), so each query asks for what the tables
have. Bodies are read one row at a time, apart from the rest, so that a large
archive is never held in memory at once.
"""

import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, unquote, urlsplit

import pymysql
import pymysql.cursors

from .model import (
    LawsModule,
    LawsRow,
    LawsTables,
    ModuleInfo,
    NewsCategory,
    NewsModule,
    NewsRow,
    clean_text,
    id_list,
    is_public,
)

logger = logging.getLogger(__name__)

NAME = re.compile(r"[A-Za-z0-9_-]+")
BODY_TABLE = re.compile(r"_bodyhtml_(\d+)$")


class DatabaseError(Exception):
    """The database cannot be read as a NukeViet one (said in words for people)."""


def connection_arguments(url: str) -> dict:
    """PyMySQL's arguments for mysql://USER:PASS@HOST:PORT/DBNAME[?unix_socket=P]."""
    parts = urlsplit(url)
    if parts.scheme not in ("mysql", "mariadb") or not parts.path.strip("/"):
        raise DatabaseError(
            f"database address {url!r}: expected mysql://USER:PASS@HOST:PORT/DBNAME"
        )
    arguments = {
        "host": parts.hostname or "localhost",
        "port": parts.port or 3306,
        "user": unquote(parts.username or ""),
        # the server compares the password's UTF-8 bytes; PyMySQL would send latin-1
        "password": unquote(parts.password or "").encode("utf-8"),
        "database": unquote(parts.path.strip("/")),
        "charset": "utf8mb4",
    }
    socket = parse_qs(parts.query).get("unix_socket")
    if socket:
        arguments["unix_socket"] = socket[0]
    return arguments


def _quoted(name: str) -> str:
    if not NAME.fullmatch(name):
        raise DatabaseError(f"{name!r} is not a table name NukeViet would make")
    return f"`{name}`"


class NukevietDatabase:
    """One connection to the old site's database, and the tables of its prefix."""

    def __init__(self, url: str, prefix: str):
        if not NAME.fullmatch(prefix):
            raise DatabaseError(f"table prefix {prefix!r}: letters, digits and _ only")
        try:
            self.connection = pymysql.connect(**connection_arguments(url))
        except pymysql.MySQLError as error:
            raise DatabaseError(f"cannot connect to the database: {error}") from None
        self.prefix = prefix
        with self.connection.cursor() as cursor:
            cursor.execute("SHOW TABLES")
            self.tables = {row[0] for row in cursor.fetchall()}
        self._columns: dict[str, set[str]] = {}

    def close(self) -> None:
        self.connection.close()

    def table(self, lang: str, *parts: str) -> str:
        return "_".join((self.prefix, lang, *parts))

    def has(self, table: str) -> bool:
        return table in self.tables

    def columns(self, table: str) -> set[str]:
        if table not in self._columns:
            with self.connection.cursor() as cursor:
                cursor.execute(f"SHOW COLUMNS FROM {_quoted(table)}")
                self._columns[table] = {row[0] for row in cursor.fetchall()}
        return self._columns[table]

    def select(self, table: str, wanted: tuple[str, ...], tail: str = "") -> list:
        """The wanted columns the table has (others come back as None), every row."""
        present = [name for name in wanted if name in self.columns(table)]
        listed = ", ".join(_quoted(name) for name in present)
        with self.connection.cursor(pymysql.cursors.DictCursor) as cursor:
            cursor.execute(f"SELECT {listed} FROM {_quoted(table)} {tail}")
            return [
                {name: row.get(name) for name in wanted} for row in cursor.fetchall()
            ]

    @contextmanager
    def streamed(self, sql: str):
        """Rows of `sql` one by one from the server (nothing else may run meanwhile)."""
        cursor = self.connection.cursor(pymysql.cursors.SSCursor)
        try:
            cursor.execute(sql)
            yield cursor
        finally:
            cursor.close()

    def module(self, lang: str, name: str) -> ModuleInfo | None:
        """The module called `name` (in addresses or in table names) in `lang`, if its
        tables are there. <prefix>_<lang>_modules says both names and its uploads
        folder; without it, all three are `name`."""
        found = None
        modules = self.table(lang, "modules")
        if self.has(modules):
            rows = self.select(modules, ("title", "module_data", "module_upload"))
            found = next((r for r in rows if r["title"] == name), None) or next(
                (r for r in rows if r["module_data"] == name), None
            )
        title = found["title"] if found else name
        data = (found["module_data"] or title) if found else name
        upload = (found["module_upload"] or data) if found else name
        if not any(
            table.startswith(self.table(lang, data) + "_") for table in self.tables
        ):
            return None
        detail = "detail"
        funcs = self.table(lang, "modfuncs")
        if self.has(funcs):
            for row in self.select(funcs, ("func_name", "alias", "in_module")):
                if row["in_module"] == title and row["func_name"] == "detail":
                    detail = row["alias"] or detail
        return ModuleInfo(lang, title, data, upload, detail)

    # The news module ---------------------------------------------------------

    def news(self, module: ModuleInfo) -> NewsModule:
        """Categories, sources, tags and every row with its details but no body."""
        base = self.table(module.lang, module.data)
        rows_table = f"{base}_rows"
        if not self.has(rows_table):
            raise DatabaseError(f"no table {rows_table}: is --prefix right?")
        categories = {
            row["catid"]: NewsCategory(
                row["catid"],
                row["parentid"] or 0,
                clean_text(row["title"]),
                row["alias"] or "",
                row["groups_view"] is None or is_public(row["groups_view"]),
            )
            for row in self.select(
                f"{base}_cat", ("catid", "parentid", "title", "alias", "groups_view")
            )
        }
        sources = {}
        if self.has(f"{base}_sources"):
            for row in self.select(f"{base}_sources", ("sourceid", "title")):
                sources[row["sourceid"]] = clean_text(row["title"])
        tags: dict[int, list[str]] = {}
        if self.has(f"{base}_tags_id") and self.has(f"{base}_tags"):
            # as NukeViet's detail page lists them: keywords whose tag still exists
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT a.id, a.keyword FROM {_quoted(base + '_tags_id')} a "
                    f"INNER JOIN {_quoted(base + '_tags')} b ON a.tid = b.tid"
                )
                for row_id, keyword in cursor.fetchall():
                    tags.setdefault(row_id, []).append(keyword)
        details = self._news_details(base)
        rows = []
        for row in self.select(rows_table, NEWS_COLUMNS, "ORDER BY id"):
            detail = details.get(row["id"], {})
            rows.append(
                NewsRow(
                    lang=module.lang,
                    module=module,
                    id=row["id"],
                    cat_id=row["catid"] or 0,
                    cat_ids=id_list(row["listcatid"]),
                    author=row["author"] or "",
                    source_id=row["sourceid"] or 0,
                    add_time=row["addtime"] or 0,
                    edit_time=row["edittime"] or 0,
                    status=row["status"] if row["status"] is not None else 1,
                    publ_time=row["publtime"] or 0,
                    exp_time=row["exptime"] or 0,
                    title=row["title"] or "",
                    alias=row["alias"] or "",
                    hometext=row["hometext"] or "",
                    image_file=row["homeimgfile"] or "",
                    image_alt=row["homeimgalt"] or "",
                    image_thumb=row["homeimgthumb"] or 0,
                    external_link=bool(row["external_link"]),
                    source_text=detail.get("sourcetext") or "",
                    files=tuple(
                        part.strip()
                        for part in (detail.get("files") or "").split(",")
                        if part.strip()
                    ),
                    group_view=detail.get("group_view") or "",
                    localization=_localization(detail.get("localization")),
                    tags=tuple(tags.get(row["id"], ())),
                )
            )
        return NewsModule(module, categories, sources, rows)

    def _news_details(self, base: str) -> dict[int, dict]:
        """What _detail (or the older _bodyhtml_N) holds besides the body, by id."""
        details = {}
        if self.has(f"{base}_detail"):
            wanted = ("id", "sourcetext", "files", "group_view", "localization")
            for row in self.select(f"{base}_detail", wanted):
                details[row["id"]] = row
        for table in self._body_tables(base):
            for row in self.select(table, ("id", "sourcetext")):
                details.setdefault(row["id"], row)
        return details

    def _body_tables(self, base: str) -> list[str]:
        """The older releases' _bodyhtml_N tables, in the order of their ids."""
        found = []
        for table in self.tables:
            match = BODY_TABLE.search(table)
            if match and table == f"{base}_bodyhtml_{match[1]}":
                found.append((int(match[1]), table))
        return [table for _number, table in sorted(found)]

    def news_bodies(self, module: ModuleInfo) -> Iterator[tuple[int, str]]:
        """(id, bodyhtml) of every row, by id, streamed from the server."""
        base = self.table(module.lang, module.data)
        tables = [f"{base}_detail"] if self.has(f"{base}_detail") else []
        seen = set()
        for table in tables + self._body_tables(base):
            sql = f"SELECT id, bodyhtml FROM {_quoted(table)} ORDER BY id"
            with self.streamed(sql) as cursor:
                for row_id, body in cursor:
                    if row_id not in seen:
                        seen.add(row_id)
                        yield row_id, _text(body)

    # The laws module ---------------------------------------------------------

    def laws(self, module: ModuleInfo) -> LawsModule:
        base = self.table(module.lang, module.data)
        if not self.has(f"{base}_row"):
            raise DatabaseError(f"no table {base}_row: is --laws-module right?")
        tables = LawsTables()
        for row in self.select(f"{base}_cat", ("id", "alias", "title")):
            tables.kinds[row["id"]] = (row["alias"] or "", clean_text(row["title"]))
        for name, target in (
            ("subject", tables.subjects),
            ("signer", tables.signers),
            ("area", tables.areas),
        ):
            if self.has(f"{base}_{name}"):
                for row in self.select(f"{base}_{name}", ("id", "title")):
                    target[row["id"]] = clean_text(row["title"])
        if self.has(f"{base}_set_replace"):
            # the module writes (this document, the one it replaces): oid, nid
            for row in self.select(
                f"{base}_set_replace", ("oid", "nid"), "ORDER BY id"
            ):
                if row["oid"] and row["nid"]:
                    tables.replaced.setdefault(row["oid"], ())
                    tables.replaced[row["oid"]] += (row["nid"],)
        row_areas: dict[int, list[int]] = {}
        if self.has(f"{base}_row_area"):
            for row in self.select(f"{base}_row_area", ("row_id", "area_id")):
                row_areas.setdefault(row["row_id"], []).append(row["area_id"])
        with_body = set()
        if "bodytext" in self.columns(f"{base}_row"):
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id FROM {_quoted(base + '_row')} WHERE bodytext <> ''"
                )
                with_body = {row[0] for row in cursor.fetchall()}
        rows = []
        for row in self.select(f"{base}_row", LAWS_COLUMNS, "ORDER BY id"):
            areas = id_list(row["area_ids"]) or tuple(row_areas.get(row["id"], ()))
            rows.append(
                LawsRow(
                    module=module,
                    id=row["id"],
                    title=row["title"] or "",
                    alias=row["alias"] or "",
                    code=row["code"] or "",
                    cat_id=row["cid"] or 0,
                    subject_id=row["sid"] or 0,
                    signer_id=row["sgid"] or 0,
                    area_ids=areas,
                    introtext=row["introtext"] or "",
                    has_body=row["id"] in with_body,
                    groups_view=row["groups_view"] or "",
                    files=tuple(
                        part.strip()
                        for part in (row["files"] or "").split(",")
                        if part.strip()
                    ),
                    status=row["status"] if row["status"] is not None else 1,
                    add_time=row["addtime"] or 0,
                    publ_time=row["publtime"] or 0,
                    start_valid=row["startvalid"] or 0,
                    exp_time=row["exptime"] or 0,
                    view_hits=row["view_hits"] or 0,
                    download_hits=row["download_hits"] or 0,
                    replacement=id_list(row["replacement"]),
                    relatement=id_list(row["relatement"]),
                )
            )
        return LawsModule(module, tables, rows)


def _text(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value or ""


def _localization(value: str | None) -> dict[str, str]:
    """_detail.localization (NukeViet 4.6): {"en": "address of the English one"}."""
    try:
        decoded = json.loads(value) if value else {}
    except ValueError:
        return {}
    if not isinstance(decoded, dict):
        return {}
    return {str(lang): url for lang, url in decoded.items() if isinstance(url, str)}


NEWS_COLUMNS = (
    "id",
    "catid",
    "listcatid",
    "author",
    "sourceid",
    "addtime",
    "edittime",
    "status",
    "publtime",
    "exptime",
    "title",
    "alias",
    "hometext",
    "homeimgfile",
    "homeimgalt",
    "homeimgthumb",
    "external_link",
)
LAWS_COLUMNS = (
    "id",
    "replacement",
    "relatement",
    "title",
    "alias",
    "code",
    "area_ids",
    "cid",
    "sid",
    "sgid",
    "introtext",
    "groups_view",
    "files",
    "status",
    "addtime",
    "publtime",
    "startvalid",
    "exptime",
    "view_hits",
    "download_hits",
)
