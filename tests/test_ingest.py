"""ingest.py: every format and encoding a government site uses, read or clearly refused."""
from __future__ import annotations

import codecs
import os
import zipfile

import pytest

from filemakers import REPORT, make_docx, make_html, make_pdf
from fazhigraph.errors import IngestError
from fazhigraph.ingest import _reflow_pdf_lines, decode_text, read_document, scan

TRAD = "臺北市政府法規委員會一一二年度法治政府建設情況報告。本會依據行政程序法推動依法行政，落實法規審查。\n"


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("gbk"),
        lambda t: t.encode("utf-16"),  # with BOM
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.encode("utf-16-le"),  # no BOM
        lambda t: t.encode("utf-16-be"),  # no BOM
        lambda t: t.encode("utf-32"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-bom", "utf16be-bom", "utf16le", "utf16be", "utf32"],
)
def test_txt_encodings(tmp_path, encode):
    p = tmp_path / "r.txt"
    p.write_bytes(encode(REPORT))
    doc = read_document(p)
    assert doc.text.replace("\ufeff", "") == REPORT
    assert len(doc.sha1) == 40


def test_big5(tmp_path):
    p = tmp_path / "tw.txt"
    p.write_bytes(TRAD.encode("big5"))
    doc = read_document(p)
    assert doc.text == TRAD
    assert doc.encoding.replace("_", "").lower().startswith("big5")


def test_undecodable_text_is_reported_not_guessed(tmp_path):
    p = tmp_path / "garbage.txt"
    p.write_bytes(bytes(range(0x80, 0x100)) * 40)
    with pytest.raises(IngestError) as e:
        read_document(p)
    assert "garbage.txt" in str(e.value)
    assert "\n" not in str(e.value)


def test_bad_utf8_after_bom_is_reported():
    with pytest.raises(IngestError, match="byte-order mark"):
        decode_text(codecs.BOM_UTF8 + b"\xff\xfe\xfa abc")


def test_binary_is_rejected(tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000))
    with pytest.raises(IngestError, match="binary"):
        read_document(p)


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    p = make_docx(tmp_path / "r.docx", REPORT.splitlines(), table=[["序号", "法律顾问单位"], ["1", "天津某某律师事务所"]])
    doc = read_document(p)
    lines = doc.text.splitlines()
    assert lines[0] == "南开区生态环境局2022年法治政府建设情况报告"
    assert lines[1] == "序号 | 法律顾问单位"
    assert lines[2] == "1 | 天津某某律师事务所"
    assert "《中华人民共和国行政处罚法》" in doc.text
    assert doc.encoding == "docx"


def test_truncated_docx(tmp_path):
    good = make_docx(tmp_path / "good.docx", REPORT.splitlines())
    bad = tmp_path / "bad.docx"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(IngestError, match="damaged or truncated .docx"):
        read_document(bad)


def test_zip_that_is_not_a_word_document(tmp_path):
    p = tmp_path / "x.docx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(IngestError, match="not a Word document"):
        read_document(p)


def test_old_binary_doc_says_how_to_convert(tmp_path):
    p = tmp_path / "old.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(IngestError) as e:
        read_document(p)
    assert "convert" in str(e.value) and "libreoffice" in str(e.value)
    # the same bytes behind a .docx suffix
    q = tmp_path / "renamed.docx"
    q.write_bytes(p.read_bytes())
    with pytest.raises(IngestError, match="old binary Word"):
        read_document(q)


def test_doc_that_is_really_docx_is_read(tmp_path):
    p = make_docx(tmp_path / "r.docx", REPORT.splitlines())
    q = tmp_path / "r2.doc"
    q.write_bytes(p.read_bytes())
    assert "南开区生态环境局" in read_document(q).text


def test_pdf_text_layer(tmp_path):
    p = make_pdf(tmp_path / "r.pdf", REPORT.splitlines(), pages=2)
    doc = read_document(p)
    assert doc.encoding == "pdf"
    assert doc.text.count("南开区生态环境局2022年法治政府建设情况报告") == 2
    assert "《中华人民共和国环境保护法》" in doc.text


