"""The app as a person uses it: the real Streamlit server, driven in Debian's headless Chromium."""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import pytest

from index import accounts
from index.store import Store
from tests.conftest import write_pdf
from tests.ui import sample_docs
from tests.ui.conftest import LIBRARIAN
from ui.server import CHROMIUM, launch_chromium, running_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")
expect = playwright_api.expect
TIMEOUT = 60_000  # ms: the first search loads the embedding model
expect.set_options(timeout=TIMEOUT)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "app.db"
    with Store(db) as store:
        ids = sample_docs.fill(store)
        accounts.create_user(store, *LIBRARIAN, "librarian")
    with running_app(db, log=folder / "streamlit.log") as url:
        yield url, ids, db


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT)
    pg = context.new_page()
    yield pg
    context.close()


def search(page, url: str, query: str) -> None:
    page.goto(url + "/")
    box = page.get_by_role("textbox", name="检索")
    box.fill(query)
    box.press("Enter")


def login(page, url: str, password: str = LIBRARIAN[1]) -> None:
    page.goto(url + "/workspace")
    page.get_by_role("textbox", name="用户名").fill(LIBRARIAN[0])
    page.get_by_role("textbox", name="密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_search_and_open_a_result(server, page):
    url, _ids, _db = server
    search(page, url, "排放源")
    link = page.get_by_role("link", name="GB/T 32150-2015 › 5.2.1 排放源识别")
    expect(link).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", name="GB/T 32150-2015 工业企业温室气体排放核算和报告通则")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/standard\?.*clause=5\.2\.1"))


def test_number_query_opens_the_standard(server, page):
    url, _ids, _db = server
    search(page, url, "GB/T 2589—2020")
    expect(page.get_by_role("heading", name="GB/T 2589-2020 综合能耗计算通则")).to_be_visible()


def test_navigate_the_clause_tree(server, page):
    url, ids, _db = server
    page.goto(f"{url}/standard?doc={ids['accounting']}")
    body = page.locator(".kb-clause-head")
    expect(body.filter(has_text="4 基本原则")).to_be_visible()
    page.get_by_role("radiogroup").get_by_text("5.2 核算边界", exact=True).click()
    expect(body.filter(has_text="基本原则")).to_have_count(0)
    expect(body.filter(has_text="5.2.1 排放源识别")).to_be_visible()
    expect(page.locator(".kb-clause .kb-req-recommendation").first).to_contain_text("宜优先采用实测数据")
    expect(page).to_have_url(re.compile(r"clause=5\.2"))
    # a referenced standard we hold is a link to its page
    page.get_by_role("tab", name=re.compile("引用文件")).click()
    page.get_by_role("link", name="GB/T 2589-2020").first.click()
    expect(page.get_by_role("heading", name="GB/T 2589-2020")).to_be_visible()


def test_export_a_file_and_read_it_back(server, page, tmp_path):
    url, ids, _db = server
    page.goto(f"{url}/standard?doc={ids['accounting']}")
    page.get_by_role("tab", name="导出题录").click()
    expect(page.get_by_text("GB/T 32150—2015[S]. 北京: 中国标准出版社, 2015.")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="⬇ CSV").click()
    path = tmp_path / "export.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [r["number"] for r in rows] == ["GB/T 32150-2015"]
    assert rows[0]["title_zh"] == "工业企业温室气体排放核算和报告通则"


def test_anonymous_visitor_cannot_reach_the_workspace(server, page):
    url, _ids, _db = server
    page.goto(url + "/workspace")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    expect(page.get_by_role("tab")).to_have_count(0)
    expect(page.get_by_text("紫罗兰")).to_have_count(0)


