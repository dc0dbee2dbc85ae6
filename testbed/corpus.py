"""Pure: a deterministic Vietnamese-like corpus (articles, translations, documents).

Everything is made from one seeded `random.Random`: the same spec and kinds give the
same bytes, file for file. Words are real Vietnamese words (tone marks, đ) in a
Vietnamese-like word order; English translations reuse the same concepts in English.
"""

import datetime
import io
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass

import yaml
from unidecode import unidecode

from sitebuild.checks.articles import slugify

# (Vietnamese, English) pairs: nouns first by frequency (earlier ones are drawn more).
NOUNS = (
    ("tỉnh", "province"),
    ("cán bộ", "officials"),
    ("nhân dân", "people"),
    ("địa phương", "locality"),
    ("kinh tế", "economy"),
    ("xã hội", "society"),
    ("thông tin", "information"),
    ("đảng viên", "Party members"),
    ("chính quyền", "authorities"),
    ("cấp ủy", "Party committees"),
    ("nhiệm vụ", "tasks"),
    ("giải pháp", "solutions"),
    ("kết quả", "results"),
    ("chương trình", "programme"),
    ("kế hoạch", "plan"),
    ("nghị quyết", "resolution"),
    ("hội nghị", "conference"),
    ("tuyên truyền", "propaganda"),
    ("đồng bào", "compatriots"),
    ("dân tộc thiểu số", "ethnic minorities"),
    ("văn hóa", "culture"),
    ("giáo dục", "education"),
    ("y tế", "health care"),
    ("nông nghiệp", "agriculture"),
    ("du lịch", "tourism"),
    ("đầu tư", "investment"),
    ("hạ tầng", "infrastructure"),
    ("giao thông", "transport"),
    ("thông tin đối ngoại", "external information"),
    ("đối ngoại", "foreign relations"),
    ("mặt trận", "Front"),
    ("đoàn thể", "mass organisations"),
    ("chỉ thị", "directive"),
    ("dự án", "project"),
    ("công trình", "works"),
    ("biên giới", "border"),
    ("an ninh", "security"),
    ("quốc phòng", "defence"),
    ("báo chí", "press"),
    ("truyền thông", "media"),
    ("phát thanh", "radio"),
    ("truyền hình", "television"),
    ("cơ sở", "grassroots"),
    ("thôn làng", "villages"),
    ("xã", "commune"),
    ("phường", "ward"),
    ("huyện", "district"),
    ("thành phố", "city"),
    ("nông thôn mới", "new countryside"),
    ("đô thị", "urban areas"),
    ("môi trường", "environment"),
    ("rừng", "forest"),
    ("cà phê", "coffee"),
    ("cao su", "rubber"),
    ("sâm Ngọc Linh", "Ngoc Linh ginseng"),
    ("lúa nước", "wet rice"),
    ("điện lưới", "power grid"),
    ("trường học", "schools"),
    ("học sinh", "pupils"),
    ("giáo viên", "teachers"),
    ("bệnh viện", "hospital"),
    ("bác sĩ", "doctors"),
    ("doanh nghiệp", "enterprises"),
    ("hợp tác xã", "cooperatives"),
    ("thị trường", "market"),
    ("sản phẩm", "products"),
    ("ngân sách", "budget"),
    ("nguồn vốn", "funds"),
    ("thu nhập", "income"),
    ("hộ nghèo", "poor households"),
    ("việc làm", "jobs"),
    ("người lao động", "workers"),
    ("thanh niên", "young people"),
    ("phụ nữ", "women"),
    ("cựu chiến binh", "veterans"),
    ("nông dân", "farmers"),
    ("trí thức", "intellectuals"),
    ("lễ hội", "festival"),
    ("di tích", "relics"),
    ("bản sắc", "identity"),
    ("cồng chiêng", "gongs"),
    ("nhà rông", "communal house"),
    ("chuyển đổi số", "digital transformation"),
    ("công nghệ", "technology"),
    ("dữ liệu", "data"),
    ("cổng thông tin điện tử", "e-portal"),
    ("mạng xã hội", "social networks"),
    ("pháp luật", "law"),
    ("chính sách", "policies"),
    ("thủ tục hành chính", "administrative procedures"),
    ("bộ máy", "apparatus"),
    ("thành tựu", "achievements"),
    ("hạn chế", "shortcomings"),
    ("khó khăn", "difficulties"),
    ("tiềm năng", "potential"),
    ("thế mạnh", "strengths"),
    ("hợp tác", "cooperation"),
    ("hữu nghị", "friendship"),
    ("đoàn công tác", "working delegation"),
    ("đại biểu", "delegates"),
    ("lãnh đạo", "leaders"),
    ("đất nước", "country"),
    ("quê hương", "homeland"),
    ("thiên tai", "natural disasters"),
    ("dịch bệnh", "epidemics"),
    ("tiêm chủng", "vaccination"),
    ("thi đua", "emulation"),
    ("khen thưởng", "commendation"),
    ("phong trào", "movement"),
    ("cuộc vận động", "campaign"),
    ("giai đoạn", "period"),
    ("nhiệm kỳ", "term"),
    ("mùa khô", "dry season"),
    ("mùa mưa", "rainy season"),
    ("đường tuần tra", "patrol road"),
    ("cửa khẩu", "border gate"),
    ("thủy điện", "hydropower"),
    ("cây dược liệu", "medicinal plants"),
    ("rau hoa", "vegetables and flowers"),
    ("gạo", "rice"),
    ("trâu bò", "cattle"),
    ("nước sạch", "clean water"),
    ("nhà văn hóa", "cultural house"),
    ("thư viện", "library"),
)
PLACES = (
    ("Kon Tum", "Kon Tum"),
    ("Ngọc Hồi", "Ngoc Hoi"),
    ("Đắk Hà", "Dak Ha"),
    ("Đắk Tô", "Dak To"),
    ("Sa Thầy", "Sa Thay"),
    ("Kon Rẫy", "Kon Ray"),
    ("Kon Plông", "Kon Plong"),
    ("Tu Mơ Rông", "Tu Mo Rong"),
    ("Ia H'Drai", "Ia H'Drai"),
    ("Măng Đen", "Mang Den"),
    ("Tây Nguyên", "the Central Highlands"),
    ("Lào", "Laos"),
    ("Campuchia", "Cambodia"),
)
# Planted in a few articles only: the search's "rare word".
RARE_PLACE = ("Đắk Glei", "Dak Glei")
VERBS = (
    ("triển khai", "deployed"),
    ("thực hiện", "implemented"),
    ("tổ chức", "organised"),
    ("tuyên truyền", "publicised"),
    ("phổ biến", "disseminated"),
    ("quán triệt", "thoroughly grasped"),
    ("xây dựng", "built"),
    ("phát triển", "developed"),
    ("nâng cao", "improved"),
    ("tăng cường", "strengthened"),
    ("đẩy mạnh", "promoted"),
    ("chỉ đạo", "directed"),
    ("hướng dẫn", "guided"),
    ("kiểm tra", "inspected"),
    ("đánh giá", "assessed"),
    ("tổng kết", "reviewed"),
    ("sơ kết", "took stock of"),
    ("ban hành", "issued"),
    ("phê duyệt", "approved"),
    ("hỗ trợ", "supported"),
    ("bảo vệ", "protected"),
    ("giữ gìn", "preserved"),
    ("phát huy", "promoted"),
    ("đón tiếp", "welcomed"),
    ("làm việc với", "worked with"),
    ("trao đổi", "discussed"),
    ("ký kết", "signed"),
    ("khánh thành", "inaugurated"),
    ("khởi công", "broke ground on"),
    ("tham gia", "took part in"),
    ("vận động", "mobilised"),
    ("phối hợp", "coordinated"),
    ("chuẩn bị", "prepared"),
    ("tiếp nhận", "received"),
    ("cung cấp", "provided"),
    ("bảo đảm", "ensured"),
    ("khắc phục", "overcame"),
    ("đổi mới", "renewed"),
    ("bồi dưỡng", "trained"),
    ("tập huấn", "coached"),
    ("kỷ niệm", "celebrated"),
    ("biểu dương", "honoured"),
    ("trao tặng", "presented"),
    ("giới thiệu", "introduced"),
    ("quảng bá", "advertised"),
    ("đấu tranh phản bác", "refuted"),
)
ADJECTIVES = (
    ("hiệu quả", "effective"),
    ("thiết thực", "practical"),
    ("quan trọng", "important"),
    ("cụ thể", "specific"),
    ("kịp thời", "timely"),
    ("chặt chẽ", "close"),
    ("đồng bộ", "comprehensive"),
    ("bền vững", "sustainable"),
    ("tích cực", "active"),
    ("mới", "new"),
    ("lớn", "large"),
    ("đặc biệt", "special"),
    ("thường xuyên", "regular"),
    ("toàn diện", "all-round"),
    ("nghiêm túc", "serious"),
    ("sâu rộng", "far-reaching"),
    ("rõ rệt", "marked"),
    ("cơ bản", "basic"),
    ("chủ yếu", "main"),
    ("đáng khích lệ", "encouraging"),
    ("vững chắc", "solid"),
    ("an toàn", "safe"),
    ("văn minh", "civilised"),
)
ADVERBS = ("đã", "đã", "sẽ", "đang", "tiếp tục", "cần", "luôn", "đều")
LINKS = ("của", "cho", "tại", "trong", "về", "với", "trên địa bàn", "theo", "nhằm")
LINKS_EN = ("of", "for", "in", "on", "with", "across", "under", "towards")
SUBJECTS = (
    ("Ban Thường vụ Tỉnh ủy", "The Provincial Party Standing Committee"),
    ("Ủy ban nhân dân tỉnh", "The Provincial People's Committee"),
    ("Ban Tuyên giáo Tỉnh ủy", "The Provincial Party Propaganda Department"),
    (
        "Sở Thông tin và Truyền thông",
        "The Department of Information and Communications",
    ),
    ("Hội đồng nhân dân tỉnh", "The Provincial People's Council"),
    ("các cấp ủy, chính quyền", "Party committees and authorities"),
    ("Mặt trận Tổ quốc", "The Fatherland Front"),
    ("Đoàn Thanh niên", "The Youth Union"),
    ("Hội Nông dân", "The Farmers' Association"),
    ("Bộ đội Biên phòng", "The Border Guard"),
)
CATEGORIES = (
    ("Thời sự", "Current affairs"),
    ("Chính trị", "Politics"),
    ("Kinh tế", "Economy"),
    ("Xã hội", "Society"),
    ("Văn hóa - Du lịch", "Culture and tourism"),
    ("Giáo dục", "Education"),
    ("Y tế", "Health"),
    ("Quốc phòng - An ninh", "Defence and security"),
    ("Thông tin đối ngoại", "External information"),
    ("Nông nghiệp - Nông thôn", "Agriculture and rural areas"),
    ("Khoa học - Công nghệ", "Science and technology"),
    ("Xây dựng Đảng", "Party building"),
)
ISSUERS = (
    ("Ban Tuyên giáo Trung ương", "BTGTW"),
    ("Ban Tuyên giáo Tỉnh ủy Kon Tum", "BTGTU"),
    ("Tỉnh ủy Kon Tum", "TU"),
    ("Ủy ban nhân dân tỉnh Kon Tum", "UBND"),
    ("Hội đồng nhân dân tỉnh Kon Tum", "HDND"),
    ("Sở Thông tin và Truyền thông", "STTTT"),
    ("Văn phòng Tỉnh ủy", "VPTU"),
)
SIGNERS = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Đặng Trần Chung", "Y Mửi")
CODE_PREFIXES = {
    "huong-dan": "HD",
    "ke-hoach": "KH",
    "nghi-quyet": "NQ",
    "ket-luan": "KL",
    "quyet-dinh": "QD",
    "chi-thi": "CT",
    "cong-van": "CV",
}
# The document the query "hd 59" must find, as the real library has it.
HD59 = {
    "code": "HD.59.BTGTW",
    "kind": "huong-dan",
    "vi": "Hướng dẫn chương trình bồi dưỡng nghiệp vụ công tác Đảng dành cho Bí thư "
    "chi bộ và cấp uỷ viên cơ sở",
    "en": "Guidance on the training programme in Party work skills for Party cell "
    "secretaries and grassroots Party committee members",
}
FIRST_YEAR, LAST_YEAR = 2000, 2025
POSTED_FROM = datetime.datetime(2024, 1, 1, 8, 0)  # the first record put on the site
IMAGE_DIR = "images/bench"
# Translations show the same inline pictures as their originals.
EN_INLINE_IMAGES = True
RARE_EVERY = 397  # one article in this many names the rare place


