"""Ingest end to end on real files: outcomes, versions, and bad input that never half-writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from index.store import Store
from ingest import ingest_paths, ingest_upload
from tests.conftest import write_pdf

STANDARD_TEXT = """ICS 13.020.40
Z 04
中华人民共和国国家标准
GB/T 99901-2026
碳排放核算测试标准
Test standard for carbon accounting
2026-01-01发布 2026-07-01实施

1 范围
本文件规定了温室气体排放核算的要求。

2 规范性引用文件
GB/T 32150—2015 工业企业温室气体排放核算和报告通则

3 术语和定义
3.1
温室气体 greenhouse gas
大气层中自然存在的和由于人类活动产生的能够吸收和散发由地球表面、大气层和云层所产生的波长在红外光谱内的辐射的气态成分。

4 核算要求
4.1 报告主体应按GB/T 32150—2015的规定核算温室气体排放。
"""


def counts(store: Store) -> tuple[int, int]:
    docs = store.query("SELECT COUNT(*) FROM documents")[0][0]
    clauses = store.query("SELECT COUNT(*) FROM clauses")[0][0]
    return docs, clauses


def test_folder_is_ingested_and_rerun_is_a_no_op(store, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(STANDARD_TEXT, encoding="utf-8")
    write_pdf(folder / "b.pdf", STANDARD_TEXT.replace("99901", "99902").split("\n\n"))
    report = ingest_paths(store, [folder])
    assert report.counts() == {"added": 2, "new_version": 0, "unchanged": 0, "failed": 0}
    numbers = sorted(o.number for o in report.outcomes)
    assert numbers == ["GB/T 99901-2026", "GB/T 99902-2026"]
    again = ingest_paths(store, [folder])
    assert again.counts()["unchanged"] == 2
    assert counts(store)[0] == 2


def test_changed_file_makes_a_new_version_and_keeps_the_old(store, tmp_path):
    path = tmp_path / "std.txt"
    path.write_text(STANDARD_TEXT, encoding="utf-8")
    first = ingest_paths(store, [path]).outcomes[0]
    path.write_text(STANDARD_TEXT + "\n4.2 报告主体宜每年报告一次。\n", encoding="utf-8")
    second = ingest_paths(store, [path]).outcomes[0]
    assert second.outcome == "new_version" and second.doc_id != first.doc_id
    versions = store.versions(second.doc_id)
    assert [(v["version"], v["is_current"]) for v in versions] == [(1, 0), (2, 1)]
    assert store.resolve("GB/T 99901-2026") == [second.doc_id]


def test_provenance_is_kept(store, tmp_path):
    path = tmp_path / "std.txt"
    path.write_text(STANDARD_TEXT, encoding="utf-8")
    outcome = ingest_paths(store, [path], user="alice").outcomes[0]
    provenance = store.document(outcome.doc_id).provenance
    assert provenance.source == str(path) and provenance.added_by == "alice" and provenance.added_at


@pytest.mark.parametrize("encoding", ["gb18030", "big5"])
def test_legacy_encodings_are_decoded(store, tmp_path, encoding):
    text = STANDARD_TEXT if encoding == "gb18030" else STANDARD_TEXT.replace("温室气体排放核算的要求", "溫室氣體排放核算的要求")
    path = tmp_path / f"std-{encoding}.txt"
    path.write_bytes(text.encode(encoding, errors="strict") if encoding == "gb18030" else _big5(text))
    outcome = ingest_paths(store, [path]).outcomes[0]
    assert outcome.outcome == "added", outcome.reason
    stored = store.get(outcome.doc_id)
    expected = "温室气体排放" if encoding == "gb18030" else "溫室氣體排放"
    assert expected in stored.parsed.text and "\ufffd" not in stored.parsed.text
    assert stored.record.number == "GB/T 99901-2026"


def _big5(text: str) -> bytes:
    # Big5 has no simplified characters: write the Traditional form of what it cannot encode
    import opencc

    return opencc.OpenCC("s2t").convert(text).encode("big5", errors="strict")


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Each bad file with a word its failure reason must contain."""
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    unknown = tmp_path / "program.pdf"  # the extension lies: typed by content
    unknown.write_bytes(bytes(range(256)) * 40)
    good = write_pdf(tmp_path / "good.pdf", ["GB/T 99903-2026", "1 范围"])
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(good.read_bytes()[:300])
    encrypted = write_pdf(tmp_path / "encrypted.pdf", ["秘密"], encrypt="s3cret")
    image_only = write_pdf(tmp_path / "scan.pdf", ["", ""], shapes_only=True)
    return {
        "empty": (empty, "empty"),
        "unknown": (unknown, "type"),
        "corrupt": (corrupt, "corrupt"),
        "encrypted": (encrypted, "encrypted"),
        "image-only": (image_only, "text"),
    }


