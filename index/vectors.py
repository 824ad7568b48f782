"""Dense vectors of the indexed rows: exact numpy search, HNSW (hnswlib) above a size threshold.

Snapshots are immutable to their readers: an update makes a new snapshot and swaps one
reference, so a reader mid-search never sees half an update. An update never copies the
vectors already held: they live in chunks (one per update, compacted now and then) that
successive snapshots share, so adding a document to a million rows costs about what the
document costs.

On disk (every file written to a temporary name, then renamed: atomic):
  vectors.npz            the base: keys, document ids and vectors of every row, and the number
                         of the last delta it already holds
  vectors.npz.hnsw       the base's HNSW graph (large collections)
  vectors.npz.delta-N    what update N changed: removed document ids and the new rows
A large collection writes a delta per update (milliseconds) instead of the whole base
(seconds at a million rows, during which hnswlib holds the GIL and every search in the
process waits); the base is rewritten when the deltas grow large, and by a reindex.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import numpy as np

ANN_THRESHOLD = 50_000  # rows; below it exact search is fast enough (and exact)
HNSW_M = 16  # graph degree
HNSW_EF_CONSTRUCTION = 100  # build-time beam: higher builds slower and finds neighbours better
HNSW_SPARE = 0.125  # room kept in the graph for new rows: resizing copies the whole graph
MAX_CHUNKS = 32  # past this many chunks, the small ones are merged into one
DELTA_SHARE = 0.1  # rewrite the base once the deltas hold this share of its rows


class VectorSnapshot:
    def __init__(self, keys: np.ndarray, doc_ids: np.ndarray, chunks: list[np.ndarray], ann=None,
                 row: dict[str, int] | None = None, generation: int = 0):
        self.keys = keys  # str keys "doc_id:seq"
        self.doc_ids = doc_ids  # int64, for removing a document's rows; -1 marks a tombstone
        self.chunks = chunks  # (rows, dim) float32 blocks, L2-normalised, in row order
        self.starts = np.cumsum([0] + [len(c) for c in chunks[:-1]], dtype=np.int64)
        self.ann = ann
        # key -> row. Shared with the snapshots made from this one (rebuilding it costs about a
        # second at a million rows), so a lookup checks the row belongs to this snapshot.
        self._row = row if row is not None else {k: i for i, k in enumerate(keys.tolist())}
        self.generation = generation  # the number of the last update (delta) this snapshot holds
        self.delta_rows = 0  # rows written as deltas since the base on disk

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def dim(self) -> int:
        return self.chunks[0].shape[1] if self.chunks else 0

    @property
    def vectors(self) -> np.ndarray:
        """All vectors in one array (a copy when there are several chunks)."""
        return self.chunks[0] if len(self.chunks) == 1 else np.concatenate(self.chunks)

    def vector(self, key: str) -> np.ndarray | None:
        i = self._row.get(key)
        if i is None or i >= len(self.keys):
            return None
        c = int(np.searchsorted(self.starts, i, side="right")) - 1
        return self.chunks[c][i - self.starts[c]]

    def search(self, query: np.ndarray, k: int) -> list[tuple[str, float]]:
        n = len(self.keys)
        if n == 0 or k <= 0:
            return []
        k = min(k, n)
        if self.ann is not None:
            # The graph is shared with newer snapshots (updated in place): labels past this
            # snapshot's rows belong to a newer one and are skipped.
            self.ann.set_ef(max(64, k * 2))
            k = min(k, self.ann.get_current_count())
            while True:
                try:
                    labels, dists = self.ann.knn_query(query[None, :], k=k)
                    break
                except RuntimeError:  # fewer live rows than k (tombstones): ask for fewer
                    if k <= 1:
                        return []
                    k //= 2
            return [(self.keys[i], float(1.0 - d)) for i, d in zip(labels[0], dists[0], strict=True) if i < n]
        scores = np.concatenate([c @ query for c in self.chunks])
        top = np.argpartition(-scores, k - 1)[:k] if k < n else np.arange(n)
        top = top[np.argsort(-scores[top])]
        return [(self.keys[i], float(scores[i])) for i in top]


def build_ann(vectors: np.ndarray):
    import hnswlib

    index = hnswlib.Index(space="ip", dim=vectors.shape[1])
    index.init_index(max_elements=_with_spare(len(vectors)), ef_construction=HNSW_EF_CONSTRUCTION, M=HNSW_M)
    index.set_num_threads(2)
    index.add_items(vectors, np.arange(len(vectors)))
    return index


def _with_spare(n: int) -> int:
    return n + max(1_000, int(n * HNSW_SPARE))


def make_snapshot(keys: list[str] | np.ndarray, doc_ids, vectors: np.ndarray, *, ann: bool | None = None):
    keys = np.asarray(keys, dtype=object)
    doc_ids = np.asarray(doc_ids, dtype=np.int64)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    use_ann = len(keys) >= ANN_THRESHOLD if ann is None else ann
    return VectorSnapshot(keys, doc_ids, [vectors] if len(vectors) else [],
                          build_ann(vectors) if use_ann and len(keys) else None)


def updated(snap: VectorSnapshot | None, remove_doc_ids: set[int], keys: list[str], doc_ids: list[int],
            vectors: np.ndarray) -> VectorSnapshot:
    """A new snapshot: `snap` without the removed documents, plus new rows.

    With an HNSW index the graph is not rebuilt (minutes at a million rows): new rows are
    added to it and removed ones marked deleted; their slots stay as tombstones until the
    next full reindex. Without one (small collections) the rows are simply copied.
    """
    out = _updated(snap, remove_doc_ids, keys, doc_ids, vectors)
    out.generation = (snap.generation if snap is not None else 0) + 1
    out.delta_rows = (snap.delta_rows if snap is not None else 0) + len(keys)
    return out


def _updated(snap, remove_doc_ids, keys, doc_ids, vectors) -> VectorSnapshot:
    if snap is None or len(snap) == 0:
        return make_snapshot(keys, doc_ids, vectors.reshape(len(keys), -1) if len(keys) else vectors)
    if snap.ann is not None:
        return _updated_ann(snap, remove_doc_ids, keys, doc_ids, vectors)
    keep = ~np.isin(snap.doc_ids, np.fromiter(remove_doc_ids, dtype=np.int64, count=len(remove_doc_ids)))
    all_keys = np.concatenate([snap.keys[keep], np.asarray(keys, dtype=object)])
    all_ids = np.concatenate([snap.doc_ids[keep], np.asarray(doc_ids, dtype=np.int64)])
    all_vecs = np.concatenate([snap.vectors[keep], vectors.reshape(len(keys), snap.dim)]) \
        if len(keys) else snap.vectors[keep]
    return make_snapshot(all_keys, all_ids, all_vecs)


def _updated_ann(snap, remove_doc_ids, keys, doc_ids, vectors) -> VectorSnapshot:
    ann = snap.ann
    dead = np.flatnonzero(np.isin(snap.doc_ids, np.fromiter(remove_doc_ids, dtype=np.int64,
                                                            count=len(remove_doc_ids))))
    for label in dead:
        with contextlib.suppress(RuntimeError):  # already deleted
            ann.mark_deleted(int(label))
    n = len(snap.keys)
    new_keys = np.asarray(keys, dtype=object)
    all_keys = np.concatenate([snap.keys, new_keys])
    # tombstones keep their slot but can never match a document id again
    old_ids = snap.doc_ids.copy()
    old_ids[dead] = -1
    all_ids = np.concatenate([old_ids, np.asarray(doc_ids, dtype=np.int64)])
    chunks = list(snap.chunks)
    row = snap._row
    for label in dead:
        row.pop(snap.keys[label], None)
    if len(keys):
        new = np.ascontiguousarray(vectors.reshape(len(keys), snap.dim), dtype=np.float32)
        chunks = _compacted(chunks + [new])
        if ann.get_max_elements() < n + len(keys):
            ann.resize_index(_with_spare(n + len(keys)))
        ann.add_items(new, np.arange(n, n + len(keys)))
        row.update((k, n + i) for i, k in enumerate(new_keys.tolist()))
    return VectorSnapshot(all_keys, all_ids, chunks, ann, row)


def _compacted(chunks: list[np.ndarray]) -> list[np.ndarray]:
    """Merge every chunk after the first once there are too many (the first, the bulk of a
    large index, is never copied)."""
    if len(chunks) <= MAX_CHUNKS:
        return chunks
    return [chunks[0], np.concatenate(chunks[1:])]


def _ann_path(path: Path) -> Path:
    return path.with_name(path.name + ".hnsw")


def _deltas(path: Path) -> list[tuple[int, Path]]:
    out = []
    for p in path.parent.glob(path.name + ".delta-*"):
        with contextlib.suppress(ValueError):
            out.append((int(p.name.rsplit("-", 1)[1]), p))
    return sorted(out)


def _write_npz(path: Path, **arrays) -> None:
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with open(tmp, "wb") as f:
        np.savez(f, **arrays)
    os.replace(tmp, path)


def save(snap: VectorSnapshot, path: Path) -> None:
    """The whole snapshot as the new base. The HNSW graph first (building it again costs
    minutes at a million rows), then the arrays; a reader checks the graph's row count against
    the arrays before trusting it. Deltas the base now holds are removed."""
    if snap.ann is not None:
        tmp_ann = _ann_path(path).with_name(_ann_path(path).name + f".tmp{os.getpid()}")
        snap.ann.save_index(str(tmp_ann))
        os.replace(tmp_ann, _ann_path(path))
    elif _ann_path(path).exists():
        _ann_path(path).unlink()
    chunks = {f"vectors_{i}": c for i, c in enumerate(snap.chunks)}
    _write_npz(path, keys=snap.keys.astype(str), doc_ids=snap.doc_ids,
               generation=np.int64(snap.generation), **chunks)
    for number, p in _deltas(path):
        if number <= snap.generation:
            p.unlink(missing_ok=True)
    snap.delta_rows = 0


def save_delta(snap: VectorSnapshot, path: Path, removed: set[int], keys: list[str], doc_ids: list[int],
               vectors: np.ndarray) -> None:
    """What the update that made `snap` changed, as delta number `snap.generation`."""
    _write_npz(path.with_name(f"{path.name}.delta-{snap.generation:08d}"),
               removed=np.fromiter(removed, dtype=np.int64, count=len(removed)),
               keys=np.asarray(keys, dtype=str), doc_ids=np.asarray(doc_ids, dtype=np.int64),
               vectors=np.asarray(vectors, dtype=np.float32))


def needs_base(snap: VectorSnapshot, path: Path) -> bool:
    """Whether the base should be (re)written rather than only a delta added."""
    return snap.ann is None or not path.exists() or snap.delta_rows > max(10_000, int(len(snap) * DELTA_SHARE))


def disk_state(path: Path) -> tuple[float | None, int]:
    """(the base's modification time, the newest delta's number): what a reader has seen."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None, 0
    deltas = _deltas(path)
    return mtime, deltas[-1][0] if deltas else 0