@dataclass(frozen=True)
class CorpusSpec:
    """How big a corpus to make, and from which seed."""

    articles: int
    translated_share: float = 0.3
    documents: int | None = None  # None: articles // 5
    seed: int = 20201201
    images: int = 40

    @property
    def document_count(self) -> int:
        return self.articles // 5 if self.documents is None else self.documents


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Writer:
    """Sentences, paragraphs and titles in both languages from one random stream."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.noun_weights = [1 / (rank + 1) ** 0.7 for rank in range(len(NOUNS))]

    def noun(self) -> tuple[str, str]:
        """A noun, the frequent ones more often (a Zipf-like draw)."""
        return self.rng.choices(NOUNS, self.noun_weights)[0]

    def phrase(self) -> tuple[str, str]:
        """A noun phrase: noun, sometimes an adjective, sometimes 'of' another noun."""
        vi, en = self.noun()
        roll = self.rng.random()
        if roll < 0.3:
            adj_vi, adj_en = self.rng.choice(ADJECTIVES)
            vi, en = f"{vi} {adj_vi}", f"{adj_en} {en}"
        elif roll < 0.55:
            other_vi, other_en = self.noun()
            vi, en = f"{vi} {other_vi}", f"{en} of {other_en}"
        elif roll < 0.65:
            place_vi, place_en = self.rng.choice(PLACES)
            vi, en = f"{vi} {place_vi}", f"{en} of {place_en}"
        return vi, en

    def sentence(self) -> tuple[str, str]:
        """One sentence: subject, verb, object, a few complements; and its English."""
        rng = self.rng
        subject = rng.choice(SUBJECTS) if rng.random() < 0.4 else self.phrase()
        verb_vi, verb_en = rng.choice(VERBS)
        obj = self.phrase()
        vi = [subject[0], rng.choice(ADVERBS), verb_vi, obj[0]]
        en = [subject[1], verb_en, "the", obj[1]]
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            link = rng.randrange(len(LINKS))
            extra = self.phrase()
            vi += [LINKS[link], extra[0]]
            en += [LINKS_EN[link % len(LINKS_EN)], "the", extra[1]]
        if rng.random() < 0.5:
            vi += ["của tỉnh"]
            en += ["of the province"]
        if rng.random() < 0.2:
            year = rng.randint(FIRST_YEAR, LAST_YEAR)
            vi += [f"năm {year}"]
            en += [f"in {year}"]
        if rng.random() < 0.25:
            verb2 = rng.choice(VERBS)
            extra = self.phrase()
            vi += [f", đồng thời {verb2[0]}", extra[0]]
            en += [f", and also {verb2[1]}", "the", extra[1]]
        return (
            _cap(" ".join(vi).replace(" ,", ",")) + ".",
            _cap(" ".join(en).replace(" ,", ",")) + ".",
        )

    def paragraph(self) -> tuple[str, str]:
        """Two to six sentences."""
        sentences = [self.sentence() for _ in range(self.rng.randint(2, 6))]
        return (
            " ".join(s[0] for s in sentences),
            " ".join(s[1] for s in sentences),
        )

    def title(self) -> tuple[str, str]:
        """A headline: verb, two noun phrases, maybe a place and a period."""
        verb_vi, verb_en = self.rng.choice(VERBS)
        first, second = self.phrase(), self.phrase()
        vi = f"{_cap(verb_vi)} {first[0]} và {second[0]}"
        en = f"{_cap(verb_en)} the {first[1]} and the {second[1]}"
        if self.rng.random() < 0.6:
            place_vi, place_en = self.rng.choice(PLACES)
            vi, en = f"{vi} ở {place_vi}", f"{en} in {place_en}"
        if self.rng.random() < 0.4:
            start = self.rng.randint(FIRST_YEAR, LAST_YEAR - 5)
            end = start + self.rng.choice((1, 2, 5))
            vi, en = f"{vi} giai đoạn {start}-{end}", f"{en}, {start}-{end}"
        return vi, en


def png_image(number: int) -> bytes:
    """A small real PNG (96x64 gradient) whose colours depend on `number`."""
    width, height = 96, 64
    red, green, blue = (number * 53) % 256, (number * 97) % 256, (number * 151) % 256
    rows = b"".join(
        b"\x00"
        + bytes(
            channel
            for x in range(width)
            for channel in (
                (red + x) % 256,
                (green + y * 2) % 256,
                (blue + x + y) % 256,
            )
        )
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def pdf_file(title: str) -> bytes:
    """A one-page PDF showing `title` (transliterated to ASCII)."""
    text = unidecode(title).replace("\\", "").replace("(", "[").replace(")", "]")
    stream = f"BT /F1 12 Tf 40 800 Td ({text[:90]}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def docx_file(text: str) -> bytes:
    """A minimal Word document holding `text`, with fixed timestamps."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>',
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
        f'2006/main"><w:body><w:p><w:r><w:t>{escaped}</w:t></w:r></w:p></w:body>'
        "</w:document>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode())
    return buffer.getvalue()


