"""The old site's addresses, asked of the real nginx with the repository's site.conf
and the map the import wrote, over the site built from what it imported."""

import http.client
from urllib.parse import quote, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import (
    build_ok,
    empty_sources,
    free_port,
    import_nukeviet,
    nginx,
    site_conf,
    tls_context,
)
from seed_site import (
    ALIAS,
    ARTICLE_ID,
    CATEGORY_ALIAS,
    add_seed_article,
    add_seed_documents,
)

from testbed.nukeviet_site import new_site

pytestmark = [pytest.mark.slow, pytest.mark.nginx]

MAP_LINE = "include /etc/nginx/thongtin-nukeviet-redirects*.map;"


@pytest.fixture(scope="module")
def served(mariadb, tmp_path_factory):
    work = tmp_path_factory.mktemp("old-addresses")
    site = new_site(mariadb, work)
    add_seed_article(site)
    add_seed_documents(site)
    news = site.category("vi", "Tin ảnh", "tin-anh")
    site.upload("news/2021_05/Ảnh đẹp số 1.jpg", b"\xff\xd8\xff picture")
    site.upload('news/2021_05/Báo "cáo" $1;{x}.jpg', b"\xff\xd8\xff quoted")
    site.article(
        "vi",
        news,
        "Tin có ảnh",
        "tin-co-anh",
        "2021-05-05 10:00",
        '<p><img src="/uploads/news/2021_05/Ảnh đẹp số 1.jpg" alt="Ảnh"></p>'
        # a name with what nginx reads in a map: quotes, $, ; and braces
        '<p><img src="/uploads/news/2021_05/Báo &quot;cáo&quot; $1;{x}.jpg"></p>',
        row_id=2000,
        listcatid=f"{news},1",  # also listed in the first category
    )
    kind = site.laws_list("cat", "Hướng dẫn", "huong-dan-2")
    site.upload("laws/noi-bo.pdf", b"%PDF internal")
    site.document(
        "Nội bộ", "noi-bo-99", kind, code="NB.99", groups_view="4", files="noi-bo.pdf"
    )
    content, data = empty_sources(work)
    redirects = work / "redirects.map"
    import_nukeviet(site, content, data, redirects)
    output = build_ok(content, data, work / "output")
    port = free_port()
    conf = site_conf(
        port,
        {
            "root /srv/thongtin/current;": f"root {output};",
            MAP_LINE: f"include {redirects};",
        },
    )
    with nginx(work, port, conf):
        yield port, output, redirects
    site.connection.close()


def ask(port: int, target: str):
    """(status, Location, body) of one raw request, redirects not followed."""
    connection = http.client.HTTPSConnection(
        "127.0.0.1", port, timeout=10, context=tls_context()
    )
    connection.request("GET", target)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.getheader("Location"), body


def mapped(redirects) -> dict[str, str]:
    pairs = {}
    for line in redirects.read_text(encoding="utf-8").splitlines():
        if line.startswith('"'):
            key, value = line.rstrip(";").split('" "')
            pairs[key[1:].replace('\\"', '"')] = value.rstrip('"')
    return pairs


def old_forms(key: str) -> list[str]:
    """The addresses NukeViet gave the page of `key`, in each of its forms."""
    if key.startswith("uploads/"):
        return ["/" + quote(key)]
    lang, module, *rest = key.split("/")
    op = "/".join(rest)
    query = f"/index.php?language={lang}&nv={module}"
    if not op:  # a module's first page; with no language, it is the Vietnamese one
        return [f"/{lang}/{module}/", query] + ([f"/{module}/"] if lang == "vi" else [])
    ending = ".html" if op.rsplit("-", 1)[-1].isdigit() and len(rest) > 1 else "/"
    forms = [
        f"/{lang}/{module}/{quote(op)}{ending}",
        f"/index.php/{lang}/{module}/{quote(op)}{ending}",
        f"{query}&op={quote(op, safe='/')}{ending.strip('/')}",
        f"/index.php?nv={module}&language={lang}&op={quote(op, safe='/')}&fbclid=x",
    ]
    if lang == "vi":
        forms.append(f"/{module}/{quote(op)}{ending}")
    return forms


def test_every_old_address_redirects_once_to_a_page_that_exists(served):
    port, output, redirects = served
    pairs = mapped(redirects)
    assert len(pairs) >= 15
    for key, address in pairs.items():
        for form in old_forms(key):
            if (output / unquote(form).lstrip("/")).is_dir():
                continue  # /en/news/ is a folder of the new site too: it wins
            status, location, _body = ask(port, form)
            assert (status, location) == (301, address), form
            assert location.startswith("/") and not location.startswith("//")
            assert not urlsplit(location).netloc and not urlsplit(location).scheme
            status, again, _body = ask(port, location)
            assert (status, again) == (200, None), (form, location)


def test_the_seed_article_and_its_picture_and_documents(served):
    port, _output, _redirects = served
    article = f"/news/{CATEGORY_ALIAS}/{ALIAS}-{ARTICLE_ID}.html"
    assert ask(port, article)[1] == f"/tin-tuc/{ALIAS}/"
    # listed in two categories: NukeViet answered under both
    assert ask(port, f"/news/{CATEGORY_ALIAS}/tin-co-anh-2000.html")[1] == (
        "/tin-tuc/tin-co-anh/"
    )
    picture = "/uploads/news/2021_05/" + quote("Ảnh đẹp số 1.jpg")
    assert ask(port, picture)[1] == "/images/news/2021_05/anh-dep-so-1.jpg"
    status, _location, body = ask(port, "/images/news/2021_05/anh-dep-so-1.jpg")
    assert (status, body) == (200, b"\xff\xd8\xff picture")
    assert ask(port, "/laws/")[1] == "/van-ban/"


def test_unknown_old_addresses_reach_the_not_found_page_of_their_language(served):
    port, _output, _redirects = served
    for target, lang in (
        (f"/news/{CATEGORY_ALIAS}/khong-co-bai-nay-99999.html", "vi"),
        ("/index.php?language=vi&nv=news&op=tin-anh/khong-co-1.html", "vi"),
        ("/uploads/news/2021_05/khong-co.jpg", "vi"),
        ("/laws/detail/noi-bo-99/", "vi"),  # restricted: never named by a redirect
        ("/uploads/laws/noi-bo.pdf", "vi"),
        ("/en/news/external-information/nothing-here-5.html", "en"),
        ("//evil.example/news/" + f"{CATEGORY_ALIAS}/{ALIAS}-{ARTICLE_ID}.html", "vi"),
    ):
        status, location, body = ask(port, target)
        assert (status, location) == (404, None), target
        assert BeautifulSoup(body, "lxml").html["lang"] == lang, target


def test_pages_of_the_new_site_are_never_redirected(served):
    port, output, _redirects = served
    for page in (f"/tin-tuc/{ALIAS}/", "/", "/en/", "/van-ban/", "/tin-tuc/tin-co-anh"):
        status, location, _body = ask(port, page)
        expected = (301, page + "/") if not page.endswith("/") else (200, None)
        assert (status, location) == expected, page
