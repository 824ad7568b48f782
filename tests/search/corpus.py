"""A small corpus written for the search tests (not copied from any standard), stored through
the real Store: national, group, international, a policy in Traditional script, a catalogue
row without text, and a draft that must stay unsearchable."""

from __future__ import annotations

import hashlib

from parsing.model import Clause, Document, ParsedDocument, Provenance, Record, Term


def _doc(source: str, kind: str = "standard", state: str = "published", media: str = "application/pdf"):
    return Document(source_name=source, content_hash=hashlib.sha256(source.encode()).hexdigest(),
                    media_type=media, kind=kind, provenance=Provenance(source=source), state=state)


def general_accounting() -> ParsedDocument:
    return ParsedDocument(
        kind="standard",
        record=Record(number="GB/T 32150-2015", doc_type="national", nature="推荐",
                      title_zh="工业企业温室气体排放核算和报告通则",
                      title_en="General guideline of greenhouse gas emissions accounting and reporting for industrial enterprises",
                      status="现行", publish_date="2015-11-19", implement_date="2016-06-01",
                      ics=["13.020.40"], ccs=["Z04"], issuers=["国家质量监督检验检疫总局", "国家标准化管理委员会"],
                      technical_committee="全国碳排放管理标准化技术委员会（SAC/TC 548）",
                      scope="本标准规定了工业企业温室气体排放核算与报告的基本原则、工作流程、核算边界、核算步骤与方法。"),
        clauses=[
            Clause(number="1", heading="范围", level=1, kind="chapter",
                   text="本标准规定了工业企业温室气体排放核算与报告的基本原则、工作流程、核算边界、核算步骤与方法、质量保证、报告要求等内容。"),
            Clause(number="3", heading="术语和定义", level=1, kind="chapter", text="下列术语和定义适用于本文件。"),
            Clause(number="3.1", heading="温室气体", level=2, parent="3",
                   text="大气层中自然存在的和由于人类活动产生的能够吸收和散发由地球表面、大气层和云层所产生的、波长在红外光谱内的辐射的气态成分。"),
            Clause(number="3.5", heading="核算边界", level=2, parent="3",
                   text="与报告主体的生产经营活动相关的温室气体排放的范围。"),
            Clause(number="5", heading="核算边界", level=1, kind="chapter", text=""),
            Clause(number="5.2", heading="核算边界的确定", level=2, parent="5",
                   text="报告主体应以企业法人或视同法人的独立核算单位为边界，核算和报告其生产系统产生的温室气体排放。"
                        "生产系统包括主要生产系统、辅助生产系统以及附属生产系统。"),
            Clause(number="6.3", heading="排放因子", level=2, parent="6",
                   text="报告主体宜采用相关标准规定的排放因子缺省值，也可采用实测值。净购入电力的排放因子应采用政府主管部门公布的电网排放因子。"),
        ],
        terms=[
            Term(number="3.1", term_zh="温室气体", term_en="greenhouse gas", clause="3.1",
                 definition="大气层中能够吸收和散发红外辐射的气态成分。"),
            Term(number="3.5", term_zh="核算边界", term_en="accounting boundary", clause="3.5",
                 definition="与报告主体的生产经营活动相关的温室气体排放的范围。"),
        ],
    )


def cement_part() -> ParsedDocument:
    return ParsedDocument(
        kind="standard",
        record=Record(number="GB/T 32151.8-2015", doc_type="national", nature="推荐",
                      title_zh="温室气体排放核算与报告要求 第8部分：水泥生产企业",
                      title_en="Requirements of greenhouse gas emissions accounting and reporting—Part 8: Cement enterprise",
                      status="现行", publish_date="2015-11-19", ics=["13.020.40"], ccs=["Z04"],
                      issuers=["国家标准化管理委员会"], technical_committee="SAC/TC 548",
                      scope="本部分规定了水泥生产企业温室气体排放量的核算和报告。"),
        clauses=[
            Clause(number="1", heading="范围", level=1, kind="chapter",
                   text="本部分规定了水泥生产企业温室气体排放量的核算和报告相关的术语、核算边界、核算步骤与核算方法。"),
            Clause(number="5", heading="核算边界", level=1, kind="chapter",
                   text="报告主体应核算和报告其所有设施和业务产生的温室气体排放，包括熟料煅烧的过程排放和化石燃料燃烧排放。"),
            Clause(number="6.2", heading="原料碳酸盐分解排放", level=2, parent="6",
                   text="水泥熟料生产过程中碳酸盐分解产生的二氧化碳排放按熟料产量和排放因子计算。"),
        ],
        terms=[Term(number="3.2", term_zh="熟料", term_en="clinker", clause="3.2", definition="水泥熟料。")],
    )


