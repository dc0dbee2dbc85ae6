"""Pure: Vietnamese folding and the words, pairs and code parts search is made of.

theme/static/js/search-core.js does the same, rule for rule (tests compare them):

- exact form: lowercase, NFC, apostrophes dropped ("Đảng" -> "đảng");
- folded form: the exact form without tone and vowel marks, đ -> d, and a number
  without its leading zeros ("Đảng" -> "dang", "Kr'ông" -> "krong", "09" -> "9");
- a word is a run of letters and digits (apostrophes inside it are kept, then
  dropped); it is cut where letters meet digits, so "HD59", "HD.59" and "hd 59" are
  all the parts "hd", "59";
- a pair is two adjacent folded parts joined by "_": how phrases are matched.
"""

import re
import unicodedata
from functools import lru_cache
from itertools import chain

FOLD_LABEL = "vietnameseFold"
PAIR_JOINER = "_"
APOSTROPHES = "'\u2019\u02bc\u2018"
# Combining marks of NFD text belong to their letter (input may come decomposed).
_MARK_CHARS = "\u0300-\u036f"
# A word, and the parts of one (the tests' model of the browser cuts with them too).
LETTER_OR_DIGIT = rf"(?:[^\W_]|[{_MARK_CHARS}])"
WORD = re.compile(rf"{LETTER_OR_DIGIT}+(?:[{APOSTROPHES}]{LETTER_OR_DIGIT}+)*")
PART = re.compile(rf"\d+|(?:[^\W\d_]|[{_MARK_CHARS}{APOSTROPHES}])+")
_MARKS = re.compile(f"[{_MARK_CHARS}]")
_APOSTROPHE = re.compile(f"[{APOSTROPHES}]")
_ASCII_NUMBER = re.compile(r"[0-9]+")


@lru_cache(maxsize=1 << 16)  # called once per word of every article: words repeat
def normalize(text: str) -> str:
    """The exact form: lowercase, composed (NFC), without apostrophes."""
    return _APOSTROPHE.sub("", unicodedata.normalize("NFC", text.lower()))


@lru_cache(maxsize=1 << 16)  # called once per word of every article: words repeat
def fold(text: str) -> str:
    """The folded form: no tone or vowel marks, đ as d, numbers without leading 0."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    bare = _MARKS.sub("", decomposed).replace("đ", "d").replace("ð", "d")
    folded = unicodedata.normalize("NFC", _APOSTROPHE.sub("", bare))
    if _ASCII_NUMBER.fullmatch(folded):
        return folded.lstrip("0") or "0"
    return folded


@lru_cache(maxsize=1 << 16)  # called once per word of every article: words repeat
def _word_parts(word: str) -> tuple[str, ...]:
    """The exact forms of one word's parts."""
    if word.isalpha():  # most words: letters only, one part
        found = (normalize(word),)
    else:
        found = tuple(map(normalize, PART.findall(word)))
    return tuple(part for part in found if part)


def parts(text: str) -> list[str]:
    """The exact form of every part of `text`, in order (without working out where
    they are: this runs over every word the site has, so the loops are C's)."""
    words = WORD.findall(unicodedata.normalize("NFC", text))
    return list(chain.from_iterable(map(_word_parts, words)))


def folded_parts(text: str) -> list[str]:
    """The folded form of every part of `text`, in order."""
    return [folded for folded in map(fold, parts(text)) if folded]


def pairs(folded: list[str]) -> list[str]:
    """Adjacent folded parts joined: 'thong_tin', 'tin_doi', 'doi_ngoai'."""
    return list(map(PAIR_JOINER.join, zip(folded, folded[1:], strict=False)))


@lru_cache(maxsize=1 << 16)
def marked(exact: str) -> bool:
    """Whether an exact form says more than its folded one (it has marks or đ)."""
    return fold(exact) != exact and not _ASCII_NUMBER.fullmatch(exact)
