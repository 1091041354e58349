"""The supervisor's dashboard as data (issue 18 item 2, no Qt): the charts of the last
report figures (:mod:`homevisit.reports.figures`), each bar with the numbers as text for
its table and a :class:`Drill` that says which records lie behind it.

The numbers are the server's, for the whole scope; the records behind a bar are looked up
on this laptop (:func:`held_records`), which may no longer hold some of them (approved
visits are purged after the policy's days): the dashboard says how many.

Levels are shown beside the levels the scoring suggested, as information: nothing here is
a cap, a target or a quota (禁止下达资助指标).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from homevisit.errors import HomevisitError
from homevisit.helpdesk.summary import OUTCOME_WORDS
from homevisit.i18n import Text
from homevisit.protocol.reports import MODE_UNRECORDED, ReportFigures
from homevisit.protocol.vocabulary import FlagStatus, VisitStatus
from homevisit.visits.codelists import CodeList, load_codelist

UNDECIDED = frozenset({FlagStatus.OPEN.value, FlagStatus.EXPLAINED.value})
PAST_DRAFT = frozenset(s.value for s in VisitStatus if s is not VisitStatus.DRAFT)
NO_LEVEL = ""


class Unit(StrEnum):
    """What a bar counts."""

    HOUSEHOLDS = "households"
    VISITS = "visits"
    FLAGS = "flags"


@dataclass(frozen=True, slots=True)
class Drill:
    """The records behind one bar: every part is optional (None = any). ``expected`` is
    the server's number; ``what`` names the bar for the review queue's banner."""

    what: Text
    unit: Unit
    expected: int
    statuses: frozenset[str] = PAST_DRAFT
    township: str | None = None
    school: str | None = None
    flag_statuses: frozenset[str] | None = None
    flag_category: str | None = None
    suggested_level: str | None = None
    recommended_level: str | None = None
    mode: str | None = None
    returns: int | None = None
    policy: str | None = None


@dataclass(frozen=True, slots=True)
class Series:
    """One coloured set of bars: a value and (when clickable) a drill per category."""

    name: Text
    values: tuple[int, ...]
    drills: tuple[Drill | None, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    key: str
    title: Text
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    note: Text | None = None  # e.g. that levels are information, not a quota
    extra_columns: tuple[Text, ...] = ()  # table-only columns (help desks: outcomes …)
    extra_cells: tuple[tuple[str, ...], ...] = ()

    def is_empty(self) -> bool:
        return not self.categories or not any(any(s.values) for s in self.series)


@dataclass(frozen=True, slots=True)
class Dashboard:
    charts: tuple[Chart, ...] = field(default_factory=tuple)
    headline: tuple[tuple[Text, int], ...] = ()

    def chart(self, key: str) -> Chart:
        return next(c for c in self.charts if c.key == key)


def _labels(name: str, lang: str) -> Callable[[str], str]:
    try:
        codes: CodeList | None = load_codelist(name)
    except HomevisitError:  # a missing or broken list only loses the labels: codes show
        codes = None

    def label(code: str) -> str:
        return codes.label(code).in_language(lang) if codes is not None and code in codes else code

    return label


STATUS_NAMES = {
    "finalized": Text("已定稿", "Finalized"), "submitted": Text("待审核", "To review"),
    "approved": Text("已通过", "Approved"), "returned": Text("已退回", "Returned"),
    "revised": Text("已修改", "Revised"),
}
FLAG_GROUPS = (
    (Text("待决定", "Undecided"), UNDECIDED),
    (Text("已确认", "Confirmed"), frozenset({FlagStatus.CONFIRMED.value})),
    (Text("已排除", "Dismissed"), frozenset({FlagStatus.DISMISSED.value})),
)
FLAG_CATEGORIES = {"public_employee": Text("财政供养人员", "Public-finance staff"),
                   "corporate_officer": Text("企业法人/高管", "Corporate officer")}


def _coverage(f: ReportFigures, key: str, by: str, lang: str) -> Chart:
    """Households assigned, visited, approved and overdue per township or school."""
    totals: dict[str, list[int]] = {}
    for row in f.coverage:
        group = row.township if by == "township" else row.school
        counts = totals.setdefault(group, [0, 0, 0, 0])
        for i, n in enumerate((row.assigned, row.visited, row.approved, row.overdue)):
            counts[i] += n
    groups = sorted(totals)
    if by == "township":
        names = [f.region_names.get(g, g) or Text("未知", "unknown").in_language(lang)
                 for g in groups]
    else:
        names = [g or Text("无学校记录", "no school on record").in_language(lang) for g in groups]
    kinds = (
        (Text("已分配", "Assigned"), None),
        (Text("已家访", "Visited"), PAST_DRAFT),
        (Text("已通过", "Approved"), frozenset({VisitStatus.APPROVED.value})),
        (Text("逾期未访", "Overdue"), None),
    )
    series = []
    for i, (name, statuses) in enumerate(kinds):
        values = tuple(totals[g][i] for g in groups)
        drills = tuple(
            None if statuses is None else Drill(
                what=Text(f"{label} · {name.zh}", f"{label} · {name.en}"),
                unit=Unit.HOUSEHOLDS, expected=n, statuses=statuses & PAST_DRAFT,
                township=g if by == "township" else None,
                school=g if by == "school" else None)
            for g, label, n in zip(groups, names, values, strict=True))
        series.append(Series(name, values, drills))
    title = (Text("家访覆盖（按乡镇，户）", "Visit coverage by township (households)")
             if by == "township" else
             Text("家访覆盖（按学校，户）", "Visit coverage by school (households)"))
    note = Text("点击“已家访”“已通过”的柱子可列出本机保存的家访记录。逾期未访：已过完成期限"
                "仍无定稿家访的户。",
                "Click a Visited or Approved bar to list the visits this laptop holds. "
                "Overdue: households past their due date with no finalized visit.")
    return Chart(key, title, tuple(names), tuple(series), note=note)


def _statuses(f: ReportFigures, lang: str) -> Chart:
    counts: dict[str, int] = {}
    for row in f.visit_statuses:
        counts[row.status] = counts.get(row.status, 0) + row.count
    codes = [c for c in STATUS_NAMES if c in counts]
    names = [STATUS_NAMES[c].in_language(lang) for c in codes]
    values = tuple(counts[c] for c in codes)
    drills = tuple(Drill(what=STATUS_NAMES[c], unit=Unit.VISITS, expected=n,
                         statuses=frozenset({c})) for c, n in zip(codes, values, strict=True))
    return Chart("statuses", Text("家访记录状态（条）", "Visits by status"), tuple(names),
                 (Series(Text("家访", "Visits"), values, drills),))


def _flags(f: ReportFigures, lang: str) -> Chart:
    groups = [name.in_language(lang) for name, _ in FLAG_GROUPS]
    series = []
    for category, label in FLAG_CATEGORIES.items():
        values = tuple(sum(r.count for r in f.flags if r.category == category
                           and r.status in statuses) for _, statuses in FLAG_GROUPS)
        drills = tuple(Drill(what=Text(f"{label.zh} · {name.zh}", f"{label.en} · {name.en}"),
                             unit=Unit.FLAGS, expected=n, flag_statuses=statuses,
                             flag_category=category)
                       for (name, statuses), n in zip(FLAG_GROUPS, values, strict=True))
        series.append(Series(label, values, drills))
    return Chart("flags", Text("核查提示（条）", "Flags"), tuple(groups), tuple(series),
                 note=Text("核查提示不是结论：待决定的提示由督导确认或排除。",
                           "A flag is never a verdict: a supervisor confirms or dismisses "
                           "the undecided ones."))


def _levels(f: ReportFigures, lang: str) -> Chart:
    label = _labels("levels", lang)
    levels = ("especially_difficult", "difficult", "generally_difficult", "not_recognised")
    seen = {r.suggested or NO_LEVEL for r in f.levels} | {r.recommended or NO_LEVEL
                                                          for r in f.levels}
    codes = [*levels, *sorted(seen - set(levels) - {NO_LEVEL})]
    if NO_LEVEL in seen:
        codes.append(NO_LEVEL)
    names = [label(c) if c else Text("未填", "none").in_language(lang) for c in codes]
    suggested = tuple(sum(r.count for r in f.levels if (r.suggested or NO_LEVEL) == c)
                      for c in codes)
    recommended = tuple(sum(r.count for r in f.levels if (r.recommended or NO_LEVEL) == c)
                        for c in codes)

    def drills(suggested: bool, values: tuple[int, ...], what: Text
               ) -> tuple[Drill | None, ...]:
        return tuple(None if not c else Drill(
            what=Text(f"{what.zh} · {n}", f"{what.en} · {n}"), unit=Unit.VISITS, expected=v,
            suggested_level=c if suggested else None,
            recommended_level=None if suggested else c)
            for c, n, v in zip(codes, names, values, strict=True))

    scored, chosen = Text("评分建议", "Suggested by score"), Text("辅导员推荐", "Recommended")
    return Chart("levels", Text("认定档次：推荐与评分建议（条）",
                                "Levels recommended beside the suggested levels"),
                 tuple(names), (Series(scored, suggested, drills(True, suggested,
                                                                 scored)),
                                Series(chosen, recommended, drills(False,
                                                                   recommended, chosen))),
                 note=Text("仅供参考：不设名额，不限制任何档次的户数。",
                           "For information only: no quota, nothing caps how many families "
                           "get a level."))


def _counts(key: str, title: Text, series_name: Text, rows: list[tuple[str, str, int]],
            drill: Callable[[str, Text, int], Drill]) -> Chart:
    """One series of visit counts, a bar per code (``drill`` makes the bar's drill)."""
    values = tuple(n for _c, _l, n in rows)
    drills = tuple(drill(code, Text(f"{title.zh} · {label}", f"{title.en} · {label}"), n)
                   for code, label, n in rows)
    return Chart(key, title, tuple(label for _c, label, _n in rows),
                 (Series(series_name, values, drills),))


def _modes(f: ReportFigures, lang: str) -> Chart:
    label = _labels("visit-modes", lang)
    rows = [(m.code, label(m.code) if m.code != MODE_UNRECORDED
             else Text("未记录", "not recorded").in_language(lang), m.count) for m in f.modes]
    return _counts("modes", Text("家访方式", "Visit modes"), Text("家访", "Visits"), rows,
                   lambda code, what, n: Drill(what, Unit.VISITS, n, mode=code))


def _rounds(f: ReportFigures, lang: str) -> Chart:
    rows = [(str(r.returns), Text(f"退回 {r.returns} 次", f"returned {r.returns}×")
             .in_language(lang), r.count) for r in f.rounds]
    return _counts("rounds", Text("退回轮次", "Rounds of return"), Text("家访", "Visits"),
                   rows, lambda code, what, n: Drill(what, Unit.VISITS, n, returns=int(code)))


def _policies(f: ReportFigures, lang: str) -> Chart:
    label = _labels("policies", lang)
    rows = [(p.code, label(p.code), p.count) for p in f.policies]
    chart = _counts("policies", Text("已宣讲的资助政策", "Policies explained"),
                    Text("家访", "Visits"), rows,
                    lambda code, what, n: Drill(what, Unit.VISITS, n, policy=code))
    return replace(chart, note=Text(
        f"{f.visits_with_policies} 条家访记录了至少一项政策宣讲。",
        f"{f.visits_with_policies} visits record at least one policy explained."))


def _helpdesk(f: ReportFigures, lang: str) -> Chart:
    names = tuple(f"{d.site} {d.day:%m-%d}" for d in f.helpdesk)
    cases = tuple(d.cases for d in f.helpdesk)
    def outcome(code: str) -> str:
        return OUTCOME_WORDS.get(code, Text(code, code)).in_language(lang)

    cells = tuple(("，".join(f"{outcome(k)} {v}" for k, v in d.outcomes.items()),
                   "" if d.minutes_per_case is None else f"{d.minutes_per_case:g}")
                  for d in f.helpdesk)
    return Chart("helpdesk", Text("助学贷款办理点（每点每日）", "Help desks per desk and day"),
                 names, (Series(Text("接待人数", "Cases"), cases, (None,) * len(cases)),),
                 extra_columns=(Text("结果", "Outcomes"), Text("平均分钟", "Minutes per case")),
                 extra_cells=cells)


def dashboard(f: ReportFigures, lang: str = "zh") -> Dashboard:
    """Every chart of the figures, in the page's order; labels in ``lang`` (zh or en)."""
    t = f.totals
    headline = ((Text("户数", "Households"), t.households),
                (Text("已分配", "Assigned"), t.assigned), (Text("已家访", "Visited"), t.visited),
                (Text("已通过", "Approved"), t.approved), (Text("逾期未访", "Overdue"), t.overdue))
    return Dashboard((
        _coverage(f, "coverage_township", "township", lang),
        _coverage(f, "coverage_school", "school", lang), _statuses(f, lang), _flags(f, lang),
        _levels(f, lang), _modes(f, lang), _rounds(f, lang), _policies(f, lang),
        _helpdesk(f, lang)), headline)