def catch_up(snap: VectorSnapshot, path: Path) -> VectorSnapshot:
    """`snap` (loaded from this base) plus the deltas written since by other processes."""
    for number, p in _deltas(path):
        if number > snap.generation:
            try:
                with np.load(p, allow_pickle=False) as d:
                    removed, keys, ids, vecs = d["removed"], d["keys"].astype(object), d["doc_ids"], d["vectors"]
            except (OSError, ValueError, KeyError):
                break  # being replaced by a new base; the next look loads that
            snap = updated(snap, set(removed.tolist()), list(keys), list(ids), vecs)
            snap.generation = number  # the writer's number (updated() counts one more)
    return snap


def remove(path: Path) -> None:
    """The base, its graph and its deltas (a full rebuild starts from nothing)."""
    for p in [path, _ann_path(path), *(p for _n, p in _deltas(path))]:
        p.unlink(missing_ok=True)


def load(path: Path) -> VectorSnapshot | None:
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as data:
        keys, doc_ids = data["keys"].astype(object), data["doc_ids"]
        generation = int(data["generation"]) if "generation" in data.files else 0
        names = sorted((n for n in data.files if n.startswith("vectors")),
                       key=lambda n: int(n.split("_")[1]) if "_" in n else 0)
        chunks = [data[n] for n in names]
    chunks = [c for c in chunks if len(c)]
    ann = None
    if _ann_path(path).exists() and len(keys):
        import hnswlib

        ann = hnswlib.Index(space="ip", dim=chunks[0].shape[1])
        try:
            ann.load_index(str(_ann_path(path)), max_elements=_with_spare(len(keys)))
            # The arrays were read first and a save writes the graph first, so a graph with more
            # rows is the next base's, caught mid-swap: its first rows are these (labels past
            # them are skipped, and the deltas re-add them). One with fewer is from an older
            # save: rebuilt below.
            if ann.get_current_count() < len(keys):
                ann = None
        except RuntimeError:
            ann = None
    if ann is not None:  # tombstones of in-place updates (doc_id -1) are not looked up by key
        row = {k: i for i, (k, d) in enumerate(zip(keys.tolist(), doc_ids.tolist(), strict=True)) if d >= 0}
        snap = VectorSnapshot(keys, doc_ids, chunks, ann, row)
    else:
        snap = make_snapshot(keys, doc_ids, np.concatenate(chunks) if len(chunks) > 1 else
                             (chunks[0] if chunks else np.zeros((0, 0), np.float32)))
    snap.generation = generation
    return catch_up(snap, path)