def _metadata_block(fields: list[tuple[str, str]]) -> str:
    """The header lines of an article, leaving out empty values."""
    return "".join(f"{key}: {value}\n" for key, value in fields if value)


@dataclass(frozen=True)
class _ArticlePlan:
    index: int
    path: str  # content/<year>/tin-NNNNN
    date: str
    category: int


def _article(
    writer: _Writer,
    plan: _ArticlePlan,
    title: tuple[str, str],
    tags: list[tuple[str, str]],
    document_ids: list[str],
    earlier: list[str],
    translated: bool,
    vi_slug: str,
    images: int,
) -> dict[str, bytes]:
    """The Markdown file of one article, and of its translation when `translated`."""
    rng = writer.rng
    summary = writer.sentence()
    category = CATEGORIES[plan.category]
    vi_meta = [
        ("Title", title[0]),
        ("Date", plan.date),
        ("Category", category[0]),
        ("Tags", ", ".join(tag[0] for tag in tags)),
        ("Summary", summary[0]),
    ]
    en_meta = [
        ("Title", title[1]),
        ("Date", plan.date),
        ("Category", category[1]),
        ("Tags", ", ".join(tag[1] for tag in tags)),
        ("Translation_of", vi_slug),
        ("Summary", summary[1]),
    ]
    if images and rng.random() < 0.2:
        image = f"{IMAGE_DIR}/anh-{rng.randrange(1, images + 1):02d}.png"
        caption = writer.sentence()
        vi_meta += [("Image", image), ("Image_caption", caption[0].rstrip("."))]
        en_meta += [("Image", image), ("Image_caption", caption[1].rstrip("."))]
    if rng.random() < 0.7:
        vi_meta.append(("Author", rng.choice(SIGNERS)))
    if document_ids and rng.random() < 0.1:
        named = sorted(set(rng.sample(document_ids, min(2, len(document_ids)))))
        vi_meta.append(("Documents", ", ".join(named)))
        en_meta.append(("Documents", ", ".join(named)))
    vi_body, en_body = [], []
    rare = plan.index % RARE_EVERY == 7
    for number in range(rng.randint(3, 9)):
        if number and rng.random() < 0.3:
            heading = writer.phrase()
            level = "##" if rng.random() < 0.7 else "###"
            vi_body.append(f"{level} {_cap(heading[0])}")
            en_body.append(f"{level} {_cap(heading[1])}")
        vi, en = writer.paragraph()
        if rng.random() < 0.15:
            vi, en = f"**{vi}**", f"**{en}**"
        if rare and number == 0:
            vi += f" Đoàn đã đến thăm huyện {RARE_PLACE[0]}."
            en += f" The delegation visited {RARE_PLACE[1]} district."
        vi_body.append(vi)
        en_body.append(en)
        roll = rng.random()
        if roll < 0.12:
            items = [writer.sentence() for _ in range(rng.randint(3, 6))]
            marker = "-" if rng.random() < 0.7 else "1."
            vi_body.append("\n".join(f"{marker} {item[0]}" for item in items))
            en_body.append("\n".join(f"{marker} {item[1]}" for item in items))
        elif roll < 0.2 and images:
            picture = f"/{IMAGE_DIR}/anh-{rng.randrange(1, images + 1):02d}.png"
            alt = writer.phrase()
            vi_body.append(f"![{_cap(alt[0])}]({{static}}{picture})")
            if EN_INLINE_IMAGES:
                en_body.append(f"![{_cap(alt[1])}]({{static}}{picture})")
        elif roll < 0.24 and earlier:
            other = rng.choice(earlier)
            vi_body.append(f"Xem thêm: [bài liên quan]({{filename}}/{other}.md).")
            en_body.append(f"See also: [a related article]({{filename}}/{other}.md).")
    files = {
        f"{plan.path}.md": (
            _metadata_block(vi_meta) + "\n" + "\n\n".join(vi_body) + "\n"
        ).encode()
    }
    if translated:
        files[f"{plan.path}.en.md"] = (
            _metadata_block(en_meta) + "\n" + "\n\n".join(en_body) + "\n"
        ).encode()
    return files


