"""Page-level tests with Streamlit's AppTest against a real database (no browser)."""

from __future__ import annotations

from index.store import Store
from tests.ui.conftest import LIBRARIAN


def html_of(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def text_of(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [html_of(at)])


def test_standard_page_shows_record_clauses_and_links(app, ui_db):
    _, ids = ui_db
    at = app("views/standard.py", doc=ids["accounting"]).run()
    assert not at.exception
    text = text_of(at)
    assert "GB/T 32150-2015 工业企业温室气体排放核算和报告通则" in text
    assert "kb-status-现行" in text and "2016-06-01" in text  # status badge and timeline
    assert "全国碳排放管理标准化技术委员会" in text  # every field we hold
    # requirement language marked, with a legend
    assert '<span class="kb-req-recommendation"' in text and "图例" in text
    # the clause navigator lists the tree; choosing a clause shows only its subtree
    nav = at.radio[0]
    assert "\u3000\u30005.2.1 排放源识别" in nav.options
    nav.set_value("5.2").run()
    body = html_of(at)
    assert "排放源识别" in body and "基本原则" not in body.split("kb-legend")[1]
    assert at.query_params["clause"] == "5.2"
    # citation and references both ways
    assert any("GB/T 32150—2015[S]. 北京: 中国标准出版社, 2015." in c.value for c in at.code)
    links = [p.proto.label for p in at.get("page_link")]
    assert any(label.startswith("GB/T 2589-2020") for label in links)  # referenced, in the collection


def test_edition_chain_on_the_record(app, ui_db):
    _, ids = ui_db
    at = app("views/standard.py", doc=ids["energy"]).run()
    assert not at.exception
    assert "**版本沿革（旧 → 新）**" in [m.value for m in at.markdown]
    assert "**GB/T 2589-2020**" in [m.value for m in at.markdown]
    assert "GB/T 2589-2008" in [p.proto.label for p in at.get("page_link")]


def test_clause_query_param_opens_that_clause(app, ui_db):
    _, ids = ui_db
    at = app("views/standard.py", doc=ids["energy"], clause="3.1").run()
    assert at.radio[0].value == "3.1"
    # the same term clause in another standard is found on request
    next(b for b in at.button if b.label == "相似条款").click().run()
    assert not at.exception
    assert "GB/T 32150-2015 › 3.1 温室气体" in [p.proto.label for p in at.get("page_link")]


def test_unpublished_and_unknown_documents_are_not_shown(app, ui_db):
    _, ids = ui_db
    at = app("views/standard.py", doc=ids["draft"]).run()
    assert not at.exception
    assert "紫罗兰" not in text_of(at)
    assert any("没有找到" in w.value for w in at.warning)
    at = app("views/standard.py", doc=99999).run()
    assert any("没有找到" in w.value for w in at.warning)


def test_standard_chooser_lists_published_only(app, ui_db):
    at = app("views/standard.py").run()
    box = next(b for b in at.selectbox if b.label == "选择标准或政策文件")
    shown = box.options
    assert any(s.startswith("GB/T 32150-2015") for s in shown)
    assert not any("DB51/T 3999" in s for s in shown)


def test_script_in_document_shows_as_text(app, ui_db):
    _, ids = ui_db
    at = app("views/standard.py", doc=ids["script"]).run()
    assert not at.exception
    page = text_of(at)
    assert "<script>" not in page and "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "<b>粗体</b>" not in page


def test_english_interface(app, ui_db):
    _, ids = ui_db
    at = app("views/standard.py", doc=ids["accounting"], lang="en").run()
    assert "Contents" in text_of(at) and "Current" in html_of(at)


def test_number_query_opens_the_standard(app, ui_db):
    at = app()
    at.session_state["q"] = "GB/T32150—2015"
    at.run()
    assert not at.exception
    assert any(m.value.startswith("## GB/T 32150-2015") for m in at.markdown)


def test_search_results_facets_pages_and_export(app, ui_db):
    at = app()
    at.session_state["q"] = "排放"
    at.run()
    assert not at.exception
    links = [p.proto.label for p in at.get("page_link")]
    assert len(links) == 10 and "GB/T 32150-2015 › 5.2 核算边界" in links
    assert any("<mark>排放" in h.proto.body for h in at.get("html"))
    total = next(int(c.value.split()[2]) for c in at.caption if "条结果" in c.value)
    assert 10 < total <= 20
    assert any("第 1 / 2 页" in m.value for m in at.markdown)
    # the next page
    next(b for b in at.button if b.label == "下一页").click().run()
    assert any("第 2 / 2 页" in m.value for m in at.markdown)
    # a facet narrows the results; counts are shown beside the values
    status = next(m for m in at.multiselect if m.label == "类型")
    assert any(o.startswith("国家标准 (") for o in status.options)
    status.set_value(["national"]).run()
    assert not at.exception
    assert all(p.proto.label.startswith("GB/T") for p in at.get("page_link"))
    # export what is shown
    assert at.get("download_button")


def test_search_never_shows_drafts(app, ui_db):
    at = app()
    at.session_state["q"] = "紫罗兰"
    at.run()
    assert not at.exception
    assert not at.get("page_link")
    assert any("没有找到" in i.value for i in at.info)


def test_glossary_side_by_side(app, ui_db):
    at = app("views/glossary.py")
    at.session_state["gq"] = "greenhouse gas"
    at.run()
    assert not at.exception
    assert any("“温室气体”的定义（2 个来源）" in s.value for s in at.subheader)
    labels = [p.proto.label for p in at.get("page_link")]
    assert "GB/T 2589-2020 › 3.1" in labels and "GB/T 32150-2015 › 3.1" in labels


def test_applicable_lists_standards_with_reasons(app, ui_db):
    at = app("views/applicable.py").run()
    at.text_input[0].input("温室气体排放核算").run()
    assert not at.exception
    labels = [p.proto.label for p in at.get("page_link")]
    assert any(label.startswith("GB/T 32150-2015") for label in labels)
    assert any("理由" in h.proto.body for h in at.get("html"))


def test_dashboard(app, ui_db):
    at = app("views/dashboard.py").run()
    assert not at.exception
    assert [m.value for m in at.metric][0] == "6"  # published current documents, the draft excluded
    assert len(at.get("arrow_vega_lite_chart")) >= 4 or len(at.get("vega_lite_chart")) >= 4


def test_reference_graph_page(app, ui_db):
    _, ids = ui_db
    at = app("views/graph.py", doc=ids["energy"]).run()
    assert not at.exception
    labels = [p.proto.label for p in at.get("page_link")]
    assert any(label.startswith("GB/T 32150-2015") for label in labels)


def test_workspace_needs_login(app, ui_db):
    at = app("views/workspace.py").run()
    assert not at.exception
    assert not at.tabs  # nothing of the workspace before login
    assert "紫罗兰" not in text_of(at)
    at.text_input(key="login_name").input(LIBRARIAN[0])
    at.text_input(key="login_password").input("wrong password")
    at.button[0].click().run()
    assert any("错误" in e.value for e in at.error)
    assert not at.tabs


def login(app, page="views/workspace.py"):
    at = app(page).run()
    at.text_input(key="login_name").input(LIBRARIAN[0])
    at.text_input(key="login_password").input(LIBRARIAN[1])
    at.button[0].click().run()
    assert not at.exception
    return at


def test_workspace_rate_limits_wrong_passwords(app, ui_db):
    at = app("views/workspace.py").run()
    for _ in range(6):
        at.text_input(key="login_name").input(LIBRARIAN[0])
        at.text_input(key="login_password").input("guess")
        at.button[0].click().run()
    assert any("次数过多" in e.value for e in at.error)
    at.text_input(key="login_name").input(LIBRARIAN[0])
    at.text_input(key="login_password").input(LIBRARIAN[1])
    at.button[0].click().run()
    assert any("次数过多" in e.value for e in at.error) and not at.tabs


def test_librarian_corrects_validates_and_publishes(app, ui_db):
    db, ids = ui_db
    at = login(app)
    assert at.tabs and "DB51/T 3999-2025" in at.selectbox[0].format_func(at.selectbox[0].value)
    key = f"e_{ids['draft']}_0_"
    # a bad date is refused and names the field; nothing is stored
    at.text_input(key=key + "publish_date").input("2025-13-45")
    at.button(key="FormSubmitter:" + f"edit_{ids['draft']}_0-" + "保存修改").click().run()
    assert any("发布日期" in e.value for e in at.error)
    with Store(db) as store:
        assert store.get(ids["draft"]).record.publish_date == "2025-01-01"
    # so is a number that starts like a standard number but is not one
    at.text_input(key=key + "publish_date").input("2025-01-01")
    at.text_input(key=key + "number").input("DB51/T 39x9-2025")
    at.button(key="FormSubmitter:" + f"edit_{ids['draft']}_0-" + "保存修改").click().run()
    assert any("标准号" in e.value and "DB51/T 39x9-2025" in e.value for e in at.error)
    at.text_input(key=key + "number").input("DB51/T 3999—2025")  # an em dash is normalised, not refused
    # a good correction is stored, normalised and logged
    at.text_input(key=key + "publish_date").input("2025/1/5")
    at.text_input(key=key + "title_zh").input("更正后的标题")
    at.text_input(key=key + "ics").input("13.020.40; 27.010")
    at.button(key="FormSubmitter:" + f"edit_{ids['draft']}_0-" + "保存修改").click().run()
    assert not at.exception
    with Store(db) as store:
        record = store.get(ids["draft"]).record
        assert (record.publish_date, record.title_zh, record.ics) == ("2025-01-05", "更正后的标题",
                                                                      ["13.020.40", "27.010"])
        assert record.number == "DB51/T 3999-2025"
        edits = {h["field"]: h for h in store.history(ids["draft"]) if h["action"] == "edited"}
        assert edits["publish_date"]["user"] == LIBRARIAN[0] and edits["title_zh"]["old_value"] == '"未发布的草稿标准样例"'
        assert not store.is_public(ids["draft"])
    # publish: the public standard page shows it now
    at.button(key="do_publish").click().run()
    assert not at.exception
    with Store(db) as store:
        assert store.is_public(ids["draft"])
    public = app("views/standard.py", doc=ids["draft"]).run()
    assert "更正后的标题" in text_of(public)


def test_workspace_shows_duplicates_and_escapes_text(app, ui_db):
    db, ids = ui_db
    with Store(db) as store:
        store.set_state(ids["script"], "draft", "test")
    at = login(app)
    picker = at.selectbox[0]
    picker.set_value(ids["script"]).run()
    page = html_of(at)
    assert "&lt;script&gt;window.__pwned" in page and "<script>" not in page


def test_workspace_shows_duplicates_and_history(app, ui_db):
    db, ids = ui_db
    from tests.ui import sample_docs

    with Store(db) as store:
        copy = sample_docs.accounting_standard()
        copy.text += "\n另一份扫描件"
        doc = sample_docs._doc("second-copy.txt", copy, "draft")
        dup_id = store.add(doc, copy, "test:second-copy", user="test").doc_id
    at = login(app)
    at.selectbox[0].set_value(dup_id).run()
    assert not at.exception
    assert any("疑似重复: 1" in w.value for w in at.warning)
    frames = [d.value for d in at.dataframe]
    dups = next(f for f in frames if "标准号" in f.columns and "理由" in f.columns and "id" in f.columns)
    assert dups["id"].tolist() == [ids["accounting"]] and dups["理由"].tolist() == ["标准号相同"]
    # a correction appears in the document's history: who, what, old -> new
    key = f"e_{dup_id}_0_"
    at.text_input(key=key + "title_en").input("Corrected English title")
    at.button(key=f"FormSubmitter:edit_{dup_id}_0-保存修改").click().run()
    assert any("已保存 1 处修改" in s.value for s in at.success)
    history = next(d.value for d in at.dataframe if "操作人" in d.value.columns and "字段" in d.value.columns)
    row = history[history["字段"] == "title_en"].iloc[0]
    assert row["操作人"] == LIBRARIAN[0] and row["新值"] == "Corrected English title"
    assert row["原值"].startswith("General guideline")


def test_applicable_by_industry(app, ui_db):
    at = app("views/applicable.py").run()
    box = next(b for b in at.selectbox if b.label == "行业")
    option = next(o for o in box.options if "电力" in o or "发电" in o)
    box.select(option).run()
    assert not at.exception
    # the sample collection has no power-sector standard: its general rules (通则) apply to every industry
    labels = [p.proto.label for p in at.get("page_link")]
    assert any(label.startswith("GB/T 32150-2015") for label in labels)
    assert "通用" in [s.value for s in at.subheader]


def test_document_level_results(app, ui_db):
    at = app()
    at.session_state["q"] = "温室气体"
    at.session_state["level"] = "document"
    at.run()
    assert not at.exception
    labels = [p.proto.label for p in at.get("page_link")]
    assert labels and all("›" not in label for label in labels)  # one hit per standard, no clause path
    assert len(labels) == len(set(labels))
