"""Verification flags raised on the device from visit answers (DESIGN §3, source b).

A flag is never a verdict: it tells the counselor which follow-up question to ask, offline,
during the visit. Rules look at parents in the member roster: employer type, position, the
registration-authority character of the employer's credit code, employer-name patterns and
occupation. There is one finding per family member and category (DESIGN §3): one fact such as
"father is a civil servant" often fires several rules, and the family is asked once. The
finding lists every rule that fired as its evidence, names the member by relation (父亲) and
asks a question suited to the parent's situation (deceased, retired, non-custodial or
working). Findings carry no other personal data: no names, no ID numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from homevisit.i18n import Text
from homevisit.ids import check_credit_code
from homevisit.protocol.vocabulary import DECIDED_FLAGS, FlagCategory, FlagSource, FlagStatus
from homevisit.visits.codelists import codelist_tags, load_codelist

MEMBERS = "members.people"
MEMBER_ID = "_id"

DECIDED = DECIDED_FLAGS
# Which of several stored flags of one person and category carries on (decided > explained).
STATUS_RANK = {FlagStatus.OPEN: 0, FlagStatus.EXPLAINED: 1, FlagStatus.CONFIRMED: 2,
               FlagStatus.DISMISSED: 2}


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One rule that fired for a member: its id, the answer (field id and value) and why."""

    rule_id: str
    field: str  # full answer path, e.g. members.people.1.employer_type
    value: str
    evidence: Text

    def as_record(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "trigger_field": self.field,
                "trigger_value": self.value,
                "evidence": {"zh": self.evidence.zh, "en": self.evidence.en}}

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> RuleHit:
        return cls(str(record["rule_id"]), str(record["trigger_field"]),
                   str(record["trigger_value"]),
                   Text(record["evidence"]["zh"], record["evidence"]["en"]))

    @property
    def fact(self) -> tuple[str, str, str]:
        """What was found, independent of where the member sits in the roster."""
        return (self.rule_id, self.field.rsplit(".", 1)[-1], self.value)