def test_scanned_pdf_is_reported_as_such(tmp_path):
    p = make_pdf(tmp_path / "scan.pdf", None, pages=3)
    with pytest.raises(IngestError, match="scanned PDF with no text layer"):
        read_document(p)


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9])
def test_truncated_pdf(tmp_path, cut):
    good = make_pdf(tmp_path / "good.pdf", REPORT.splitlines())
    data = good.read_bytes()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(data[: int(len(data) * cut)])
    try:
        doc = read_document(bad)  # pypdf may recover part of a truncated file: then it has text
    except IngestError as e:
        assert "bad.pdf" in str(e) and "\n" not in str(e)
    else:
        assert doc.text.strip()


def test_not_a_pdf(tmp_path):
    p = tmp_path / "fake.pdf"
    p.write_text("这不是PDF文件", encoding="utf-8")
    with pytest.raises(IngestError, match="not a PDF"):
        read_document(p)


def test_pdf_reflow_joins_wrapped_lines_only():
    lines = ["一二三四五六七八九十一二三四五六七八九十", "继续的句子。", "短标题", "一二三四五六七八九十一二三四五六七八九。", "下一段"]
    assert _reflow_pdf_lines(lines) == ["一二三四五六七八九十一二三四五六七八九十继续的句子。", "短标题", "一二三四五六七八九十一二三四五六七八九。", "下一段"]


def test_html_article_body_without_navigation_scripts_or_footer(tmp_path):
    body = "".join(f"<p>{ln}</p>" for ln in REPORT.splitlines()[1:])
    p = tmp_path / "page.html"
    p.write_text(make_html(body, title="南开区生态环境局2022年法治政府建设情况报告_南开区人民政府"), encoding="utf-8")
    text = read_document(p).text
    assert text.splitlines()[0] == "南开区生态环境局2022年法治政府建设情况报告"  # the title, without the site name
    assert "《中华人民共和国行政处罚法》" in text
    for noise in ("导航栏目", "脚本", "版权所有", "门户网站", "color:red"):
        assert noise not in text


def test_html_in_gbk_with_meta_charset(tmp_path):
    body = "".join(f"<p>{ln}</p>" for ln in REPORT.splitlines())
    p = tmp_path / "page.htm"
    p.write_bytes(make_html(body, title="报告", charset="gb2312").encode("gbk"))
    assert "南开区生态环境局2022年法治政府建设情况报告" in read_document(p).text


def test_html_fallback_when_trafilatura_finds_nothing(tmp_path, monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: None)
    body = "".join(f"<p>{ln}</p>" for ln in REPORT.splitlines()) + "<table><tr><td>甲</td><td>乙</td></tr></table>"
    p = tmp_path / "page.html"
    p.write_text(make_html(body), encoding="utf-8")
    doc = read_document(p)
    assert doc.encoding == "html-fallback"
    assert "南开区生态环境局2022年法治政府建设情况报告" in doc.text
    assert "甲 | 乙" in doc.text
    assert "脚本" not in doc.text and "导航栏目" not in doc.text


