"""Hand-made report files for the ingestion tests: .docx (python-docx), .pdf (bytes written by
hand: a Type0 font with a ToUnicode map, so any text-layer reader recovers the Chinese), .html."""
from __future__ import annotations

import io
import zlib
from pathlib import Path

REPORT = (
    "南开区生态环境局2022年法治政府建设情况报告\n"
    "2022年，南开区生态环境局深入学习贯彻习近平法治思想，认真落实《中华人民共和国环境保护法》"
    "《中华人民共和国行政处罚法》等法律法规，健全重大行政决策程序制度，"
    "聘请天津市某某律师事务所担任法律顾问。现将有关情况报告如下：\n"
    "一、加强组织领导\n"
    "局党组切实履行推进法治建设第一责任人职责，组织开展“八五”普法宣传活动。\n"
)


def make_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    import docx

    d = docx.Document()
    for i, p in enumerate(paragraphs):
        d.add_paragraph(p)
        if table and i == 0:
            t = d.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, val in enumerate(row):
                    t.cell(r, c).text = val
    d.save(str(path))
    return path


def _pdf_hex(text: str, cids: dict[str, int]) -> str:
    return "".join(f"{cids.setdefault(ch, len(cids) + 1):04X}" for ch in text)


def make_pdf(path: Path, lines: list[str] | None, pages: int = 1) -> Path:
    """A PDF whose text layer holds ``lines`` on each page (``None``: pages without text, like a scan)."""
    cids: dict[str, int] = {}
    contents = []
    for _ in range(pages):
        if lines is None:
            ops = "0.9 g 50 50 200 200 re f\n"
        else:
            ops = "BT /F1 12 Tf 14 TL 40 800 Td\n"
            for ln in lines:
                ops += f"<{_pdf_hex(ln, cids)}> Tj T*\n"
            ops += "ET\n"
        contents.append(ops.encode("ascii"))
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
    )
    items = sorted(cids.items(), key=lambda kv: kv[1])
    for k in range(0, len(items), 100):
        chunk = items[k:k + 100]
        cmap += f"{len(chunk)} beginbfchar\n"
        for ch, cid in chunk:
            u = ch.encode("utf-16-be").hex().upper()
            cmap += f"<{cid:04X}> <{u}>\n"
        cmap += "endbfchar\n"
    cmap += "endcmap CMapName currentdict /CMap defineresource pop end end\n"

    objs: list[bytes] = []  # object n is objs[n-1]
    n_pages = len(contents)
    page_ids = [7 + 2 * i for i in range(n_pages)]
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{' '.join(f'{p} 0 R' for p in page_ids)}] /Count {n_pages} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
                b"/DescendantFonts [4 0 R] /ToUnicode 6 0 R >>")
    objs.append(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
                b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                b"/FontDescriptor 5 0 R /DW 1000 >>")
    objs.append(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -200 1000 900] "
                b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>")
    cm = cmap.encode("ascii")
    objs.append(b"<< /Length %d >>\nstream\n" % len(cm) + cm + b"\nendstream")
    for i, c in enumerate(contents):
        z = zlib.compress(c)
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                    f"/Contents {page_ids[i] + 1} 0 R >>".encode())
        objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(z) + z + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    path.write_bytes(out.getvalue())
    return path


def make_html(body_html: str, title: str = "", charset: str = "utf-8") -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset=\"{charset}\"><title>{title}</title>"
        "<script>var nav = '首页 导航 脚本内容不应出现';</script><style>.x{color:red}</style></head><body>"
        "<nav><ul><li><a href='/'>首页</a></li><li><a href='/xxgk'>信息公开</a></li><li>导航栏目</li></ul></nav>"
        "<header><div class='logo'>某某市人民政府门户网站</div></header>"
        f"<div class='main'><article>{body_html}</article></div>"
        "<footer><p>版权所有：某某市人民政府办公室 网站标识码 备案号 联系我们</p></footer>"
        "<script>document.write('脚本输出');</script></body></html>"
    )