def _unique_title(writer: _Writer, taken: set[str]) -> tuple[tuple[str, str], str]:
    """A title pair whose Vietnamese and English slugs are both new."""
    for attempt in range(100):
        vi, en = writer.title()
        if attempt:
            vi, en = f"{vi} (lần {attempt + 1})", f"{en} (part {attempt + 1})"
        vi_slug, en_slug = slugify(vi), slugify(en)
        if ("vi", vi_slug) not in taken and ("en", en_slug) not in taken:
            taken.update({("vi", vi_slug), ("en", en_slug)})
            return (vi, en), vi_slug
    raise RuntimeError("could not find a unique title")


def _tag_pool() -> list[tuple[str, str]]:
    """Nouns and places as tags, one per Vietnamese and English slug."""
    pool, seen = [], set()
    for vi, en in NOUNS + PLACES:
        keys = ("vi", slugify(vi)), ("en", slugify(en))
        if not seen.intersection(keys):
            seen.update(keys)
            pool.append((vi, en))
    return pool


def _date(rng: random.Random) -> str:
    """A publication time between FIRST_YEAR and LAST_YEAR, as editors write it."""
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    hour, minute = rng.randint(6, 21), rng.choice((0, 15, 30, 45))
    return f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}"


def generate_articles(
    spec: CorpusSpec, rng: random.Random, document_ids: list[str]
) -> dict[str, bytes]:
    """Every article (content/<year>/tin-NNNNN.md) and the share translated."""
    writer, taken, files, earlier = _Writer(rng), set(), {}, []
    tags = _tag_pool()
    tag_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(tags))]
    for index in range(spec.articles):
        date = _date(rng)
        plan = _ArticlePlan(
            index, f"{date[:4]}/tin-{index:05d}", date, rng.randrange(len(CATEGORIES))
        )
        title, vi_slug = _unique_title(writer, taken)
        chosen = sorted(
            {tags.index(t): t for t in rng.choices(tags, tag_weights, k=3)}.items()
        )
        # the article naming the rare place is always translated: both sites have it
        translated = rng.random() < spec.translated_share or index % RARE_EVERY == 7
        article = _article(
            writer,
            plan,
            title,
            [tag for _, tag in chosen],
            document_ids,
            earlier[-500:],
            translated,
            vi_slug,
            spec.images,
        )
        files.update({f"content/{path}": data for path, data in article.items()})
        earlier.append(plan.path)
    return files


