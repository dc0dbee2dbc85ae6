"""The old site's page of the seed (its article, its seven documents) as rows of
NukeViet's tables, the way NukeViet stores them.

The article's paragraphs are the old page's (tests/seed/old-page.txt), typing slips
included, in the HTML NukeViet's editor writes (justified paragraphs, entities, a
trailing &nbsp;, an empty paragraph at the end): tests/fixtures/nukeviet/. Its
English version is the translation in content/, linked both ways as NukeViet 4.6
links language versions (_detail.localization). The documents carry the old page's
codes, titles and figures; their kinds and issuing bodies are those of data/, their
times made up in the order the page lists them (newest first).
"""

import html

from conftest import FIXTURES

from sitebuild.checks.articles import slugify
from testbed.nukeviet_site import NukevietSite, timestamp

HTML = FIXTURES / "nukeviet"

TITLE = (
    "Kết quả sau 10 năm triển khai Chiến lược phát triển thông tin đối ngoại tỉnh "
    "Kon Tum giai đoạn 2011-2020"
)
ALIAS = (
    "ket-qua-sau-10-nam-trien-khai-chien-luoc-phat-trien-thong-tin-doi-ngoai-tinh-"
    "kon-tum-giai-doan-2011-2020"
)
LEAD = (
    "Sau 10 năm triển khai Kết luận số 16-KL/TW và Chương trình hành động của Chính "
    "phủ về Chiến lược phát triển thông tin đối ngoại, công tác thông tin đối ngoại "
    "của tỉnh Kon Tum đã cơ bản đáp ứng yêu cầu nhiệm vụ chính trị của đất nước, của "
    "địa phương…"
)
CAPTION = (
    "Quang cảnh Hội nghị Ban chỉ đạo Công tác thông tin đối ngoại tỉnh 6 tháng đầu "
    "năm 2017"
)
EN_TITLE = (
    "Results of 10 years of implementing the Strategy for the development of external "
    "information of Kon Tum province, 2011-2020"
)
EN_ALIAS = (
    "results-of-10-years-of-implementing-the-strategy-for-the-development-of-external-"
    "information-of-kon-tum-province-2011-2020"
)
EN_LEAD = (
    "After 10 years of implementing Conclusion No. 16-KL/TW and the Government's "
    "Programme of Action on the Strategy for the development of external information, "
    "the external information work of Kon Tum province has essentially met the "
    "requirements of the political tasks of the country and of the locality…"
)
EN_CAPTION = (
    "Scene at the conference of the provincial Steering Committee for external "
    "information work reviewing the first six months of 2017"
)
ARTICLE_ID, EN_ARTICLE_ID = 1234, 57
CATEGORY_ALIAS, EN_CATEGORY_ALIAS = "thong-tin-doi-ngoai", "external-information"
OLD_SITE = "https://kontum.example"
ARTICLE_ADDRESS = f"/news/{CATEGORY_ALIAS}/{ALIAS}-{ARTICLE_ID}.html"
EN_ARTICLE_ADDRESS = f"/en/news/{EN_CATEGORY_ALIAS}/{EN_ALIAS}-{EN_ARTICLE_ID}.html"
PHOTO = "2020_12/quang-canh-hoi-nghi.jpg"  # the page shows its caption; no file

# (code, title as the old page shows it, kind, issuing body, views, downloads)
DOCUMENTS = [
    (
        "HD.59.BTGTW",
        "Hướng dẫn chương trình bồi dưỡng nghiệp vụ công tác Đảng dành cho Bí thư chi "
        "bộ và cấp uỷ viên cơ sở",
        "Hướng dẫn",
        "Ban Tuyên giáo Trung ương",
        251,
        105,
    ),
    (
        "HD.60.BTGTW",
        "Hướng dẫn chương trình bồi dưỡng lý luận chính trị dành cho đảng viên mới",
        "Hướng dẫn",
        "Ban Tuyên giáo Trung ương",
        251,
        94,
    ),
    (
        "HD.61.BTGTW",
        "Hướng dẫn chương trình bồi dưỡng nhận thức về Đảng",
        "Hướng dẫn",
        "Ban Tuyên giáo Trung ương",
        251,
        89,
    ),
    (
        "HD.58.BTGTW",
        "Nghiên cứu, học tập, quán triệt, tuyên truyền và triển khai NQ 15 của BCT về "
        "phương hướng, nhiệm vụ phát triển Thủ đô Hà Nội đến 2030, tầm nhìn đến 2045",
        "Hướng dẫn",
        "Ban Tuyên giáo Trung ương",
        72,
        29,
    ),
    (
        "",
        "Đề cương tuyên truyền kỷ niệm 110 năm Ngày sinh đồng chí TBT Nguyễn Văn Cừ",
        "Đề cương tuyên truyền",
        "",  # the old page does not say who issued it
        690,
        301,
    ),
    (
        "HD.32.BTGTU",
        'hướng dẫn tuyên truyền về "Năm hữu nghị VN-CPC 2022" và "Năm Đoàn kết hữu '
        'nghị VN-Lào 2022"',
        "Hướng dẫn",
        "Ban Tuyên giáo Tỉnh ủy Kon Tum",
        187,
        79,
    ),
    (
        "HD.31.BTGTU",
        "Hướng dẫn tuyên truyền, phổ biến Nghị quyết 12-NQ/TU, ngày 18-5-2022 và Nghị "
        "quyết 14-NQ/TU, ngày 19-5-2022 của Tỉnh ủy khóa XVI",
        "Hướng dẫn",
        "Ban Tuyên giáo Tỉnh ủy Kon Tum",
        766,
        405,
    ),
]
KIND_ALIASES = {
    "Hướng dẫn": "huong-dan",
    "Đề cương tuyên truyền": "de-cuong-tuyen-truyen",
}


