"""The reference graph around one document: who it cites, who cites it, what it replaces and adopts.

Built from the store (public documents only), breadth first up to `depth` steps; numbers we do
not hold appear as grey leaves. Pure data plus a Graphviz DOT rendering, no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from index.store import Store

EDGE_KINDS = ("cites", "replaces", "adopts")


@dataclass
class Node:
    number: str
    doc_id: int | None = None  # None: not in the (public) collection
    title: str | None = None
    status: str | None = None
    center: bool = False


@dataclass
class Graph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: set[tuple[str, str, str]] = field(default_factory=set)  # (from, to, kind)

    def node(self, store: Store, number: str) -> Node:
        if number not in self.nodes:
            ids = store.resolve(number, public=True)
            node = Node(number)
            if ids:
                record = store.get(ids[0]).record
                node = Node(record.number or number, ids[0], record.title_zh or record.title_en, record.status)
                number = node.number
                if number in self.nodes:
                    return self.nodes[number]
            self.nodes[number] = node
        return self.nodes[number]


def build(store: Store, doc_id: int, depth: int = 1, max_nodes: int = 80) -> Graph:
    """The neighbourhood of `doc_id`; stops growing at `max_nodes` to stay readable."""
    graph = Graph()
    stored = store.get(doc_id)
    if stored is None or not store.is_public(doc_id):
        return graph
    start = stored.record.number or f"#{doc_id}"
    graph.nodes[start] = Node(start, doc_id, stored.record.title_zh or stored.record.title_en,
                              stored.record.status, center=True)
    frontier = [start]
    for _ in range(depth):
        next_frontier = []
        for number in frontier:
            node = graph.nodes[number]
            if node.doc_id is None:
                continue
            for other, edge in _neighbours(store, node):
                if other not in graph.nodes and len(graph.nodes) >= max_nodes:
                    continue
                is_new = other not in graph.nodes
                target = graph.node(store, other)
                graph.edges.add(edge(node.number, target.number))
                if is_new:
                    next_frontier.append(target.number)
        frontier = next_frontier
    return graph


def _neighbours(store: Store, node: Node):
    stored = store.get(node.doc_id)
    record = stored.record
    for ref in stored.parsed.references:
        if ref.target_type == "standard" and ref.target != node.number:
            yield ref.target, lambda a, b: (a, b, "cites")
    if record.number:
        for row in store.cited_by(record.number):
            if row["doc_id"] != node.doc_id and row["number"]:
                yield row["number"], lambda a, b: (b, a, "cites")
    for old in record.replaces:
        yield old, lambda a, b: (a, b, "replaces")
    for new in record.replaced_by:
        yield new, lambda a, b: (b, a, "replaces")
    if record.adopts and record.adopts.number:
        yield record.adopts.number, lambda a, b: (a, b, "adopts")


def vis_label(node: Node, width: int = 16) -> str:
    """The number over the (shortened) title: plain text that vis-network draws on its canvas."""
    if not node.title:
        return node.number
    title = " ".join(node.title.split())
    return f"{node.number}\n{title[:width]}…" if len(title) > width else f"{node.number}\n{title}"


_EDGE_STYLE = {"cites": 'color="#64748b"', "replaces": 'color="#b91c1c" penwidth=2.5',
               "adopts": 'color="#2563eb" style=dashed'}


def _plain(text: str) -> str:
    """Text safe inside a DOT string: no quotes, backslashes or line breaks."""
    return text.replace("\\", "/").replace('"', "'").replace("\n", " ")


def _quote(text: str) -> str:
    return f'"{_plain(text)}"'



def to_dot(graph: Graph, labels: dict[str, str] | None = None) -> str:
    """Graphviz DOT; nodes we hold are filled, the centre is highlighted."""
    labels = labels or {}
    lines = ["digraph refs {", "rankdir=LR;", 'node [shape=box style="rounded,filled" fontname="sans-serif"];']
    for n in graph.nodes.values():
        fill = "#fde68a" if n.center else ("#dbeafe" if n.doc_id else "#f3f4f6")
        label = _plain(n.number) + ("\\n" + _plain(n.title[:18]) if n.title else "")
        lines.append(f'{_quote(n.number)} [label="{label}" '
                     f'fillcolor="{fill}" tooltip={_quote(n.title or n.number)}];')
    for a, b, kind in sorted(graph.edges):
        lines.append(f'{_quote(a)} -> {_quote(b)} [{_EDGE_STYLE[kind]} label={_quote(labels.get(kind, kind))}];')
    lines.append("}")
    return "\n".join(lines)


def replacement_chain(store: Store, number: str, limit: int = 12) -> list[str]:
    """The editions from the oldest to the newest through replaces / replaced_by, `number` among them.

    Follows the records we hold (public ones) both ways; a number we do not hold ends the chain
    on that side but is still listed.
    """
    def record_of(n: str):
        ids = store.resolve(n, public=True)
        return store.get(ids[0]).record if ids else None

    chain = [number]
    current = record_of(number)
    while current and current.replaces and len(chain) < limit:  # back to the oldest
        older = current.replaces[0]
        if older in chain:
            break
        chain.insert(0, older)
        current = record_of(older)
    current = record_of(number)
    while current and current.replaced_by and len(chain) < limit:  # on to the newest
        newer = current.replaced_by[0]
        if newer in chain:
            break
        chain.append(newer)
        current = record_of(newer)
    return chain