def _document_record(
    rng: random.Random, writer: _Writer, number: int, kind: str, kinds: dict
) -> tuple[str | None, dict]:
    """A document's fields (without id, files and links) and its code, if any."""
    issuer, abbreviation = rng.choice(ISSUERS)
    topic = writer.title()
    name = kinds[kind]
    title = {
        "vi": f"{name['vi']} về việc {topic[0][:1].lower()}{topic[0][1:]}",
        "en": f"{name['en']}: {topic[1]}",
    }
    if rng.random() < 0.25:
        del title["en"]
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    precision = rng.random()
    issued = (
        year
        if precision < 0.2
        else f"{year}-{rng.randint(1, 12):02d}"
        if precision < 0.35
        else f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    )
    record = {"kind": kind, "title": title}
    if rng.random() < 0.5:
        summary = writer.sentence()
        record["summary"] = {"vi": summary[0], "en": summary[1]}
    record["issuer"] = issuer
    if rng.random() < 0.6:
        record["signer"] = rng.choice(SIGNERS)
    if rng.random() < 0.9:
        record["issued"] = issued
        if rng.random() < 0.2:
            record["effective"] = issued
        if rng.random() < 0.1:
            record["expires"] = year + rng.randint(1, 5)
    if rng.random() < 0.5:
        record["fields"] = sorted({writer.noun()[0] for _ in range(rng.randint(1, 2))})
    record["tags"] = sorted({writer.noun()[0] for _ in range(rng.randint(1, 3))})
    # put on the site three hours apart, as `invoke new-document` stamps records:
    # the library has its feed, as the office's has
    posted = POSTED_FROM + datetime.timedelta(hours=3 * number)
    record["posted"] = posted.strftime("%Y-%m-%d %H:%M")
    if number % 20 == 3:
        record["access"] = "restricted"
    prefix = CODE_PREFIXES.get(kind)
    return (f"{prefix}.{{}}.{abbreviation}" if prefix else None), record


