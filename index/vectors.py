"""Dense vectors of the indexed rows: exact numpy search, HNSW (hnswlib) above a size threshold.

The arrays are immutable snapshots: an update builds new ones and swaps one reference, so a
reader mid-search never sees half an update. On disk one .npz per generation holds keys and
vectors together (written to a temporary name, then renamed: atomic).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import numpy as np

ANN_THRESHOLD = 50_000  # rows; below it exact search is fast enough (and exact)
HNSW_M = 16  # graph degree
HNSW_EF_CONSTRUCTION = 100  # build-time beam: higher builds slower and finds neighbours better


class VectorSnapshot:
    def __init__(self, keys: np.ndarray, doc_ids: np.ndarray, vectors: np.ndarray, ann=None):
        self.keys = keys  # str keys "doc_id:seq"
        self.doc_ids = doc_ids  # int64, for removing a document's rows
        self.vectors = vectors  # (n, dim) float32, L2-normalised
        self.ann = ann
        self._row = {k: i for i, k in enumerate(keys.tolist())}

    def __len__(self) -> int:
        return len(self.keys)

    def vector(self, key: str) -> np.ndarray | None:
        i = self._row.get(key)
        return None if i is None else self.vectors[i]

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
        scores = self.vectors @ query
        top = np.argpartition(-scores, k - 1)[:k] if k < n else np.arange(n)
        top = top[np.argsort(-scores[top])]
        return [(self.keys[i], float(scores[i])) for i in top]


def build_ann(vectors: np.ndarray):
    import hnswlib

    index = hnswlib.Index(space="ip", dim=vectors.shape[1])
    index.init_index(max_elements=len(vectors), ef_construction=HNSW_EF_CONSTRUCTION, M=HNSW_M)
    index.set_num_threads(2)
    index.add_items(vectors, np.arange(len(vectors)))
    return index


def make_snapshot(keys: list[str] | np.ndarray, doc_ids, vectors: np.ndarray, *, ann: bool | None = None):
    keys = np.asarray(keys, dtype=object)
    doc_ids = np.asarray(doc_ids, dtype=np.int64)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    use_ann = len(keys) >= ANN_THRESHOLD if ann is None else ann
    return VectorSnapshot(keys, doc_ids, vectors, build_ann(vectors) if use_ann and len(keys) else None)


def updated(snap: VectorSnapshot | None, remove_doc_ids: set[int], keys: list[str], doc_ids: list[int],
            vectors: np.ndarray) -> VectorSnapshot:
    """A new snapshot: `snap` without the removed documents, plus new rows.

    With an HNSW index the graph is not rebuilt (minutes at a million rows): new rows are
    added to it and removed ones marked deleted; their slots stay as tombstones until the
    next full reindex.
    """
    if snap is None or len(snap) == 0:
        return make_snapshot(keys, doc_ids, vectors.reshape(len(keys), -1) if len(keys) else vectors)
    if snap.ann is not None:
        return _updated_ann(snap, remove_doc_ids, keys, doc_ids, vectors)
    keep = ~np.isin(snap.doc_ids, np.fromiter(remove_doc_ids, dtype=np.int64, count=len(remove_doc_ids)))
    all_keys = np.concatenate([snap.keys[keep], np.asarray(keys, dtype=object)])
    all_ids = np.concatenate([snap.doc_ids[keep], np.asarray(doc_ids, dtype=np.int64)])
    all_vecs = np.concatenate([snap.vectors[keep], vectors.reshape(len(keys), snap.vectors.shape[1])]) \
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
    all_vecs = np.concatenate([snap.vectors, vectors.reshape(len(keys), snap.vectors.shape[1])]) \
        if len(keys) else snap.vectors
    if len(keys):
        ann.resize_index(n + len(keys))
        ann.add_items(all_vecs[n:], np.arange(n, n + len(keys)))
    out = VectorSnapshot(all_keys, all_ids, all_vecs, ann)
    for label in dead:
        out._row.pop(snap.keys[label], None)
    return out


def _ann_path(path: Path) -> Path:
    return path.with_name(path.name + ".hnsw")


def save(snap: VectorSnapshot, path: Path) -> None:
    """The HNSW graph first (building it again costs minutes at a million rows), then the
    arrays; a reader checks the graph's row count against the arrays before trusting it."""
    if snap.ann is not None:
        tmp_ann = _ann_path(path).with_name(_ann_path(path).name + f".tmp{os.getpid()}")
        snap.ann.save_index(str(tmp_ann))
        os.replace(tmp_ann, _ann_path(path))
    elif _ann_path(path).exists():
        _ann_path(path).unlink()
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with open(tmp, "wb") as f:
        np.savez(f, keys=snap.keys.astype(str), doc_ids=snap.doc_ids, vectors=snap.vectors)
    os.replace(tmp, path)


def load(path: Path) -> VectorSnapshot | None:
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as data:
        keys, doc_ids, vectors = data["keys"].astype(object), data["doc_ids"], data["vectors"]
    ann = None
    if _ann_path(path).exists() and len(keys):
        import hnswlib

        ann = hnswlib.Index(space="ip", dim=vectors.shape[1])
        try:
            ann.load_index(str(_ann_path(path)), max_elements=len(keys))
            if ann.get_current_count() != len(keys):
                ann = None  # written by an older save: rebuilt below
        except RuntimeError:
            ann = None
    if ann is not None:
        snap = VectorSnapshot(keys, doc_ids, vectors, ann)
        for i in np.flatnonzero(doc_ids < 0):  # tombstones of in-place updates
            snap._row.pop(keys[i], None)
        return snap
    return make_snapshot(keys, doc_ids, vectors)
