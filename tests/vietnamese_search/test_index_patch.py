"""A build in which few records changed patches the previous one's entries; its
files are byte for byte those of a build from scratch."""

import random
from dataclasses import replace

import pytest

from plugins.vietnamese_search import index_builder
from plugins.vietnamese_search.index_builder import build_index, manifest_bytes
from plugins.vietnamese_search.records import SearchRecord

TEXT = (
    "thông tin đối ngoại tỉnh Kon Tum hội nghị tổng kết công tác năm Đảng bộ huyện "
    "nhân dân chuyển đổi số cây dược liệu sâm Ngọc Linh biên giới Lào Campuchia "
    "giáo dục y tế du lịch Măng Đen nghị quyết kế hoạch triển khai thực hiện"
)
WORDS = TEXT.split()


def records(count: int, seed: int = 7) -> list[SearchRecord]:
    rng = random.Random(seed)
    made = []
    for number in range(count):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(20, 80)))
        made.append(
            SearchRecord(
                "article",
                f"tin-tuc/bai-{number}/",
                " ".join(rng.choice(WORDS) for _ in range(6)),
                f"20{10 + number % 12:02d}-0{1 + number % 9}-1{number % 10}",
                "",
                body,
                (rng.choice(WORDS),),
            )
        )
    return made


def built(items, analyses=None, previous=None, keep=None):
    index = build_index(items, "vi", analyses=analyses, previous=previous, keep=keep)
    return manifest_bytes(index.manifest), index.files


def edited(record: SearchRecord, text: str) -> SearchRecord:
    return replace(record, body=f"{record.body} {text}")


# change -> whether the build patches (True) or encodes every term again
CHANGES = {
    "edit": True,
    "new word": True,
    "edit title": True,
    "add newest": True,
    # every later record's number moves: their entries are renumbered, not encoded
    "remove": True,
    "add oldest": True,
    "add a document": True,  # documents are numbered before every article
    "add one, remove another": True,  # numbers move up, then back down
    "date changed": True,  # the record moves among the others
    # the average length of the codes' field moves: its postings are weighed again
    "add a coded document": True,
    "body average moved": False,  # every body posting weighs differently
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_patched_build_equals_a_build_from_scratch(change, monkeypatch):
    before = records(300)
    analyses, kept = {}, []
    built(before, analyses, keep=kept)
    (previous,) = kept
    after = list(before)
    if change == "edit":
        after[120] = edited(after[120], "hội nghị tổng kết")
    elif change == "new word":
        after[5] = edited(after[5], "Glei Plei Kần")
    elif change == "add newest":
        newest = replace(after[0], url="tin-tuc/moi/", date="2099-01-01")
        after.append(edited(newest, "bài mới"))
    elif change == "remove":
        del after[200]
    elif change == "add oldest":
        oldest = replace(after[3], url="tin-tuc/cu/", date="1999-01-01")
        after.append(edited(oldest, "bài cũ"))
    elif change == "add a document":
        document = replace(after[9], type="document", url="van-ban/hd-99/")
        after.append(edited(document, "hướng dẫn"))
    elif change == "add one, remove another":
        older = replace(after[3], url="tin-tuc/cu/", date="2000-01-01")
        after.append(edited(older, "bài cũ"))
        del after[250]
    elif change == "add a coded document":
        # one record in five a document with a code: weights well above the least
        for number in range(0, 300, 5):
            after[number] = replace(
                after[number], type="document", code=f"HD.{number}.BTGTW"
            )
        before, after = list(after), list(after)
        analyses, kept = {}, []
        built(before, analyses, keep=kept)
        (previous,) = kept
        coded = replace(after[9], type="document", url="van-ban/dai/")
        after.append(replace(coded, code=".".join(f"P{part}" for part in range(20))))
    elif change == "body average moved":
        after.append(replace(after[0], url="tin-tuc/dai/", body=TEXT * 40))
    elif change == "date changed":
        after[40] = replace(after[40], date="2005-05-05")
    else:
        after[7] = replace(after[7], title="Tiêu đề mới hoàn toàn")
    encoded = []
    encode_entry = index_builder.encode_entry

    def counted(*args):
        encoded.append(args[0])
        return encode_entry(*args)

    monkeypatch.setattr(index_builder, "encode_entry", counted)
    patched_keep: list = []
    patched = built(after, analyses, previous, patched_keep)
    if change == "add a coded document":
        assert patched_keep[0].averages["c"] != previous.averages["c"]
    assert (not encoded) is CHANGES[change]
    monkeypatch.undo()
    assert patched == built(after)
    # and the kept entries serve the build after it
    again = built(after, analyses, patched_keep[0])
    assert again == patched


def test_frequencies_take_two_bytes_unless_they_cannot():
    assert index_builder._counts([1, 65535]).typecode == "H"
    assert list(index_builder._counts([1, 70000])) == [1, 70000]