def test_bad_files_fail_with_file_and_reason_and_the_batch_goes_on(store, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(STANDARD_TEXT, encoding="utf-8")
    bad = bad_inputs(tmp_path)
    missing = tmp_path / "nowhere.pdf"
    paths = [p for p, _ in bad.values()] + [missing, good]
    report = ingest_paths(store, paths)
    by_source = {o.source: o for o in report.outcomes}
    for name, (path, word) in bad.items():
        outcome = by_source[str(path)]
        assert outcome.outcome == "failed", name
        assert word in outcome.reason.lower(), (name, outcome.reason)
        assert str(path) in outcome.describe()
    assert "no such file" in by_source[str(missing)].reason
    assert by_source[str(good)].outcome == "added"
    # only the good file is stored, whole
    assert counts(store) == (1, len(store.get(by_source[str(good)].doc_id).parsed.clauses))


def test_unreadable_file_is_reported(store, tmp_path):
    if os.geteuid() == 0:
        path = Path("/proc/self/mem")  # root reads any mode; this file refuses a plain read
    else:
        path = tmp_path / "secret.txt"
        path.write_text("x", encoding="utf-8")
        path.chmod(0)
    outcome = ingest_paths(store, [path]).outcomes[0]
    assert outcome.outcome == "failed" and "unreadable" in outcome.reason


class CrashingStore(Store):
    """A real store whose third document write dies half-way, as a crash or a full disk would."""

    writes = 0

    def add(self, document, parsed, source_key, **kwargs):
        CrashingStore.writes += 1
        if CrashingStore.writes == 3:
            kwargs["fail_after_rows"] = 2
        return super().add(document, parsed, source_key, **kwargs)


def test_crash_in_the_middle_of_a_batch_keeps_what_finished_and_rerun_resumes(db_path, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.txt").write_text(STANDARD_TEXT.replace("99901", f"9990{i}"), encoding="utf-8")
    with CrashingStore(db_path) as crashing:
        report = ingest_paths(crashing, [folder])
        assert report.counts() == {"added": 4, "new_version": 0, "unchanged": 0, "failed": 1}
        failed = report.failed[0]
        assert failed.source.endswith("2.txt") and "simulated failure" in failed.reason
        # the failed document left no rows behind
        assert crashing.query("SELECT COUNT(*) FROM records WHERE number = 'GB/T 99902-2026'")[0][0] == 0
        assert crashing.query("SELECT COUNT(*) FROM clauses c LEFT JOIN documents d ON d.id = c.doc_id "
                              "WHERE d.id IS NULL")[0][0] == 0
    with Store(db_path) as store:
        rerun = ingest_paths(store, [folder])
        assert rerun.counts() == {"added": 1, "new_version": 0, "unchanged": 4, "failed": 0}


def test_upload_is_size_checked_and_its_name_sanitised(store):
    data = STANDARD_TEXT.encode("utf-8")
    too_big = ingest_upload(store, data, "big.txt", user="lib", max_bytes=100)[0]
    assert too_big.outcome == "failed" and "too large" in too_big.reason
    outcome = ingest_upload(store, data, "../../etc/<script>标准.txt", user="lib")[0]
    assert outcome.outcome == "added"
    assert outcome.source == "_script_标准.txt"
    assert store.document(outcome.doc_id).state == "draft"
    assert not store.is_public(outcome.doc_id)
