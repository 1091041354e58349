"""XLSX exports (issue 18, item 3): the review list read back matches the store, numbers are
masked unless policy and re-authentication allow full ones, formula-looking text stays
text, each export is audited before it is written, nothing plaintext is left behind."""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from homevisit import exports
from homevisit.errors import FullIdsNotAllowed, ReauthRequired
from homevisit.ids import mask_id, mask_phone
from homevisit.model import AuditEvent, VisitStatus
from homevisit.reports.visit_columns import COLUMNS
from homevisit.reports.visit_export import export_visits
from homevisit.reports.xlsx import FORMULA_START, sheet_title, spool_path, write_table_xlsx
from homevisit.review.queue import QueueFilter, QueueSort, queue_ids, queue_rows
from tests.reports.conftest import PASSPHRASE, signature_png
from tests.reports.seed_record import (
    FATHER_ID,
    HOSTILE,
    PHONE,
    make_supervisor,
    seed_printable,
)
from tests.review.seed import seed_queue

HEAD = [t.zh for t, _w in COLUMNS]


def _read(path: Path) -> tuple[str, list[str], list[list[openpyxl.cell.Cell]]]:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows())
    return sheet.title, [c.value for c in rows[0]], rows[1:]


def _exports(workspace) -> list[dict]:
    return workspace.store.run(lambda s: [
        e.detail for e in s.scalars(select(AuditEvent)) if e.action == "export"])


def _col(name: str) -> int:
    return HEAD.index(name)


def test_the_xlsx_read_back_matches_the_store_masked(workspace, tmp_path):
    make_supervisor(workspace)
    seeded = seed_queue(workspace.store, 30)
    printed = seed_printable(workspace, signature_png(), index=31)
    out = tmp_path / "家访.xlsx"
    assert export_visits(workspace, out, lang="zh") == 31
    title, head, rows = _read(out)
    assert title == "家访记录" and head == HEAD
    ids = workspace.store.run(lambda s: queue_ids(s, QueueFilter(), QueueSort.NEWEST))
    expected = workspace.store.run(lambda s: queue_rows(s, ids))
    assert [r[0].value for r in rows] == ids  # the queue's order
    for row, want in zip(rows, expected, strict=True):
        assert row[_col("学生")].value == want.student
        assert row[_col("学校")].value == want.school
        assert row[_col("地址")].value == want.address
        assert row[_col("家访人")].value == want.counselor
        assert row[_col("版本")].value == want.version
        assert row[_col("得分")].value == want.score
        assert row[_col("待处理核查提示")].value == want.undecided_flags
        assert row[_col("家访日期")].value.date() == want.visited_on
    numbers = {s.student: s.student_id_number for s in seeded}
    numbers[printed.student] = printed.student_id_number
    for row in rows:
        number = numbers[row[_col("学生")].value]
        assert row[_col("学生身份证号")].value == mask_id(number)
    text = out.read_bytes()
    for secret in [*numbers.values(), FATHER_ID, PHONE]:
        assert secret.encode() not in text
    mine = next(r for r in rows if r[0].value == printed.visit_id)
    assert mine[_col("监护人电话")].value == mask_phone(PHONE)
    # The answer that looks like a formula is text: same value, string cell.
    observed = mine[_col("家访观察")]
    assert observed.value == HOSTILE and observed.data_type == "s"
    assert _exports(workspace) == [{"phase": "started", "kind": "visit_list", "rows": 31,
                                    "full_ids": False}]
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == ["家访.xlsx"]


def test_the_current_filters_pick_the_rows(workspace, tmp_path):
    make_supervisor(workspace)
    seed_queue(workspace.store, 20)
    chosen = QueueFilter(statuses=frozenset({VisitStatus.APPROVED}))
    out = tmp_path / "approved.xlsx"
    count = export_visits(workspace, out, chosen, QueueSort.SCORE, lang="en")
    title, head, rows = _read(out)
    assert title == "Visits" and head[1] == "Student"
    assert count == len(rows) == 4
    assert {r[_col("状态")].value for r in rows} == {"Approved"}
    scores = [r[_col("得分")].value for r in rows]
    assert scores == sorted(scores, reverse=True)


