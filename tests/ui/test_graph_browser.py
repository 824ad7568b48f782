"""The reference graph as a person uses it: the vis-network drawing in the real app, a node clicked with the mouse.

streamlit-agraph draws on a canvas inside the component's iframe and does not expose its
vis-network object, so the test finds it through React's fibre on the graph's container (the
component keeps it in a state hook), reads where each node is drawn, and clicks there.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from index.store import Store
from parsing.model import ParsedDocument, Record, Reference
from tests.ui import sample_docs
from tests.ui import test_browser as shared
from ui.server import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)"),
]
# the browser tests' own fixtures: one app server on the sample collection and one Chromium for this module
server, browser, page, expect = shared.server, shared.browser, shared.page, shared.expect

# Finds the vis-network instance and keeps it as window.__stdkbNetwork; false while not yet drawn.
FIND_NETWORK = """() => {
  const drawn = document.querySelector('.vis-network');
  if (!drawn) return false;
  const box = drawn.parentElement;
  const key = Object.keys(box).find(k => k.startsWith('__reactInternalInstance$') || k.startsWith('__reactFiber$'));
  for (let fiber = key && box[key]; fiber; fiber = fiber.return) {
    for (let hook = fiber.memoizedState; hook && typeof hook === 'object'; hook = hook.next) {
      const value = hook.memoizedState;
      if (value && typeof value.getPositions === 'function' && typeof value.canvasToDOM === 'function') {
        window.__stdkbNetwork = value;
        return true;
      }
    }
  }
  return false;
}"""
# Where each node is drawn, in CSS pixels from the canvas's top-left corner.
NODE_POSITIONS = """() => {
  const net = window.__stdkbNetwork;
  return Object.fromEntries(Object.entries(net.getPositions()).map(([id, p]) => [id, net.canvasToDOM(p)]));
}"""
DRAWN_GRAPH = """() => {
  const data = window.__stdkbNetwork.body.data;
  return {nodes: data.nodes.get().map(n => n.id), labels: data.nodes.get().map(n => n.label),
          titles: data.nodes.get().map(n => n.title || null),
          edges: data.edges.get().map(e => [e.from, e.to, e.label])};
}"""


def graph_frame(page):
    """The agraph component's frame once vis-network has drawn into it."""
    iframe = page.locator("iframe[src*='streamlit_agraph']")
    expect(iframe).to_be_visible()
    frame = iframe.element_handle().content_frame()
    expect(frame.locator("canvas").first).to_be_visible()
    frame.wait_for_function(FIND_NETWORK)
    return frame


def settled_positions(frame, seconds: float = 20.0) -> dict[str, dict[str, float]]:
    """Node positions once the physics simulation has stopped moving them (two equal readings)."""
    deadline = time.monotonic() + seconds
    last = frame.evaluate(NODE_POSITIONS)
    while True:
        time.sleep(0.3)
        now = frame.evaluate(NODE_POSITIONS)
        if now == last:
            return now
        assert time.monotonic() < deadline, "the graph kept moving"
        last = now


def test_clicking_a_node_opens_that_standard(server, page):
    url, ids, _db = server
    # GB/T 32150-2015 cites GB/T 2589-2020 and ISO 14064-1 (which it also adopts); GB/T 2589-2020 cites it back
    page.goto(f"{url}/graph?doc={ids['accounting']}")
    frame = graph_frame(page)
    drawn = frame.evaluate(DRAWN_GRAPH)
    assert sorted(drawn["nodes"]) == ["GB/T 2589-2020", "GB/T 32150-2015", "ISO 14064-1:2018"]
    assert "GB/T 2589-2020\n综合能耗计算通则" in drawn["labels"]
    assert "GB/T 32150-2015\n工业企业温室气体排放核算和报告通…" in drawn["labels"]
    assert ["GB/T 32150-2015", "GB/T 2589-2020", "引用"] in drawn["edges"]
    assert ["GB/T 2589-2020", "GB/T 32150-2015", "引用"] in drawn["edges"]  # cited by
    assert ["GB/T 32150-2015", "ISO 14064-1:2018", "采用"] in drawn["edges"]

    positions = settled_positions(frame)
    target = positions["GB/T 2589-2020"]
    canvas = frame.locator("canvas").first
    box = canvas.bounding_box()
    assert 0 < target["x"] < box["width"] and 0 < target["y"] < box["height"], (target, box)
    canvas.click(position=target)

    expect(page).to_have_url(re.compile(rf"/standard\?(.*&)?doc={ids['energy']}(&|$)"))
    expect(page.get_by_role("heading", name="GB/T 2589-2020 综合能耗计算通则")).to_be_visible()


def test_clicking_the_centre_stays_then_another_node_opens(server, page):
    url, ids, _db = server
    page.goto(f"{url}/graph?doc={ids['accounting']}")
    frame = graph_frame(page)
    centre = settled_positions(frame)["GB/T 32150-2015"]
    frame.locator("canvas").first.click(position=centre)
    assert frame.evaluate("() => window.__stdkbNetwork.getSelectedNodes()") == ["GB/T 32150-2015"]
    # the click reached the app (a rerun) and it stayed on the graph of the same standard
    page.wait_for_timeout(1500)
    expect(page).to_have_url(re.compile(rf"/graph\?(.*&)?doc={ids['accounting']}(&|$)"))
    expect(page.locator("iframe[src*='streamlit_agraph']")).to_be_visible()
    # and a node clicked after it still opens its standard (the stored centre value does not get in the way)
    frame = graph_frame(page)
    frame.locator("canvas").first.click(position=settled_positions(frame)["ISO 14064-1:2018"])
    expect(page).to_have_url(re.compile(rf"/standard\?(.*&)?doc={ids['iso']}(&|$)"))
    expect(page.get_by_role("heading", name=re.compile("ISO 14064-1:2018"))).to_be_visible()


def test_a_title_with_markup_is_drawn_as_text(server, page):
    url, ids, db = server
    # cites only ISO 14064-1, which the other tests' depth-1 graphs show without its neighbours
    title = '图片<img src=x onerror="window.__pwned = 1; window.top.__pwned = 1">样例'
    parsed = ParsedDocument(kind="standard", text="样例", record=Record(number="T/CSES 555-2024", doc_type="group",
                                                                      title_zh=title),
                            references=[Reference("ISO 14064-1:2018", "normative", "2", dated=True)])
    with Store(db) as store:
        doc_id = store.add(sample_docs._doc("markup.txt", parsed), parsed, "test:markup", user="test").doc_id
    popups = []
    page.context.on("page", lambda popup: popups.append(popup.url))
    page.goto(f"{url}/graph?doc={doc_id}")
    frame = graph_frame(page)
    drawn = frame.evaluate(DRAWN_GRAPH)
    assert sorted(drawn["nodes"]) == ["ISO 14064-1:2018", "T/CSES 555-2024"]
    assert "T/CSES 555-2024\n图片<img src=x one…" in drawn["labels"]
    # a double click on a node made agraph window.open() its title as an address
    frame.locator("canvas").first.dblclick(position=settled_positions(frame)["T/CSES 555-2024"])
    page.wait_for_timeout(1000)
    assert popups == []
    assert frame.evaluate("window.__pwned") is None and page.evaluate("window.__pwned") is None
    assert drawn["titles"] == [None, None]  # agraph puts a hover title into innerHTML