def generate_documents(
    spec: CorpusSpec, rng: random.Random, kinds: dict
) -> tuple[dict[str, bytes], list[str]]:
    """Every record in data/documents/ (every kind, some restricted) and their files."""
    writer, files, ids = _Writer(rng), {}, []
    counters: dict[str, int] = {}
    kind_ids = list(kinds)
    for number in range(spec.document_count):
        kind = kind_ids[number % len(kind_ids)] if number < 2 * len(kind_ids) else None
        kind = kind or rng.choice(kind_ids)
        code_form, record = _document_record(rng, writer, number, kind, kinds)
        if number == 0 and HD59["kind"] in kinds:
            code_form, kind = None, HD59["kind"]
            title = {"vi": HD59["vi"], "en": HD59["en"]}
            record = {"code": HD59["code"], **record, "kind": kind, "title": title}
            record["issuer"] = ISSUERS[0][0]
            record.pop("access", None)
            counters[HD59["code"].replace("59", "{}")] = 59
        if code_form:
            counters[code_form] = counters.get(code_form, 0) + 1
            record = {"code": code_form.format(counters[code_form]), **record}
        code = record.get("code")
        document_id = code.lower().replace(".", "-") if code else f"{kind}-{number:05d}"
        if ids and rng.random() < 0.2:
            record["related"] = sorted(set(rng.sample(ids, min(2, len(ids)))))
        if ids and rng.random() < 0.05:
            record["replaces"] = [rng.choice(ids)]
        if rng.random() < 0.4 or number % 20 == 3:
            folder = str(record.get("issued", LAST_YEAR))[:4]
            pdf = f"{folder}/{document_id}.pdf"
            attachments = [{"path": pdf, "title": "Toàn văn", "lang": "vi"}]
            files[f"data/documents/files/{pdf}"] = pdf_file(record["title"]["vi"])
            if rng.random() < 0.3:
                docx = f"{folder}/{document_id}-phu-luc.docx"
                attachments.append({"path": docx})
                files[f"data/documents/files/{docx}"] = docx_file(record["title"]["vi"])
            record["files"] = attachments
        if rng.random() < 0.5:
            record["legacy"] = {"views": rng.randint(0, 3000)}
        text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=4096)
        files[f"data/documents/{document_id}.yaml"] = text.encode()
        ids.append(document_id)
    return files, ids


