"""generator.read: encodings, line endings, white space, and clear errors naming the file."""

from __future__ import annotations

import pytest

from generator.errors import InputError
from generator.read import decode, parse, read_digest

TEXT = "1月11日,美国国务卿布林肯(Antony J. Blinken)称。\n布林肯表示,双方同意。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_decodes_chinese_encodings(tmp_path, encoding):
    f = tmp_path / "d.txt"
    f.write_bytes((TEXT * 20).encode(encoding))
    d = read_digest(f)
    assert [p.text for p in d.paragraphs[:2]] == ["1月11日,美国国务卿布林肯(Antony J. Blinken)称。", "布林肯表示,双方同意。"]


def test_sample_in_gb18030_reads_the_same(tmp_path, sample_text):
    f = tmp_path / "gb.txt"
    f.write_bytes(sample_text.encode("gb18030"))
    assert [p.text for p in read_digest(f).paragraphs] == [p for p in sample_text.splitlines() if p]


def test_crlf_bom_blank_lines_and_spaces(tmp_path):
    f = tmp_path / "d.txt"
    f.write_bytes("\ufeff  第一段。\u3000\r\n\r\n\u3000\u3000第二段,有(括号)。\r\n".encode("utf-8"))
    d = read_digest(f)
    assert [(p.number, p.text) for p in d.paragraphs] == [(1, "第一段。"), (3, "第二段,有(括号)。")]
    assert d.blank_lines == 2  # the empty line between, and the one after the final newline


def test_norm_folds_full_width_punctuation_but_text_keeps_it():
    d = parse("美国（US）称：好，是。\n", "d.txt", "d.txt")
    assert d.paragraphs[0].text == "美国（US）称：好，是。"
    assert d.paragraphs[0].norm == "美国(US)称:好,是。"


@pytest.mark.parametrize("data,what", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
])
def test_bad_files_are_clear_errors(tmp_path, data, what):
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    with pytest.raises(InputError) as exc:
        read_digest(f)
    assert what in str(exc.value) and "bad.txt" in str(exc.value)


def test_binary_error_gives_byte_offset():
    with pytest.raises(InputError) as exc:
        decode("正文".encode() + b"\x00rest", "x.txt")
    assert exc.value.offset == 6 and "byte 6" in str(exc.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_digest(tmp_path / "nope.txt")


def test_undecodable_bytes_name_the_offset(tmp_path):
    f = tmp_path / "mangled.txt"
    f.write_bytes(bytes(range(0x80, 0x100)) * 3 + b"\xff\xfe\xfd")
    with pytest.raises(InputError) as exc:
        read_digest(f)
    assert "mangled.txt" in str(exc.value)


def test_control_characters_name_the_line():
    with pytest.raises(InputError) as exc:
        parse("好的\n坏\x07的\n", "d.txt", "d.txt")
    assert exc.value.line == 2


def test_markdown_digest_with_separators_is_marked():
    d = parse("# 第一条\n正文一\n\n---\n\n第二条正文\n", "d.md", "d.md")
    assert d.marked and d.markers == (4,)


def test_hash_paragraph_in_plain_digest_is_text():
    d = parse("# 不是标题\n---\n", "d.txt", "d.txt")
    assert not d.marked and [p.text for p in d.paragraphs] == ["# 不是标题", "---"]


@pytest.mark.parametrize("ch", ["\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\U0010ffff"])
def test_a_noncharacter_is_an_error_naming_file_line_and_code_point(tmp_path, ch):
    d = tmp_path / "n.txt"
    d.write_text(f"1月1日,美国宣布。\n1月2日,日本{ch}宣布。\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_digest(d)
    assert str(exc.value).startswith(f"{d}:2: U+{ord(ch):04X} at column 8 is not a character")


def test_a_21mb_line_is_refused_before_decoding(tmp_path):
    d = tmp_path / "huge.txt"
    d.write_bytes("1月1日,美国宣布。\n".encode() + "美国与日本加强合作。".encode() * 700_000 + b"\n")
    with pytest.raises(InputError) as exc:
        read_digest(d)
    assert str(exc.value).startswith(f"{d}:2: paragraph of 21,000,000 bytes, over the limit")


def test_an_upper_case_markdown_digest_is_read_as_markdown(tmp_path):
    d = tmp_path / "M.MD"
    d.write_text("## 一\n1月1日,美国宣布。\n---\n1月2日,日本宣布。\n", encoding="utf-8")
    assert read_digest(d).marked
