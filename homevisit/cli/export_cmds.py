"""``homevisit export visits|record``: the supervisor's exports for offices that script their
reporting. The passphrase unlocks the profile (``--passphrase-stdin`` reads it from standard
input), which also counts as the re-authentication exports need; each export is audited
before it is written. Nothing printed here is personal data: counts and file names the user
gave.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from homevisit.cli.profile_choice import open_workspace
from homevisit.cli.prompt import Passphrases
from homevisit.errors import HomevisitError
from homevisit.i18n import Text, current_language
from homevisit.model import VisitStatus
from homevisit.review.queue import QUEUED_STATUSES, QueueFilter, QueueSort


class ExportUsageError(HomevisitError):
    code = "export_usage"


BAD_DATE = Text("日期“{value}”无效，请写成 YYYY-MM-DD，例如 2026-09-01。",
                "Invalid date “{value}”: write it as YYYY-MM-DD, e.g. 2026-09-01.")
DATES_REVERSED = Text("起始日期晚于截止日期，请交换 --from 和 --to。",
                      "The --from date is after the --to date; swap them.")


def _t(zh: str, en: str) -> str:
    return en if current_language() == "en" else zh


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(str(BAD_DATE.format(value=value[:40]))) from None


def add_export_commands(groups: Any) -> None:
    """Register ``homevisit export …`` on the CLI's sub-parsers."""
    export = groups.add_parser("export", help=_t("导出家访列表（XLSX）或打印家访记录（PDF）",
                                                 "export the visit list (XLSX) or print a "
                                                 "visit record (PDF)"))
    e = export.add_subparsers(dest="action", required=True)
    v = e.add_parser("visits", help=_t("按筛选条件导出审核列表（记入审计日志）",
                                       "export the review list, filtered (audited)"))
    v.add_argument("out", type=Path, metavar="OUT.xlsx")
    v.add_argument("--status", action="append", metavar=_t("状态", "STATUS"),
                   choices=[s.value for s in QUEUED_STATUSES],
                   help=_t("只导出该状态（可重复）", "only this status (repeatable)"))
    flags = v.add_mutually_exclusive_group()
    flags.add_argument("--undecided-flags", dest="undecided", action="store_const",
                       const=True, help=_t("只导出有待处理核查提示的", "only visits with "
                                           "undecided verification prompts"))
    flags.add_argument("--no-undecided-flags", dest="undecided", action="store_const",
                       const=False, help=_t("只导出没有待处理核查提示的",
                                            "only visits without them"))
    v.add_argument("--township", metavar=_t("区划代码", "CODE"),
                   help=_t("乡镇（区划代码前缀）", "township (region code prefix)"))
    v.add_argument("--school")
    v.add_argument("--counselor")
    v.add_argument("--level", help=_t("建议档次代码", "recommended level code"))
    v.add_argument("--from", dest="visited_from", type=_date, metavar="YYYY-MM-DD")
    v.add_argument("--to", dest="visited_to", type=_date, metavar="YYYY-MM-DD")
    v.add_argument("--search", default="", help=_t("姓名、拼音首字母或身份证号后几位",
                                                   "name, pinyin initials or ID tail"))
    v.add_argument("--sort", choices=[s.value for s in QueueSort], default=QueueSort.NEWEST)
    v.add_argument("--full-ids", action="store_true",
                   help=_t("导出完整身份证号和电话（需服务器策略 export_full_ids 允许您的角色）",
                           "full ID numbers and phones (the server policy export_full_ids "
                           "must allow your role)"))
    r = e.add_parser("record", help=_t("把一次家访的记录打印为 PDF（记入审计日志）",
                                       "print one visit's record as a PDF (audited)"))
    r.add_argument("visit_id", metavar="VISIT_ID")
    r.add_argument("out", type=Path, metavar="OUT.pdf")
    r.add_argument("--version", type=int, metavar="N",
                   help=_t("打印该版本（默认最新定稿版本）", "print this version "
                           "(default: the latest finalized one)"))
    r.add_argument("--full-ids", action="store_true",
                   help=_t("打印完整身份证号和电话", "print full ID numbers and phones"))


def _filter(args: argparse.Namespace) -> QueueFilter:
    if args.visited_from and args.visited_to and args.visited_from > args.visited_to:
        raise ExportUsageError(DATES_REVERSED)
    return QueueFilter(
        statuses=frozenset(VisitStatus(s) for s in args.status) if args.status else None,
        undecided_flags=args.undecided, township=args.township, school=args.school,
        counselor=args.counselor, visited_from=args.visited_from,
        visited_to=args.visited_to, level=args.level, text=args.search)


# The report writers are imported by the commands that use them: their PDF and XLSX
# libraries take most of a second to load, which every other command would pay.


def export_visits_cmd(args: argparse.Namespace, secrets: Passphrases) -> int:
    from homevisit.reports.visit_export import export_visits

    chosen = _filter(args)
    with open_workspace(args, secrets) as ws:
        # The passphrase that just unlocked the profile is the re-authentication.
        count = export_visits(ws, args.out, chosen, QueueSort(args.sort),
                              full_ids=args.full_ids)
    print(_t(f"已导出 {count} 次家访到 {args.out}（已记入审计日志）。",
             f"Exported {count} visits to {args.out} (audited)."))
    return 0


def export_record_cmd(args: argparse.Namespace, secrets: Passphrases) -> int:
    from homevisit.reports.visit_record import write_visit_record

    with open_workspace(args, secrets) as ws:
        write_visit_record(ws, args.visit_id, args.out, version=args.version,
                           full_ids=args.full_ids)
    print(_t(f"家访记录已保存到 {args.out}（已记入审计日志）。",
             f"Visit record saved to {args.out} (audited)."))
    return 0


EXPORT_COMMANDS = {
    ("export", "visits"): export_visits_cmd,
    ("export", "record"): export_record_cmd,
}