@dataclass(frozen=True, slots=True)
class FlagFinding:
    rule_id: str
    category: FlagCategory
    member_index: int
    member_id: str | None
    trigger_field: str  # full answer path, e.g. members.people.1.employer_type
    trigger_value: str
    evidence: Text
    question: Text
    status: FlagStatus = FlagStatus.OPEN
    source: FlagSource = FlagSource.DEVICE
    # Every rule that fired for this member and category (the first is rule_id's).
    rules: tuple[RuleHit, ...] = ()

    def as_record(self) -> dict[str, Any]:
        """A JSON-ready dict for the store and the sync protocol."""
        return {
            "rules": [hit.as_record() for hit in self.evidence_rules],
            "rule_id": self.rule_id,
            "category": self.category.value,
            "member_index": self.member_index,
            "member_id": self.member_id,
            "trigger_field": self.trigger_field,
            "trigger_value": self.trigger_value,
            "evidence": {"zh": self.evidence.zh, "en": self.evidence.en},
            "question": {"zh": self.question.zh, "en": self.question.en},
            "status": self.status.value,
            "source": self.source.value,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> FlagFinding:
        """The inverse of :meth:`as_record` (e.g. previous flags read back from the store)."""
        return cls(
            rule_id=str(record["rule_id"]),
            category=FlagCategory(record["category"]),
            member_index=int(record["member_index"]),
            member_id=record.get("member_id"),
            trigger_field=str(record["trigger_field"]),
            trigger_value=str(record["trigger_value"]),
            evidence=Text(record["evidence"]["zh"], record["evidence"]["en"]),
            question=Text(record["question"]["zh"], record["question"]["en"]),
            status=FlagStatus(record.get("status", FlagStatus.OPEN)),
            source=FlagSource(record.get("source", FlagSource.DEVICE)),
            rules=tuple(RuleHit.from_record(r) for r in record.get("rules") or ()
                        if isinstance(r, Mapping)),
        )

    @property
    def evidence_rules(self) -> tuple[RuleHit, ...]:
        """The rules that fired (a flag stored before flags were per person has one)."""
        return self.rules or (RuleHit(self.rule_id, self.trigger_field, self.trigger_value,
                                      self.evidence),)

    @property
    def person(self) -> str:
        return person_key(self.member_id, self.member_index)

    @property
    def key(self) -> tuple[str, str]:
        """Same member, same category: the same flag across re-evaluations."""
        return (self.category.value, self.person)

    @property
    def facts(self) -> frozenset[tuple[str, str, str]]:
        return frozenset(hit.fact for hit in self.evidence_rules)


def person_key(member_id: str | None, member_index: int) -> str:
    """A member by their record id, or by roster position for one added during the visit."""
    return member_id or f"#{member_index}"


# --- suggested questions by the parent's situation --------------------------------------

_QUESTIONS: Mapping[tuple[str, FlagCategory], Text] = {
    ("deceased", FlagCategory.PUBLIC_EMPLOYEE): Text(
        "该家长已故：请确认去世时间，询问家庭是否领取原单位发放的抚恤金或遗属生活补助及其数额，并查看相关证明。",
        "This parent has died: confirm when, ask whether the family receives a survivor's "
        "pension or allowance from the former employer and how much, and see the documents.",
    ),
    ("deceased", FlagCategory.CORPORATE_OFFICER): Text(
        "该家长已故：请询问其生前任职企业是否仍在经营、家庭是否继承股权或从企业获得收入，并查看相关证明。",
        "This parent has died: ask whether the company is still operating and whether the "
        "family inherited shares or receives income from it, and see the documents.",
    ),
    ("retired", FlagCategory.PUBLIC_EMPLOYEE): Text(
        "该家长已退休：请询问退休前单位、退休金是否由财政发放及每月数额，并查看退休证或养老金发放记录。",
        "This parent is retired: ask about the former employer, whether the pension is paid "
        "from public finance and its monthly amount, and see the retirement certificate.",
    ),
    ("retired", FlagCategory.CORPORATE_OFFICER): Text(
        "该家长已退休：请询问是否仍在企业担任法定代表人、董事、监事或高管，企业是否仍在经营。",
        "This parent is retired: ask whether they still hold a legal-representative, "
        "director, supervisor or executive post and whether the company still operates.",
    ),
    ("non_custodial", FlagCategory.PUBLIC_EMPLOYEE): Text(
        "该家长不与学生共同生活：请询问其是否按时支付抚养费及每月数额，并查看离婚协议或判决中的抚养安排。",
        "This parent does not live with the student: ask whether they pay child support and "
        "how much each month, and see the custody terms of the divorce agreement or ruling.",
    ),
    ("non_custodial", FlagCategory.CORPORATE_OFFICER): Text(
        "该家长不与学生共同生活：请询问其是否支付抚养费及数额、企业经营状况，并查看离婚协议或判决中的抚养安排。",
        "This parent does not live with the student: ask about child support and the "
        "company's state, and see the custody terms of the divorce agreement or ruling.",
    ),
    ("working", FlagCategory.PUBLIC_EMPLOYEE): Text(
        "请询问该家长的工作单位、岗位、编制性质及每月收入，确认是否属于财政供养人员。",
        "Ask about this parent's employer, post, establishment status and monthly income "
        "to establish whether they are paid from public finance.",
    ),
    ("working", FlagCategory.CORPORATE_OFFICER): Text(
        "请询问该家长在企业中的职务、持股情况和企业经营状况（是否已注销、停业），并查看营业执照或注销证明。",
        "Ask about this parent's role and shareholding in the company and how it is doing "
        "(deregistered, dormant?), and see the business licence or deregistration record.",
    ),
}


def _situation(member: Mapping[str, Any]) -> str:
    if member.get("life_status") == "deceased":
        return "deceased"
    if member.get("occupation") == "retired":
        return "retired"
    if member.get("custody") == "non_custodial":
        return "non_custodial"
    return "working"


# --- rules -------------------------------------------------------------------------------

# Public bodies by name (机关、事业单位); a registered company name is excluded because, e.g.,
# a private "…医院有限公司" is not publicly funded.
_PUBLIC_NAME = re.compile(
    r"人民政府|委员会|党委|人大|政协|人民法院|检察院|街道办事处|公安|派出所|税务|财政局|"
    r"[^驾]校$|学校|小学|中学|大学|学院|幼儿园|医院|卫生院|疾病预防控制中心|[局厅委办]$"
)
_COMPANY_NAME = re.compile(r"有限公司|有限责任公司|股份|合伙|个体|店$|厂$")


@dataclass(frozen=True, slots=True)
class _Hit:
    rule_id: str
    category: FlagCategory
    field: str
    value: str
    evidence: Text


def _label(codelist: str, code: str) -> Text:
    return load_codelist(codelist).label(code)


def _hits(member: Mapping[str, Any]) -> Iterable[_Hit]:
    employer_type = member.get("employer_type")
    if isinstance(employer_type, str) and employer_type in codelist_tags(
        "employer-types", "public_finance"
    ):
        label = _label("employer-types", employer_type)
        yield _Hit(
            "flag.employer_type.public_finance",
            FlagCategory.PUBLIC_EMPLOYEE,
            "employer_type",
            employer_type,
            Text(
                f"单位类型为“{label.zh}”，属财政供养范围。",
                f"Employer type “{label.en}” is paid from public finance.",
            ),
        )
    occupation = member.get("occupation")
    if occupation in ("civil_servant", "public_institution_staff"):
        label = _label("occupations", occupation)
        yield _Hit(
            "flag.occupation.public_post",
            FlagCategory.PUBLIC_EMPLOYEE,
            "occupation",
            occupation,
            Text(f"职业为“{label.zh}”。", f"Occupation is “{label.en}”."),
        )
    position = member.get("position")
    if isinstance(position, str) and position in codelist_tags("positions", "corporate_officer"):
        label = _label("positions", position)
        yield _Hit(
            "flag.position.corporate_officer",
            FlagCategory.CORPORATE_OFFICER,
            "position",
            position,
            Text(f"职务为“{label.zh}”。", f"Position is “{label.en}”."),
        )
    code = member.get("employer_credit_code")
    if isinstance(code, str) and check_credit_code(code).registration_authority == "1":
        yield _Hit(
            "flag.credit_code.public_body",
            FlagCategory.PUBLIC_EMPLOYEE,
            "employer_credit_code",
            check_credit_code(code).code,
            Text(
                "单位统一社会信用代码首位为 1（机构编制部门登记的机关或事业单位）。",
                "The employer's credit code starts with 1 (a body registered by the "
                "public-sector establishment office).",
            ),
        )
    name = member.get("employer")
    if isinstance(name, str) and not _COMPANY_NAME.search(name.strip()):
        match = _PUBLIC_NAME.search(name.strip())
        if match:
            keyword = match.group(0)
            yield _Hit(
                "flag.employer_name.public_body",
                FlagCategory.PUBLIC_EMPLOYEE,
                "employer",
                name.strip(),
                Text(
                    f"单位名称含“{keyword}”，可能是机关或事业单位。",
                    f"The employer's name contains “{keyword}”: possibly a public body.",
                ),
            )


def find_flags(answers: Mapping[str, Any], *, roster: str = MEMBERS) -> list[FlagFinding]:
    """Open findings for the parents in ``answers`` (the visit's submitted answers)."""
    step, _, field = roster.partition(".")
    members = answers.get(step, {})
    members = members.get(field, []) if isinstance(members, Mapping) else []
    parents = codelist_tags("relations", "parent")
    findings = []
    for index, member in enumerate(members if isinstance(members, list) else []):
        if not isinstance(member, Mapping) or member.get("relation") not in parents:
            continue
        member_id = member.get(MEMBER_ID) if isinstance(member.get(MEMBER_ID), str) else None
        situation = _situation(member)
        who = _label("relations", str(member.get("relation")))
        by_category: dict[FlagCategory, list[RuleHit]] = {}
        for hit in _hits(member):
            by_category.setdefault(hit.category, []).append(
                RuleHit(hit.rule_id, f"{roster}.{index}.{hit.field}", hit.value, hit.evidence))
        for category, hits in by_category.items():
            question = _QUESTIONS[(situation, category)]
            findings.append(
                FlagFinding(
                    hits[0].rule_id,
                    category,
                    index,
                    member_id,
                    hits[0].field,
                    hits[0].value,
                    Text(f"{who.zh}：" + "".join(h.evidence.zh for h in hits),
                         f"{who.en}: " + " ".join(h.evidence.en for h in hits)),
                    Text(f"关于{who.zh}：{question.zh}", f"About the {who.en.lower()}: "
                         f"{question.en}"),
                    rules=tuple(hits),
                )
            )
    return findings


def evaluate_flags(
    answers: Mapping[str, Any], previous_flags: Sequence[FlagFinding] = ()
) -> list[FlagFinding]:
    """Re-run the device rules and merge with what was already recorded (one flag per member
    and category).

    A member's finding keeps the recorded status of that member's flag (e.g. explained: the
    server never takes an explained flag back to open; a new fact shows on the card, where the
    explanation can be amended). A device flag none of whose rules fire any more disappears. A
    supervisor's decision is never lost: a decided flag stays as decided. Flags from the
    server's roster match or from a supervisor pass through untouched.
    """
    previous: dict[tuple[str, str], FlagFinding] = {}
    for flag in previous_flags:  # flags stored one per rule fold into their person's
        if flag.source is not FlagSource.DEVICE:
            continue
        kept = previous.get(flag.key)
        if kept is None or STATUS_RANK[flag.status] > STATUS_RANK[kept.status]:
            previous[flag.key] = flag
    result: list[FlagFinding] = []
    current_keys = set()
    for finding in find_flags(answers):
        current_keys.add(finding.key)
        before = previous.get(finding.key)
        if before is not None and before.status in DECIDED:
            result.append(before)
        elif before is not None:
            result.append(replace(finding, status=before.status))
        else:
            result.append(finding)
    for flag in previous_flags:
        decided_and_gone = (flag.key not in current_keys and flag.status in DECIDED
                            and previous.get(flag.key) is flag)
        if flag.source is not FlagSource.DEVICE or decided_and_gone:
            result.append(flag)
    return result