def test_wrong_passwords_are_rate_limited(server, page):
    url, _ids, db = server
    with Store(db) as store:
        accounts.create_user(store, "victim", "the right password", "librarian")
    page.goto(url + "/workspace")
    for i in range(accounts.MAX_FAILURES):
        page.get_by_role("textbox", name="用户名").fill("victim")
        page.get_by_role("textbox", name="密码").fill("a wrong guess")
        page.get_by_role("button", name="登录").click()
        wait_for(lambda i=i: len(accounts.failures(Store(db), "victim")) == i + 1)  # each try answered
        expect(page.get_by_text("用户名或密码错误。")).to_be_visible()
    page.get_by_role("textbox", name="用户名").fill("victim")
    page.get_by_role("textbox", name="密码").fill("the right password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text(re.compile("登录失败次数过多"))).to_be_visible()
    expect(page.get_by_role("tab")).to_have_count(0)


def wait_for(condition, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the app did not answer in time"
        time.sleep(0.1)


def upload(page, path: Path) -> None:
    page.get_by_role("tab", name="上传").click()
    page.locator("input[type=file]").first.set_input_files(str(path))
    page.get_by_role("button", name="导入为草稿").click()


def needs_parser():
    import parsing

    if not hasattr(parsing, "parse_bytes"):
        pytest.skip("parsing.parse_bytes (the parsing engineer's part) is not in this checkout yet")


def test_librarian_uploads_corrects_publishes_then_public_finds_it(server, page, tmp_path):
    needs_parser()
    url, _ids, _db = server
    pdf = write_pdf(tmp_path / "upload-sample.pdf", [
        "DB51/T 8888-2025\n四川省地方标准\n天竺葵核算样例指南\n2025-01-10发布 2025-03-01实施",
        "1 范围\n本文件规定了天竺葵园区温室气体核算的方法。\n2 要求\n园区应建立能源计量台账。",
    ])
    login(page, url)
    upload(page, pdf)
    expect(page.get_by_text("添加 1 个，新版本 0 个，未变化 0 个，失败 0 个")).to_be_visible()
    page.get_by_role("tab", name="审核与校对").click()
    expect(page.locator(".kb-doc-text")).to_contain_text("天竺葵")
    title = page.get_by_role("textbox", name="中文名称")
    title.fill("天竺葵园区温室气体核算指南（更正）")
    bad_date = page.get_by_role("textbox", name="实施日期")
    bad_date.fill("2025-02-30")
    page.get_by_role("button", name="保存修改").click()
    expect(page.get_by_text(re.compile("“实施日期”有误"))).to_be_visible()
    page.get_by_role("textbox", name="实施日期").fill("2025-03-01")
    page.get_by_role("button", name="保存修改").click()
    expect(page.get_by_text(re.compile("已保存"))).to_be_visible()
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.get_by_text("已发布，公众检索即可找到。")).to_be_visible()
    # a new visitor (new session) finds it from the public search
    search(page, url, "天竺葵")
    link = page.get_by_role("link", name="DB51/T 8888-2025")
    expect(link.first).to_be_visible()
    link.first.click()
    expect(page.get_by_role("heading", name="天竺葵园区温室气体核算指南（更正）")).to_be_visible()


def test_uploaded_script_shows_as_text(server, page, tmp_path):
    needs_parser()
    url, _ids, _db = server
    path = tmp_path / "script-sample.txt"
    path.write_text("T/CSES 7777-2024\n脚本样例文件\n1 范围\n本文件<script>window.__pwned = 1</script>"
                    "<img src=x onerror=\"window.__pwned = 2\">含有标记。\n", encoding="utf-8")
    login(page, url)
    upload(page, path)
    expect(page.get_by_text("添加 1 个，新版本 0 个，未变化 0 个，失败 0 个")).to_be_visible()
    page.get_by_role("tab", name="审核与校对").click()
    text = page.locator(".kb-doc-text")
    expect(text).to_contain_text("<script>window.__pwned = 1</script>")
    expect(text).to_contain_text("<img src=x onerror=")
    assert page.evaluate("window.__pwned") is None


def test_catalogue_import_reports_row_by_row(server, page, tmp_path):
    url, _ids, db = server
    path = tmp_path / "catalogue.csv"
    path.write_text(
        "number,title_zh,publish_date,ics\n"
        "GB/T 41111-2025,目录导入样例甲,2025-05-01,13.020.40\n"
        "GB/T 41112-2025,目录导入样例乙,2025-13-01,13.020.40\n"
        ",没有标准号的行,2025-05-01,\n", encoding="utf-8")
    login(page, url)
    page.get_by_role("tab", name="导入题录").click()
    page.locator("input[type=file]").nth(1).set_input_files(str(path))
    page.get_by_role("button", name="导入题录为草稿").click()
    expect(page.get_by_text("逐行报告：1 行成功，2 行失败")).to_be_visible()
    expect(page.get_by_text(re.compile(r"catalogue\.csv:3 — .*2025-13-01"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"catalogue\.csv:4 — "))).to_be_visible()
    with Store(db) as store:
        ids = store.resolve("GB/T 41111-2025", public=False)
        assert ids and not store.is_public(ids[0])  # stored as a draft for review
        assert not store.resolve("GB/T 41112-2025", public=False)


def test_upload_is_typed_by_content_and_the_name_sanitised(server, page, tmp_path):
    url, _ids, db = server
    fake = tmp_path / "<b>report<i>[x](y).pdf"
    fake.write_bytes(bytes(range(256)) * 64)  # binary noise with a PDF name
    login(page, url)
    upload(page, fake)
    expect(page.get_by_text("添加 0 个，新版本 0 个，未变化 0 个，失败 1 个")).to_be_visible()
    error = page.locator("[data-testid=stAlertContentError]").first
    expect(error).to_be_visible()
    assert "<b>" not in error.inner_text() and "report" in error.inner_text()
    with Store(db) as store:
        assert not store.query("SELECT id FROM documents WHERE source_name LIKE '%report%'")


def test_reference_graph_draws_offline(server, page):
    url, ids, _db = server
    page.goto(f"{url}/graph?doc={ids['energy']}")
    frame = page.frame_locator("iframe").first
    expect(frame.locator("canvas").first).to_be_visible()  # vis-network, served by the app itself
    page.get_by_text("引用文件").click()
    expect(page.get_by_role("link", name="GB/T 32150-2015 工业企业温室气体排放核算和报告通则")).to_be_visible()
    expect(page.get_by_text("GB/T 2589-2008 综合能耗计算通则")).to_be_visible()  # the edition it replaces


def test_export_search_results_to_excel(server, page, tmp_path):
    from openpyxl import load_workbook

    url, _ids, _db = server
    search(page, url, "综合能耗")
    expect(page.get_by_role("link", name="GB/T 2589-2020 › 1 范围")).to_be_visible()
    page.get_by_text("导出本页结果").first.click()  # open the expander
    with page.expect_download() as info:
        page.get_by_role("button", name="⬇ Excel").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.suffix == ".xlsx"
    ws = load_workbook(path).active
    numbers = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    assert "GB/T 2589-2020" in numbers and "DB51/T 3999-2025" not in numbers