def test_full_numbers_need_the_policy_and_the_passphrase(workspace, tmp_path):
    make_supervisor(workspace)  # policy default: nobody
    printed = seed_printable(workspace, signature_png())
    out = tmp_path / "full.xlsx"
    with pytest.raises(FullIdsNotAllowed) as refused:
        export_visits(workspace, out, full_ids=True)
    assert "export_full_ids" in refused.value.text.zh and "export_full_ids" in refused.value.text.en
    assert not out.exists() and _exports(workspace) == []
    make_supervisor(workspace, full_ids_roles=["supervisor"])
    workspace.reauth.forget()
    with pytest.raises(ReauthRequired):
        export_visits(workspace, out, full_ids=True)
    assert not out.exists()
    export_visits(workspace, out, full_ids=True, passphrase=PASSPHRASE, lang="zh")
    _title, _head, rows = _read(out)
    assert rows[0][_col("学生身份证号")].value == printed.student_id_number
    assert rows[0][_col("监护人电话")].value == PHONE
    assert _exports(workspace)[-1]["full_ids"] is True


def test_another_role_in_the_policy_does_not_open_full_numbers(workspace, tmp_path):
    make_supervisor(workspace, full_ids_roles=["admin"])
    seed_printable(workspace, signature_png())
    with pytest.raises(FullIdsNotAllowed):
        export_visits(workspace, tmp_path / "x.xlsx", full_ids=True, passphrase=PASSPHRASE)


def test_no_plaintext_spool_in_the_system_temp_folder(workspace, tmp_path):
    make_supervisor(workspace)
    seed_queue(workspace.store, 5)
    before = set(Path(tempfile.gettempdir()).glob("openpyxl.*"))
    export_visits(workspace, tmp_path / "x.xlsx")
    assert set(Path(tempfile.gettempdir()).glob("openpyxl.*")) == before


def test_an_interrupted_export_is_swept_with_its_sheet_spool(workspace, tmp_path):
    out = tmp_path / "x.xlsx"
    temp = exports.temp_name(out)
    workspace.store.run(lambda s: exports.begin(s, actor="t", entity="visit", entity_id=None,
                                                temp=temp))
    temp.write_bytes(b"PK")
    spool_path(temp).write_text("<row>张小明</row>", encoding="utf-8")
    assert workspace.store.run(lambda s: exports.sweep_abandoned(s, actor="t")) == 1
    assert not temp.exists() and not spool_path(temp).exists()


def test_every_formula_start_is_written_as_text(tmp_path):
    values = [f"{start}SUM(A1:A2)" for start in FORMULA_START] + [
        '=HYPERLINK("http://x","y")', "=1+1", "普通文字"]
    out = tmp_path / "t.xlsx"
    write_table_xlsx([values], [f"列{i}" for i in range(len(values))], "表", out)
    _title, _head, rows = _read(out)
    for cell, value in zip(rows[0], values, strict=True):
        assert cell.value == value and cell.data_type == "s"


def test_hostile_values_become_cells_excel_opens(tmp_path):
    row = ["名\x00字", "\ud800", "x" * 40_000, math.nan, math.inf, -1.5, 7, True,
           dt.date(2026, 9, 1), None]
    out = tmp_path / "t.xlsx"
    write_table_xlsx([row], [str(i) for i in range(len(row))], "a[b]:c*d?e/f\\g'h" * 3, out)
    title, _head, rows = _read(out)
    values = [c.value for c in rows[0]]
    assert values[0] == "名\ufffd字" and values[1] == "\ufffd"
    assert len(values[2]) == 32_767
    assert values[3] is None and values[4] is None and values[5:8] == [-1.5, 7, True]
    assert values[8].date() == dt.date(2026, 9, 1)
    assert len(title) <= 31 and not set("[]:*?/\\'") & set(title)
    assert sheet_title("") == "Sheet"


def test_any_table_exports_audited_with_chinese_names(workspace, tmp_path):
    from homevisit.reports.table_export import export_table

    out = tmp_path / "dashboard.xlsx"
    rows = ([f"32032110{i}", i * 3, 0.25 * i] for i in range(1, 4))  # a generator: streamed
    assert export_table(workspace, rows, ["乡镇", "家访户数", "占比"], "各乡镇家访", out,
                        kind="dashboard_townships") == 3
    title, head, data = _read(out)
    assert title == "各乡镇家访" and head == ["乡镇", "家访户数", "占比"]
    assert [[c.value for c in r] for r in data] == [
        ["320321101", 3, 0.25], ["320321102", 6, 0.5], ["320321103", 9, 0.75]]
    assert {"phase": "started", "kind": "dashboard_townships"} in _exports(workspace)
    workspace.reauth.forget()
    with pytest.raises(ReauthRequired):
        export_table(workspace, [], ["a"], "b", tmp_path / "x.xlsx", kind="k")