def body_html(lang: str) -> str:
    """The article's body as NukeViet's editor (CKEditor) stored it."""
    return (HTML / f"seed-article.{lang}.html").read_text(encoding="utf-8")


def add_seed_article(site: NukevietSite, with_english: bool = True) -> None:
    """The seed article (and its English version) in the news module."""
    site.create_module("vi", "news", "news")
    category = site.category("vi", "Thông tin đối ngoại", CATEGORY_ALIAS)
    source = site.source("vi", "Bài, ảnh: Đặng Trần Chung")
    localization = {}
    if with_english:
        localization["localization"] = (
            '{"en":"' + OLD_SITE + EN_ARTICLE_ADDRESS.replace("/", "\\/") + '"}'
        )
    site.article(
        "vi",
        category,
        TITLE,
        ALIAS,
        "2020-12-01 09:16",
        body_html("vi"),
        row_id=ARTICLE_ID,
        tags=("thông tin đối ngoại", "Kết luận 16-KL/TW", "Kon Tum"),
        detail={"sourcetext": "Bài, ảnh: Đặng Trần Chung", **localization},
        hometext=LEAD,
        homeimgfile=PHOTO,
        homeimgalt=CAPTION,
        homeimgthumb=1,
        author="Đặng Trần Chung",
        sourceid=source,
    )
    if not with_english:
        return
    site.create_module("en", "news", "news")
    category = site.category("en", "External information", EN_CATEGORY_ALIAS)
    source = site.source("en", "Text and photo: Đặng Trần Chung")
    site.article(
        "en",
        category,
        EN_TITLE,
        EN_ALIAS,
        "2020-12-01 09:16",
        body_html("en"),
        row_id=EN_ARTICLE_ID,
        tags=("external information", "Conclusion 16-KL/TW", "Kon Tum"),
        detail={
            "sourcetext": "Text and photo: Đặng Trần Chung",
            "localization": '{"vi":"' + OLD_SITE + ARTICLE_ADDRESS + '"}',
        },
        hometext=EN_LEAD,
        homeimgfile=PHOTO,
        homeimgalt=EN_CAPTION,
        homeimgthumb=1,
        author="Đặng Trần Chung",
        sourceid=source,
    )


def add_seed_documents(site: NukevietSite) -> dict[str, int]:
    """The seven documents of the old page in the laws module; their ids by code
    (the outline, which has none, by "de-cuong")."""
    site.create_module("vi", "laws", "laws")
    kinds = {
        title: site.laws_list("cat", title, alias)
        for title, alias in KIND_ALIASES.items()
    }
    subjects: dict[str, int] = {}
    ids = {}
    newest = timestamp("2022-11-20 08:00")
    for order, (code, title, kind, issuer, views, downloads) in enumerate(DOCUMENTS):
        if issuer and issuer not in subjects:
            subjects[issuer] = site.laws_list("subject", issuer)
        row_id = site.document(
            html.escape(title),  # NukeViet stores titles through htmlspecialchars
            "",
            kinds[kind],
            code=code,
            sid=subjects.get(issuer, 0),
            view_hits=views,
            download_hits=downloads,
            addtime=newest - order * 86400,
        )
        alias = f"{slugify(title)}-{row_id}"  # as NukeViet's change_alias makes it
        site.run(
            f"UPDATE {site.prefix}_vi_laws_row SET alias=%s WHERE id=%s",
            (alias, row_id),
        )
        ids[code or "de-cuong"] = row_id
    return ids