def test_size_limit(tmp_path, monkeypatch):
    import fazhigraph.ingest as ingest

    p = tmp_path / "big.txt"
    with open(p, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    with pytest.raises(IngestError, match="file too large"):
        read_document(p)
    monkeypatch.setattr(ingest, "MAX_BYTES", 10)
    q = tmp_path / "small.txt"
    q.write_text(REPORT, encoding="utf-8")
    with pytest.raises(IngestError, match="file too large"):
        read_document(q)


def test_empty_and_unsupported(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \r\n\t ")
    (tmp_path / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    for name, msg in [("empty.txt", "empty"), ("blank.txt", "empty"), ("sheet.xlsx", "unsupported file type")]:
        with pytest.raises(IngestError, match=msg):
            read_document(tmp_path / name)


def test_missing_file(tmp_path):
    with pytest.raises(IngestError, match="cannot read"):
        read_document(tmp_path / "nope.txt")


def test_scan_skips_and_survives_link_loops(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(REPORT, encoding="utf-8")
    (root / "sub" / "b.txt").write_text(REPORT + "。", encoding="utf-8")
    (root / "sub" / "a.txt").write_text("另一份", encoding="utf-8")  # same name as ../a.txt
    (root / "notes.xlsx").write_bytes(b"x")
    (root / ".hidden.txt").write_text("x", encoding="utf-8")
    os.symlink(root, root / "sub" / "loop")  # a folder link pointing back up
    os.symlink(root / "a.txt", root / "link-to-a.txt")
    os.symlink(tmp_path / "missing.txt", root / "dangling.txt")
    paths, skipped = scan(root)
    names = [p.relative_to(root).as_posix() for p in paths]
    assert names == ["a.txt", "sub/b.txt", "dangling.txt"]  # sorted by file name; each real file once
    reasons = {s.path.relative_to(root).as_posix(): s.reason for s in skipped}
    assert "unsupported" in reasons["notes.xlsx"]
    assert "same file name" in reasons["sub/a.txt"]
    assert "same file as" in reasons["link-to-a.txt"]
    assert all("\n" not in s.line() for s in skipped)
    with pytest.raises(IngestError):
        read_document(root / "dangling.txt")


def test_scan_order_is_independent_of_creation_order(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for d, order in ((a, ["x.txt", "m.txt", "c.txt"]), (b, ["c.txt", "x.txt", "m.txt"])):
        d.mkdir()
        for n in order:
            (d / n).write_text(n, encoding="utf-8")
    assert [p.name for p in scan(a)[0]] == [p.name for p in scan(b)[0]] == ["c.txt", "m.txt", "x.txt"]


# ---------------------------------------------------------------- government page meta tags, metadata.csv

def _gov_page(charset: str = "utf-8") -> str:
    head = ('<meta name="SiteName" content="衡阳市人民政府"><meta name="SiteIDCode" content="4304000001">'
            '<meta name="ColumnName" content="法治政府建设年度报告"><meta content="衡阳市司法局" name="ContentSource">'
            "<meta name='ArticleTitle' content='2022年法治政府建设情况报告'><meta name=\"PubDate\" content=\"2023-02-10 09:30\">")
    page = make_html("<p>2022年法治政府建设情况报告</p><p>2022年，我局坚持依法行政，推进普法依法治理工作。</p>",
                     charset=charset)
    return page.replace("<title>", head + "<title>", 1)


@pytest.mark.parametrize("charset", ["utf-8", "gbk"])
def test_html_government_meta_tags_are_hints(tmp_path, charset):
    p = tmp_path / "page.html"
    p.write_bytes(_gov_page(charset).encode("gb18030" if charset == "gbk" else "utf-8"))
    doc = read_document(p)
    assert doc.hints["page.SiteName"] == "衡阳市人民政府"
    assert doc.hints["page.ContentSource"] == "衡阳市司法局"
    assert doc.hints["page.PubDate"] == "2023-02-10 09:30" and doc.hints["page.SiteIDCode"] == "4304000001"


def test_page_without_meta_tags_and_text_files_have_no_page_hints(tmp_path):
    p = tmp_path / "plain.html"
    p.write_text(make_html("<p>" + REPORT + "</p>"), encoding="utf-8")
    assert not [k for k in read_document(p).hints if k.startswith("page.")]
    t = tmp_path / "r.txt"
    t.write_text(REPORT, encoding="utf-8")
    assert read_document(t).hints == {}


def test_metadata_csv_is_read_with_its_report_and_not_scanned(tmp_path):
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,body,year\nr.txt,南开区生态环境局,2021\n", encoding="utf-8")
    found, skipped = scan(tmp_path)
    assert [p.name for p in found] == ["r.txt"] and skipped == []
    doc = read_document(tmp_path / "r.txt")
    assert doc.hints == {"declared.body": "南开区生态环境局", "declared.year": "2021"}
    import hashlib
    assert doc.sha1 != hashlib.sha1(REPORT.encode()).hexdigest()  # declared values are part of the key
