"""A NukeViet 4 database for the import's tests and benchmark: NukeViet's own
tables, rows made to order.

The CREATE TABLE statements are NukeViet's, copied column for column from its source:
the news module from modules/news/action_mysql.php of NukeViet 4.6 (nukeviet/nukeviet,
branch nukeviet4.6; the older body table `_bodyhtml_N` from the same file at 4.0.28),
the documents module from modules/laws/action_mysql.php (nukeviet/module-laws), the
list of modules from includes/action_mysql.php. Only what the import reads is filled
in; every other column keeps NukeViet's default.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

MODULES_TABLE = """CREATE TABLE {p}_{lang}_modules (
  title varchar(50) NOT NULL,
  module_file varchar(50) NOT NULL DEFAULT '',
  module_data varchar(50) NOT NULL DEFAULT '',
  module_upload varchar(50) NOT NULL DEFAULT '',
  module_theme varchar(50) NOT NULL DEFAULT '',
  custom_title varchar(255) NOT NULL,
  site_title varchar(255) NOT NULL DEFAULT '',
  admin_title varchar(255) NOT NULL DEFAULT '',
  set_time int(11) unsigned NOT NULL DEFAULT '0',
  main_file tinyint(1) unsigned NOT NULL DEFAULT '0',
  admin_file tinyint(1) unsigned NOT NULL DEFAULT '0',
  theme varchar(100) DEFAULT '',
  mobile varchar(100) DEFAULT '',
  description varchar(255) DEFAULT '',
  keywords text,
  groups_view varchar(255) NOT NULL,
  weight tinyint(3) unsigned NOT NULL DEFAULT '1',
  act tinyint(1) unsigned NOT NULL DEFAULT '0',
  admins varchar(4000) DEFAULT '',
  rss tinyint(4) NOT NULL DEFAULT '1',
  sitemap tinyint(4) NOT NULL DEFAULT '1',
  PRIMARY KEY (title)
) ENGINE=MyISAM"""

NEWS_TABLES = [
    """CREATE TABLE {p}_{lang}_{m}_cat (
  catid smallint(5) unsigned NOT NULL AUTO_INCREMENT,
  parentid smallint(5) unsigned NOT NULL DEFAULT '0',
  title varchar(250) NOT NULL,
  titlesite varchar(250) DEFAULT '',
  alias varchar(250) NOT NULL DEFAULT '',
  description text,
  descriptionhtml text,
  image varchar(255) DEFAULT '',
  viewdescription tinyint(2) NOT NULL DEFAULT '0',
  weight smallint(5) unsigned NOT NULL DEFAULT '0',
  sort smallint(5) NOT NULL DEFAULT '0',
  lev smallint(5) NOT NULL DEFAULT '0',
  viewcat varchar(50) NOT NULL DEFAULT 'viewcat_page_new',
  numsubcat smallint(5) NOT NULL DEFAULT '0',
  subcatid varchar(255) DEFAULT '',
  numlinks tinyint(2) unsigned NOT NULL DEFAULT '3',
  newday tinyint(2) unsigned NOT NULL DEFAULT '2',
  featured int(11) NOT NULL DEFAULT '0',
  ad_block_cat varchar(255) NOT NULL DEFAULT '',
  layout_func varchar(100) NOT NULL DEFAULT '' COMMENT 'Layout khi xem chuyên mục',
  keywords text,
  admins text,
  add_time int(11) unsigned NOT NULL DEFAULT '0',
  edit_time int(11) unsigned NOT NULL DEFAULT '0',
  groups_view varchar(255) DEFAULT '',
  status smallint(4) NOT NULL DEFAULT '1',
  PRIMARY KEY (catid),
  UNIQUE KEY alias (alias),
  KEY parentid (parentid),
  KEY status (status)
) ENGINE=MyISAM""",
    """CREATE TABLE {p}_{lang}_{m}_sources (
  sourceid mediumint(8) unsigned NOT NULL AUTO_INCREMENT,
  title varchar(250) NOT NULL DEFAULT '',
  link varchar(255) DEFAULT '',
  logo varchar(255) DEFAULT '',
  weight mediumint(8) unsigned NOT NULL DEFAULT '0',
  add_time int(11) unsigned NOT NULL,
  edit_time int(11) unsigned NOT NULL,
  PRIMARY KEY (sourceid),
  UNIQUE KEY title (title)
) ENGINE=MyISAM""",
    """CREATE TABLE {p}_{lang}_{m}_rows (
  id int(11) unsigned NOT NULL auto_increment,
  catid smallint(5) unsigned NOT NULL default '0',
  listcatid varchar(255) NOT NULL default '',
  topicid smallint(5) unsigned NOT NULL default '0',
  admin_id mediumint(8) unsigned NOT NULL default '0',
  author varchar(250) default '',
  sourceid mediumint(8) NOT NULL default '0',
  addtime int(11) unsigned NOT NULL default '0',
  edittime int(11) unsigned NOT NULL default '0',
  status tinyint(4) NOT NULL default '1',
  weight int(11) unsigned NOT NULL default '0',
  publtime int(11) unsigned NOT NULL default '0',
  exptime int(11) unsigned NOT NULL default '0',
  archive tinyint(1) unsigned NOT NULL default '0',
  title varchar(250) NOT NULL default '',
  alias varchar(250) NOT NULL default '',
  hometext text NOT NULL,
  homeimgfile varchar(255) default '',
  homeimgalt varchar(255) default '',
  homeimgthumb tinyint(4) NOT NULL default '0',
  inhome tinyint(1) unsigned NOT NULL default '0',
  allowed_comm varchar(255) default '',
  allowed_rating tinyint(1) unsigned NOT NULL default '0',
  external_link tinyint(1) unsigned NOT NULL default '0',
  hitstotal mediumint(8) unsigned NOT NULL default '0',
  hitscm mediumint(8) unsigned NOT NULL default '0',
  total_rating int(11) NOT NULL default '0',
  click_rating int(11) NOT NULL default '0',
  instant_active tinyint(1) NOT NULL default '0',
  instant_template varchar(100) NOT NULL default '',
  instant_creatauto tinyint(1) NOT NULL default '0',
  PRIMARY KEY (id),
  KEY catid (catid),
  KEY topicid (topicid),
  KEY admin_id (admin_id),
  KEY author (author),
  KEY title (title),
  KEY addtime (addtime),
  KEY edittime (edittime),
  KEY publtime (publtime),
  KEY exptime (exptime),
  KEY status (status),
  KEY instant_active (instant_active),
  KEY instant_creatauto (instant_creatauto)
) ENGINE=MyISAM""",
    """CREATE TABLE IF NOT EXISTS {p}_{lang}_{m}_detail (
  id int(11) unsigned NOT NULL,
  titlesite varchar(255) NOT NULL DEFAULT '',
  description text NOT NULL,
  bodyhtml longtext NOT NULL,
  voicedata text NULL DEFAULT NULL COMMENT 'Data giọng đọc json',
  keywords varchar(255) default '',
  sourcetext varchar(255) default '',
  files TEXT NULL,
  imgposition tinyint(1) NOT NULL default '1',
  layout_func varchar(100) DEFAULT '',
  copyright tinyint(1) NOT NULL default '0',
  allowed_send tinyint(1) NOT NULL default '0',
  allowed_print tinyint(1) NOT NULL default '0',
  allowed_save tinyint(1) NOT NULL default '0',
  auto_nav TINYINT(1) NOT NULL DEFAULT '0',
  group_view VARCHAR(255) NULL DEFAULT '',
  localization text NULL DEFAULT NULL COMMENT 'Json url ngôn ngữ khác của bài viết',
  PRIMARY KEY (id)
) ENGINE=MyISAM""",
    """CREATE TABLE {p}_{lang}_{m}_tags (
  tid mediumint(8) unsigned NOT NULL AUTO_INCREMENT,
  numnews mediumint(8) NOT NULL DEFAULT '0',
  title varchar(250) NOT NULL DEFAULT '',
  alias varchar(250) NOT NULL DEFAULT '',
  image varchar(255) DEFAULT '',
  description text,
  keywords varchar(255) DEFAULT '',
  PRIMARY KEY (tid),
  UNIQUE KEY alias (alias)
) ENGINE=MyISAM""",
    """CREATE TABLE {p}_{lang}_{m}_tags_id (
  id int(11) NOT NULL,
  tid mediumint(9) NOT NULL,
  keyword varchar(65) NOT NULL,
  UNIQUE KEY id_tid (id,tid),
  KEY tid (tid)
) ENGINE=MyISAM""",
]

# NukeViet 4.0.28 kept each body in _bodyhtml_<ceil(id / 2000)>, and had no _detail.
OLD_BODY_TABLE = """CREATE TABLE IF NOT EXISTS {p}_{lang}_{m}_bodyhtml_{n} (
  id int(11) unsigned NOT NULL,
  bodyhtml longtext NOT NULL,
  sourcetext varchar(255) default '',
  imgposition tinyint(1) NOT NULL default '1',
  copyright tinyint(1) NOT NULL default '0',
  allowed_send tinyint(1) NOT NULL default '0',
  allowed_print tinyint(1) NOT NULL default '0',
  allowed_save tinyint(1) NOT NULL default '0',
  gid mediumint(8) NOT NULL default '0',
  PRIMARY KEY (id)
) ENGINE=MyISAM"""

LAWS_TABLES = [
    """CREATE TABLE {p}_{lang}_{m}_area(
  id smallint(4) unsigned NOT NULL AUTO_INCREMENT,
  parentid smallint(4) unsigned NOT NULL DEFAULT '0',
  alias varchar(249) NOT NULL,
  title varchar(249) NOT NULL,
  introduction mediumtext NOT NULL,
  keywords varchar(255) NOT NULL,
  addtime int(11) unsigned NOT NULL DEFAULT '0',
  weight smallint(4) unsigned NOT NULL DEFAULT '0',
  sort smallint(5) unsigned NOT NULL DEFAULT '1' COMMENT 'Thứ tự tổng thể',
  lev tinyint(1) unsigned NOT NULL DEFAULT '0' COMMENT 'Cấp bậc',
  numsubcat tinyint(1) unsigned NOT NULL DEFAULT '0' COMMENT 'Số lĩnh vực con',
  subcatid varchar(255) NOT NULL DEFAULT '' COMMENT 'Danh sách ID lĩnh vực con',
  PRIMARY KEY (id),
  UNIQUE KEY alias (alias,parentid),
  KEY weight (weight),
  KEY sort (sort)
) ENGINE=MyISAM""",
    """CREATE TABLE {p}_{lang}_{m}_cat(
  id smallint(4) unsigned NOT NULL AUTO_INCREMENT,
  parentid smallint(4) unsigned NOT NULL DEFAULT '0',
  alias varchar(249) NOT NULL,
  title varchar(249) NOT NULL,
  introduction mediumtext NOT NULL,
  keywords varchar(255) NOT NULL,
  newday tinyint(2) unsigned NOT NULL DEFAULT '5',
  addtime int(11) unsigned NOT NULL DEFAULT '0',
  weight smallint(4) unsigned NOT NULL DEFAULT '0',
  PRIMARY KEY (id),
  UNIQUE KEY alias (alias,parentid),
  KEY weight (weight)
) ENGINE=MyISAM""",
    """CREATE TABLE {p}_{lang}_{m}_subject(
  id smallint(4) unsigned NOT NULL AUTO_INCREMENT,
  alias varchar(250) NOT NULL,
  title varchar(250) NOT NULL,
  introduction mediumtext NOT NULL,
  keywords varchar(255) NOT NULL,
  numcount int(10) NOT NULL DEFAULT '0',
  numlink tinyint(2) NOT NULL DEFAULT '5',
  addtime int(11) unsigned NOT NULL DEFAULT '0',
  weight smallint(4) unsigned NOT NULL DEFAULT '0',
  PRIMARY KEY (id),
  UNIQUE KEY alias (alias),
  KEY weight (weight)
) ENGINE=MyISAM""",
    """CREATE TABLE {p}_{lang}_{m}_row(
  id int(10) NOT NULL AUTO_INCREMENT,
  replacement varchar(255) NOT NULL DEFAULT '',
  relatement varchar(255) NOT NULL DEFAULT '',
  title varchar(255) NOT NULL,
  alias varchar(255) NOT NULL,
  code varchar(50) NOT NULL,
  area_ids varchar(191) NOT NULL DEFAULT '' COMMENT 'Danh sách lĩnh vực',
  cid smallint(4) unsigned NOT NULL DEFAULT '0',
  sid smallint(4) unsigned NOT NULL DEFAULT '0',
  eid smallint(4) unsigned NOT NULL DEFAULT '0',
  sgid smallint(4) unsigned NOT NULL DEFAULT '0',
  note text NOT NULL,
  introtext text NOT NULL,
  bodytext mediumtext NOT NULL,
  keywords varchar(255) NOT NULL,
  groups_view varchar(255) NOT NULL,
  groups_download varchar(255) NOT NULL,
  files mediumtext NOT NULL,
  status tinyint(1) NOT NULL,
  approval tinyint(1) NOT NULL,
  addtime int(11) NOT NULL,
  edittime int(11) NOT NULL,
  publtime int(11) NOT NULL DEFAULT '0',
  start_comm_time int(11) NULL,
  end_comm_time int(11) NULL,
  startvalid int(11) NOT NULL DEFAULT '0',
  exptime int(11) NOT NULL DEFAULT '0',
  view_hits mediumint(8) unsigned NOT NULL DEFAULT '0',
  download_hits mediumint(8) unsigned NOT NULL DEFAULT '0',
  admin_add mediumint(8) unsigned NOT NULL DEFAULT '0',
  admin_edit mediumint(8) unsigned NOT NULL DEFAULT '0',
  PRIMARY KEY (id),
  KEY area_ids (area_ids),
  KEY cid (cid),
  KEY sid (sid),
  KEY eid (eid),
  KEY sgid (sgid)
) ENGINE=MyISAM""",
    """CREATE TABLE {p}_{lang}_{m}_row_area (
  row_id INT(10) UNSIGNED NOT NULL,
  area_id SMALLINT(4) UNSIGNED NOT NULL,
  UNIQUE KEY alias (row_id, area_id)
) ENGINE = MyISAM""",
    """CREATE TABLE {p}_{lang}_{m}_signer(
  id smallint(4) unsigned NOT NULL AUTO_INCREMENT,
  title varchar(255) NOT NULL,
  offices varchar(255) NOT NULL DEFAULT '',
  positions varchar(255) NOT NULL DEFAULT '',
  addtime int(11) unsigned NOT NULL DEFAULT '0',
  PRIMARY KEY (id)
) ENGINE=MyISAM""",
    """CREATE TABLE {p}_{lang}_{m}_set_replace (
  id mediumint(8) unsigned NOT NULL AUTO_INCREMENT,
  oid mediumint(8) unsigned NOT NULL DEFAULT '0',
  nid mediumint(8) unsigned NOT NULL DEFAULT '0',
  PRIMARY KEY (id)
) ENGINE=MyISAM""",
]


def timestamp(text: str) -> int:
    """'2020-12-01 09:16' in Vietnam time, as NukeViet stores a time."""
    return int(
        datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VIETNAM).timestamp()
    )


@dataclass
class NukevietSite:
    """A database on the test server with NukeViet's tables, and its uploads folder."""

    connection: object
    url: str
    uploads: Path
    prefix: str = "nv4"
    _next_id: dict = field(default_factory=dict)

    def run(self, sql: str, arguments=()) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, arguments)

    def insert_many(self, table: str, rows: list[dict]) -> None:
        """Rows of one shape in one statement (the benchmark's thousands)."""
        names = ", ".join(rows[0])
        marks = ", ".join(["%s"] * len(rows[0]))
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.prefix}_{table} ({names}) VALUES ({marks})",
                [list(row.values()) for row in rows],
            )

    def insert(self, table: str, values: dict) -> int:
        names = ", ".join(values)
        marks = ", ".join(["%s"] * len(values))
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {self.prefix}_{table} ({names}) VALUES ({marks})",
                list(values.values()),
            )
            return cursor.lastrowid

    def create_module(
        self,
        lang: str,
        kind: str,
        name: str,
        data: str | None = None,
        old_bodies: bool = False,
    ) -> None:
        data = data or name
        with self.connection.cursor() as cursor:
            cursor.execute(f"SHOW TABLES LIKE '{self.prefix}\\_{lang}\\_modules'")
            if not cursor.fetchall():
                cursor.execute(MODULES_TABLE.format(p=self.prefix, lang=lang))
        self.insert(
            f"{lang}_modules",
            {
                "title": name,
                "module_file": kind,
                "module_data": data,
                "module_upload": name,
                "custom_title": name,
                "groups_view": "6",
            },
        )
        statements = NEWS_TABLES if kind == "news" else LAWS_TABLES
        if kind == "news" and old_bodies:
            statements = [s for s in statements if "_detail" not in s]
        for statement in statements:
            self.run(statement.format(p=self.prefix, lang=lang, m=data))
        if kind == "news" and old_bodies:
            self.run(OLD_BODY_TABLE.format(p=self.prefix, lang=lang, m=data, n=1))

    # The news module

    def category(self, lang, title, alias, groups_view="6", module="news") -> int:
        return self.insert(
            f"{lang}_{module}_cat",
            {"title": title, "alias": alias, "groups_view": groups_view},
        )

    def source(self, lang, title, module="news") -> int:
        return self.insert(
            f"{lang}_{module}_sources", {"title": title, "add_time": 0, "edit_time": 0}
        )

    def article(
        self,
        lang: str,
        cat_id: int,
        title: str,
        alias: str,
        publ: str,
        body: str = "",
        module: str = "news",
        row_id: int | None = None,
        tags: tuple[str, ...] = (),
        detail: dict | None = None,
        old_bodies: bool = False,
        **columns,
    ) -> int:
        values = {
            "catid": cat_id,
            "listcatid": str(cat_id),
            "title": title,
            "alias": alias,
            "publtime": timestamp(publ),
            "addtime": timestamp(publ),
            "hometext": "",
            "status": 1,
            **columns,
        }
        if row_id is not None:
            values["id"] = row_id
        row_id = self.insert(f"{lang}_{module}_rows", values)
        if old_bodies:
            self.insert(
                f"{lang}_{module}_bodyhtml_1",
                {"id": row_id, "bodyhtml": body, **(detail or {})},
            )
        else:
            self.insert(
                f"{lang}_{module}_detail",
                {"id": row_id, "description": "", "bodyhtml": body, **(detail or {})},
            )
        for keyword in tags:
            alias_of_tag = keyword.lower().replace(" ", "-")
            tags = f"{self.prefix}_{lang}_{module}_tags"
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT tid FROM {tags} WHERE alias=%s", (alias_of_tag,)
                )
                found = cursor.fetchone()
            tag_id = (
                found[0]
                if found
                else self.insert(
                    f"{lang}_{module}_tags",
                    {"title": keyword, "alias": alias_of_tag, "keywords": keyword},
                )
            )
            self.insert(
                f"{lang}_{module}_tags_id",
                {"id": row_id, "tid": tag_id, "keyword": keyword},
            )
        return row_id

    def upload(self, path: str, content: bytes = b"\x89PNG\r\n\x1a\n") -> Path:
        file = self.uploads / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(content)
        return file

    # The laws module

    def laws_list(
        self, name: str, title: str, alias: str | None = None, module="laws"
    ) -> int:
        values = {"title": title}
        if name in ("cat", "area", "subject"):
            values.update(
                alias=alias or title.lower().replace(" ", "-"),
                introduction="",
                keywords="",
            )
        return self.insert(f"vi_{module}_{name}", values)

    def document(
        self, title: str, alias: str, cat_id: int, module="laws", **columns
    ) -> int:
        values = {
            "title": title,
            "alias": alias,
            "code": "",
            "cid": cat_id,
            "note": "",
            "introtext": "",
            "bodytext": "",
            "keywords": "",
            "groups_view": "6",
            "groups_download": "6",
            "files": "",
            "status": 1,
            "approval": 1,
            "addtime": 0,
            "edittime": 0,
            **columns,
        }
        return self.insert(f"vi_{module}_row", values)


def new_site(mariadb, folder: Path) -> NukevietSite:
    """An empty database of its own on the test server, and an uploads folder."""
    name = f"nv_{uuid.uuid4().hex[:12]}"
    root = mariadb.root()
    with root.cursor() as cursor:
        cursor.execute(
            f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        )
    root.close()
    uploads = folder / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    return NukevietSite(mariadb.root(name), mariadb.url(name), uploads)
