"""Bad input: one line per bad file naming it and the reason; every other report still built;
the exit code says something failed; a summary counts built, skipped and failed; --strict stops."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import CORPUS, ROOT
from filemakers import REPORT, make_docx, make_html, make_pdf

SEEDS = sorted(CORPUS.glob("*.txt"))[:2]


def run_build(corpus, out, *extra):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run(
        [sys.executable, "-m", "fazhigraph", "build", str(corpus), "-o", str(out), "-q", "--no-html", *extra],
        capture_output=True, text=True, env=env, timeout=300,
    )
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("[")]
    return proc, lines


def subject(line: str) -> str:
    """The file a problem line names: ``[E001] /path/to/file.txt: reason`` -> ``file.txt``."""
    return line.split("] ", 1)[1].split(": ", 1)[0].rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad") / "corpus"
    root.mkdir()
    good = []
    for p in SEEDS:
        shutil.copy(p, root / p.name)
        good.append(p.name)
    # good reports in the other formats
    make_docx(root / "good_word.docx", REPORT.splitlines(), table=[["序号", "单位"], ["1", "某某律师事务所"]])
    make_pdf(root / "good_pdf.pdf", REPORT.splitlines())
    (root / "good_page.html").write_text(make_html("".join(f"<p>{ln}</p>" for ln in REPORT.splitlines())), encoding="utf-8")
    (root / "good_gbk.txt").write_bytes(REPORT.replace("南开区", "河西区").encode("gb18030"))
    good += ["good_word.docx", "good_pdf.pdf", "good_page.html", "good_gbk.txt"]
    # failures
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    d = make_docx(root / "tmp.docx", REPORT.splitlines())
    (root / "truncated.docx").write_bytes(d.read_bytes()[:900])
    d.unlink()
    (root / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R")
    make_pdf(root / "scanned.pdf", None, pages=2)
    with open(root / "huge.txt", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    (root / "recipe.txt").write_text("红烧肉的做法：五花肉切块，冷水下锅焯水。加入冰糖炒出糖色，再放入肉块翻炒。\n", encoding="utf-8")
    (root / "no_bureau.txt").write_text("法治政府建设情况报告\n2023年，我局坚持以习近平法治思想为指导，推进依法行政。\n", encoding="utf-8")
    (root / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000)
    (root / "garbled.txt").write_bytes(bytes(range(0x80, 0x100)) * 30)
    os.mkfifo(root / "fifo.txt")  # not a regular file: reading it would block forever
    failed = ["empty.txt", "binary.txt", "truncated.docx", "truncated.pdf", "scanned.pdf", "huge.txt", "recipe.txt",
              "no_bureau.txt", "old.doc", "garbled.txt", "fifo.txt"]
    if os.geteuid() != 0:  # root reads everything
        (root / "unreadable.txt").write_text(REPORT, encoding="utf-8")
        os.chmod(root / "unreadable.txt", 0)
        failed.append("unreadable.txt")
    # skipped
    (root / "table.xlsx").write_bytes(b"PK\x03\x04")
    shutil.copy(SEEDS[0], root / "zz_copy_of_first.txt")  # same bytes as a built report
    sub = root / "more"
    sub.mkdir()
    os.symlink(root, sub / "loop")  # a link loop
    os.symlink(sub, root / "more_again")  # a second way into the same folder
    skipped = ["table.xlsx", "zz_copy_of_first.txt"]
    return root, good, failed, skipped


def test_every_bad_file_gets_one_line_and_the_rest_is_built(bad_corpus, tmp_path):
    root, good, failed, skipped = bad_corpus
    proc, lines = run_build(root, tmp_path / "out")
    assert proc.returncode == 1, proc.stderr
    for name in failed + skipped:
        mine = [ln for ln in lines if subject(ln) == name]
        assert len(mine) == 1, (name, lines)
    assert len(lines) == len(failed) + len(skipped), lines
    for name in good:
        assert not [ln for ln in lines if subject(ln) == name], (name, lines)
    assert f"built {len(good)}, skipped {len(skipped)}, failed {len(failed)} reports" in proc.stdout
    graph = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    for name in good:
        assert f'"{name}"' in graph
    for name in failed + skipped:
        assert f'"{name}"' not in graph


def test_reasons_name_the_problem(bad_corpus, tmp_path):
    root, *_ = bad_corpus
    _, lines = run_build(root, tmp_path / "out")
    by_file = {subject(ln): ln for ln in lines}
    expect = {
        "empty.txt": "empty file", "binary.txt": "binary", "truncated.docx": "truncated", "truncated.pdf": "PDF",
        "scanned.pdf": "scanned PDF", "huge.txt": "too large", "recipe.txt": "no reporting bureau",
        "no_bureau.txt": "no reporting bureau", "old.doc": "convert", "garbled.txt": "decode",
        "fifo.txt": "not a regular file", "table.xlsx": "unsupported", "zz_copy_of_first.txt": "same content",
    }
    for name, reason in expect.items():
        assert reason in by_file[name], (name, by_file.get(name))


def test_strict_stops_at_the_first_problem(bad_corpus, tmp_path):
    root, *_ = bad_corpus
    out = tmp_path / "out"
    proc, lines = run_build(root, out, "--strict", "-j", "1")
    assert proc.returncode == 1
    assert len(lines) == 1, lines
    assert "failed 1" in proc.stdout
    assert not (out / "graph.ttl").exists()


def test_a_clean_corpus_exits_zero(tmp_path):
    root = tmp_path / "c"
    root.mkdir()
    shutil.copy(SEEDS[0], root / SEEDS[0].name)
    proc, lines = run_build(root, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert lines == []
    assert "built 1, skipped 0, failed 0" in proc.stdout


def test_missing_corpus_and_bad_output_path_exit_2(tmp_path):
    proc, lines = run_build(tmp_path / "nowhere", tmp_path / "out")
    assert proc.returncode == 2 and len(lines) == 1 and "nowhere" in lines[0]
    (tmp_path / "afile").write_text("x")
    proc, lines = run_build(SEEDS[0], tmp_path / "afile")
    assert proc.returncode == 2 and "not a folder" in lines[0]


def test_outputs_inside_the_corpus_are_not_read_back(tmp_path):
    from fazhigraph.build import build

    root = tmp_path / "c"
    root.mkdir()
    shutil.copy(SEEDS[0], root / SEEDS[0].name)
    s1 = build(root, root, jobs=1)  # graph.html lands in the corpus folder
    assert s1.ok and (root / "graph.html").exists()
    s2 = build(root, root, jobs=1)
    assert s2.ok and s2.built == 1 and s2.failed == 0 and s2.skipped == 0, s2.errors


def test_corpus_of_only_bad_files_builds_nothing(tmp_path):
    root = tmp_path / "c"
    root.mkdir()
    (root / "empty.txt").write_bytes(b"")
    proc, lines = run_build(root, tmp_path / "out")
    assert proc.returncode == 1 and len(lines) == 1
    assert "built 0, skipped 0, failed 1" in proc.stdout
