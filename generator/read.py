"""Reading and decoding digests: the only stage that touches source files.

Normalisation happens here, once: encoding, line endings, surrounding white space
(including the full-width space U+3000), and the NFKC analysis form of each paragraph.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path

import charset_normalizer

from .errors import InputError
from .model import Digest, Paragraph

log = logging.getLogger(__name__)

# Encodings a Chinese digest is plausibly written in. charset-normalizer ranks candidates;
# we take the best one from this family, so a short GBK file is not read as, say, cp1252.
_PLAUSIBLE = (
    "utf_8", "utf_8_sig", "ascii", "gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs",
    "cp950", "cp936", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be",
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A Markdown digest that marks its own entries: a thematic break or an ATX heading per entry.
_SEPARATOR = re.compile(r"^\s*(-{3,}|\*{3,}|_{3,})\s*$")
_HEADING = re.compile(r"^#{1,6}\s+\S")
# Control characters other than tab are never text in a digest; C1 controls (U+0080-U+009F)
# only appear when a file was decoded with the wrong encoding, and U+0085 would even break
# the YAML front matter (it is a line break there).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Code points that XML (the feed, the sitemap) or YAML (the front matter) refuse, or that are
# never text: surrogates, and the noncharacters U+FDD0-U+FDEF and U+xFFFE/U+xFFFF of every plane
# (a digest with U+FFFE used to crash the feed writer).
_NONCHARACTER = re.compile("[\ud800-\udfff\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)) + "]")

# Limits that keep time and memory bounded (README, Limits): one paragraph (one line) of at most
# MAX_PARAGRAPH_BYTES bytes of UTF-8, about 66,000 Chinese characters; real paragraphs are under 2 KB.
MAX_PARAGRAPH_BYTES = 200_000
_LONG_LINE = re.compile(rb"[^\r\n]{%d,}" % (MAX_PARAGRAPH_BYTES + 1))


def _too_long(line: int, size: str, path: str) -> InputError:
    return InputError(f"paragraph of {size}, over the limit of {MAX_PARAGRAPH_BYTES:,} bytes: "
                      "break it into paragraphs (one per line)", path, line=line)


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise InputError naming the file and byte offset."""
    if not data:
        raise InputError("empty file", path)
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in data:
        raise InputError("binary file (NUL byte), not a text digest", path, offset=data.index(b"\x00"))
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # before any decoding, in bounded memory: a 20 MB line never reaches charset-normalizer
        long = _LONG_LINE.search(data)
        if long:
            raise _too_long(data.count(b"\n", 0, long.start()) + 1, f"{len(long.group()):,} bytes", path)
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf_8_sig"
    else:
        matches = charset_normalizer.from_bytes(data)
        names = [m.encoding for m in matches]
        encoding = next((n for n in names if n in _PLAUSIBLE), None)
        if encoding is None:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"undecodable: not UTF-8 ({exc.reason}) and no Chinese encoding fits "
                    f"(charset-normalizer proposed: {', '.join(names) or 'nothing'})",
                    path, offset=exc.start) from None
            encoding = "utf_8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:  # pragma: no cover - charset-normalizer vouched for it
        raise InputError(f"undecodable as {encoding}: {exc.reason}", path, offset=exc.start) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, encoding


def normalise(text: str) -> str:
    """The analysis form of a paragraph: NFKC folds full-width punctuation and spaces."""
    return unicodedata.normalize("NFKC", text)


# Characters common in Traditional Chinese news text that Simplified text never uses. A digest
# where they make up 2% of the Chinese characters is analysed in its Simplified form (OpenCC
# t2s), so that every cue and name rule works; the pages keep the source's own characters.
_TRADITIONAL_ONLY = set("這們國對與說會為時於關發經將問題動應個來實現進過開長從還點當後體區軍際際務領導臺灣辦"
                        "報導稱議強總統選擇戰爭協議達聯盟經濟貿易協調談話韓華盛頓歐亞東澳")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def is_traditional(text: str) -> bool:
    cjk = _CJK_CHAR.findall(text[:20000])
    return bool(cjk) and sum(c in _TRADITIONAL_ONLY for c in cjk) >= 0.02 * len(cjk)


def _simplifier():
    from opencc import OpenCC

    return OpenCC("t2s")


def parse(text: str, name: str, path: str, encoding: str = "utf_8") -> Digest:
    """Split decoded text into paragraphs (one per non-blank line) and detect marked digests."""
    paragraphs: list[Paragraph] = []
    markers: list[int] = []
    blank = 0
    headings = 0
    is_md = name.lower().endswith((".md", ".markdown"))
    simplify = _simplifier().convert if is_traditional(text) else (lambda t: t)
    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        bad = _CONTROL.search(raw)
        if bad:
            raise InputError(f"control character U+{ord(bad.group()):04X} in text", path, line=number)
        bad = _NONCHARACTER.search(raw)
        if bad:
            raise InputError(f"U+{ord(bad.group()):04X} at column {bad.start() + 1} is not a character (XML and YAML "
                             "refuse it): delete it", path, line=number)
        if len(raw) > MAX_PARAGRAPH_BYTES // 4 and len(raw.encode("utf-8", "surrogatepass")) > MAX_PARAGRAPH_BYTES:
            raise _too_long(number, f"{len(raw):,} characters", path)
        line = raw.strip(" \t\u3000\u00a0\ufeff")
        if not line:
            blank += 1
            continue
        if is_md and _SEPARATOR.match(line):
            markers.append(number)
            continue
        headings += bool(is_md and _HEADING.match(line))
        paragraphs.append(Paragraph(number, line, simplify(normalise(line))))
    if not paragraphs:
        raise InputError("no text: the file holds only blank lines or separators", path)
    # Only a Markdown digest marks entries (--- between entries, or a heading per entry):
    # in a plain .txt digest a paragraph that starts with '# ' or is '---' is text.
    marked = bool(markers) or headings > 0
    return Digest(name=name, path=path, encoding=encoding, paragraphs=tuple(paragraphs),
                  blank_lines=blank, marked=marked, markers=tuple(markers))


def read_bytes(path: str | Path) -> bytes:
    """A digest's bytes; a missing or unreadable file is an InputError naming it."""
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", p) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a digest", p) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", p) from None


def check_name(name: str, path: str | Path) -> None:
    """A digest's name goes into pages, the feed and the front matter: no control characters,
    noncharacters or undecodable bytes (shown as surrogates) in it."""
    bad = _CONTROL.search(name) or _NONCHARACTER.search(name)
    if bad:
        raise InputError(f"the file name holds U+{ord(bad.group()):04X}, which pages and the feed cannot show: "
                         "rename the file", path)


def digest_from_bytes(data: bytes, path: str | Path, name: str | None = None) -> Digest:
    """Decode and parse a digest's bytes (read once by the caller). `name` is the digest's label
    (its path relative to content/, see pipeline.label); the file name by default."""
    p = Path(path)
    text, encoding = decode(data, str(p))
    log.debug("%s: decoded as %s", p, encoding)
    return parse(text, name or p.name, str(p), encoding)


def read_digest(path: str | Path) -> Digest:
    """Read one digest from disk."""
    return digest_from_bytes(read_bytes(path), path)