def generate(spec: CorpusSpec, kinds_yaml: str) -> dict[str, bytes]:
    """The whole corpus: {path relative to the corpus root: bytes}, sorted by path."""
    rng = random.Random(spec.seed)
    kinds = yaml.safe_load(kinds_yaml) or {}
    files = {"data/document-kinds.yaml": kinds_yaml.encode()}
    documents, ids = generate_documents(spec, random.Random(rng.random()), kinds)
    files.update(documents)
    files.update(generate_articles(spec, random.Random(rng.random()), ids))
    for number in range(1, spec.images + 1):
        files[f"content/{IMAGE_DIR}/anh-{number:02d}.png"] = png_image(number)
    return dict(sorted(files.items()))


def edited_article(files: dict[str, bytes], spec: CorpusSpec) -> tuple[str, bytes]:
    """One article (the middle one) with a paragraph added at the end of its body."""
    suffix = f"/tin-{spec.articles // 2:05d}.md"
    path = next(name for name in files if name.endswith(suffix))
    added = "\nCập nhật: bài viết được bổ sung thông tin về kết quả hội nghị.\n"
    return path, files[path] + added.encode()


def extra_document(kinds_yaml: str) -> dict[str, bytes]:
    """A new public record with one attachment, as an editor would add it."""
    kinds = yaml.safe_load(kinds_yaml) or {}
    kind = "cong-van" if "cong-van" in kinds else next(iter(kinds))
    record = {
        "code": "CV.9999.UBND",
        "kind": kind,
        "title": {
            "vi": "Công văn về việc tăng cường thông tin đối ngoại năm 2025",
            "en": "Official letter on strengthening external information in 2025",
        },
        "issuer": "Ủy ban nhân dân tỉnh Kon Tum",
        "issued": "2025-11-20",
        "posted": "2026-12-01 09:00",  # as `invoke new-document` writes it: first
        "files": [{"path": "2025/cv-9999-ubnd.pdf", "title": "Toàn văn"}],
    }
    text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=4096)
    return {
        "data/documents/cv-9999-ubnd.yaml": text.encode(),
        "data/documents/files/2025/cv-9999-ubnd.pdf": pdf_file(record["title"]["vi"]),
    }


def summary(files: dict[str, bytes]) -> dict[str, int]:
    """Counts of what a corpus holds, for the report."""
    names = list(files)
    return {
        "vi articles": sum(
            n.startswith("content/") and n.endswith(".md") and not n.endswith(".en.md")
            for n in names
        ),
        "en translations": sum(n.endswith(".en.md") for n in names),
        "documents": sum(
            n.startswith("data/documents/") and n.endswith(".yaml") for n in names
        ),
        "attachments": sum(n.startswith("data/documents/files/") for n in names),
        "images": sum(n.endswith(".png") for n in names),
        "Markdown bytes": sum(len(v) for n, v in files.items() if n.endswith(".md")),
    }