def iso_organization() -> ParsedDocument:
    return ParsedDocument(
        kind="standard",
        record=Record(number="ISO 14064-1:2018", doc_type="international", title_en=(
            "Greenhouse gases — Part 1: Specification with guidance at the organization level for quantification "
            "and reporting of greenhouse gas emissions and removals"), status="现行", publish_date="2018-12-01",
            issuers=["ISO"], language="en", ics=["13.020.40"]),
        clauses=[
            Clause(number="5.1", heading="Organizational boundaries", level=2, parent="5",
                   text="The organization shall consolidate its facility-level GHG emissions and removals by "
                        "the control or equity share approach."),
            Clause(number="5.2.2", heading="Direct GHG emissions and removals", level=3, parent="5.2",
                   text="The organization shall quantify direct GHG emissions separately for CO2, CH4 and N2O."),
        ],
    )


def chengdu_policy() -> ParsedDocument:
    return ParsedDocument(
        kind="policy",
        record=Record(number=None, doc_type="policy", title_zh="成都市碳達峰試點城市建設實施方案",
                      status="现行", publish_date="2025-03-01", issuers=["成都市人民政府"]),
        clauses=[
            Clause(number="一", heading="總體要求", level=1, kind="section",
                   text="以減污降碳協同增效為總抓手，推動能源結構綠色低碳轉型。"),
            Clause(number="（二）", heading="推動能源綠色低碳轉型", level=2, kind="section", parent="一",
                   text="大力發展光伏、氫能等清潔能源，到2030年非化石能源消費比重達到50%以上。"),
        ],
    )


def catalogue_row() -> ParsedDocument:
    return ParsedDocument(
        kind="record-only",
        record=Record(number="DB51/T 2987-2022", doc_type="local", title_zh="温室气体排放核算与报告要求 电网企业",
                      status="现行", publish_date="2022-12-01", issuers=["四川省市场监督管理局"],
                      scope="电网企业温室气体排放核算"),
    )


def draft_doc() -> ParsedDocument:
    return ParsedDocument(
        kind="standard",
        record=Record(number="T/CSES 999-2025", doc_type="group", title_zh="草案 钢铁企业碳足迹核算秘密草稿",
                      status="现行"),
        clauses=[Clause(number="1", heading="范围", text="钢铁企业碳足迹秘密草稿条款。")],
    )


def build(store) -> dict[str, int]:
    """Store the corpus; returns doc ids by short name."""
    ids = {}
    for name, parsed, kind, media, state in [
        ("GB-T-32150-2015.pdf", general_accounting(), "standard", "application/pdf", "published"),
        ("GB-T-32151.8-2015.pdf", cement_part(), "standard", "application/pdf", "published"),
        ("ISO-14064-1-2018.txt", iso_organization(), "standard", "text/plain", "published"),
        ("chengdu-pilot-plan.txt", chengdu_policy(), "policy", "text/plain", "published"),
        ("carbon-standards.csv", catalogue_row(), "record-only", "application/x-stdkb-catalogue-row", "published"),
        ("draft.pdf", draft_doc(), "standard", "application/pdf", "draft"),
    ]:
        key = name if kind != "record-only" else f"{name}#row2"
        ids[name] = store.add(_doc(name, kind, state, media), parsed, key).doc_id
    return ids
