"""The one vocabulary of closed protocol states (DESIGN §3, §5).

Each word here is defined once and used unchanged by the wire schemas, the client's store
models, the server's models, the sync rules, the forms and the GUI. Its values are what is
stored on both sides and sent on the wire, so renaming a value needs Alembic migrations in
both trees and a new ``PROTOCOL_VERSION``.

Only closed sets belong here: states the code branches on. Lists an office may extend
(special categories, relations, occupations, document types) stay code lists in
``resources/codelists`` and are plain strings in code.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Who a user is to the server; decides the pages shown and what a pull may contain."""

    COUNSELOR = "counselor"
    VOLUNTEER = "volunteer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class VisitStatus(StrEnum):
    """draft → finalized → submitted → approved | returned → revised → … (DESIGN §3)."""

    DRAFT = "draft"
    FINALIZED = "finalized"  # read-only on the device
    SUBMITTED = "submitted"  # the server has it
    APPROVED = "approved"
    RETURNED = "returned"  # with comments; reopens on the counselor's device
    REVISED = "revised"  # a new finalized version after a return


class VisitMode(StrEnum):
    """How the visit was made (上门 / 电话 / 视频); also the form's ``consent.visit_mode``."""

    HOME = "home"
    PHONE = "phone"
    VIDEO = "video"


class FlagCategory(StrEnum):
    PUBLIC_EMPLOYEE = "public_employee"  # 财政供养人员
    CORPORATE_OFFICER = "corporate_officer"  # 企业法人代表或高管


class FlagSource(StrEnum):
    ROSTER = "roster"  # matched on the server against a roster; never touched on the device
    DEVICE = "device"  # the device's rules over the visit answers; re-evaluated on each change
    SUPERVISOR = "supervisor"


class FlagStatus(StrEnum):
    OPEN = "open"
    EXPLAINED = "explained"  # by the counselor, e.g. retired or non-custodial
    CONFIRMED = "confirmed"  # by a supervisor
    DISMISSED = "dismissed"  # by a supervisor


class FlagDecision(StrEnum):
    """A supervisor's decision on a flag (→ confirmed | dismissed)."""

    CONFIRM = "confirm"
    DISMISS = "dismiss"


class ReviewDecision(StrEnum):
    """A supervisor's decision on a submitted visit version (→ approved | returned)."""

    APPROVE = "approve"
    RETURN = "return"


class LoanType(StrEnum):
    FIRST = "first"  # 首贷
    RENEWAL = "renewal"  # 续贷


class StudentStatus(StrEnum):
    """Whether a loan applicant starts university this year (录取通知书) or is already
    enrolled (学生证 / 学籍在线验证报告)."""

    NEW = "new"  # 新生
    CURRENT = "current"  # 在校生


class CaseOutcome(StrEnum):
    """How a help-desk case ended."""

    ACCEPTED = "accepted"  # 受理
    DOCUMENTS_MISSING = "documents_missing"  # 材料不全
    REFERRED = "referred"  # 转介（如转县资助中心）


class AidKind(StrEnum):
    """One entry of a student's aid history (资助成长档案): aid received, the level a visit
    was recognised at, or a loan help-desk case (a minimal summary, DESIGN §3)."""

    GRANT = "grant"  # 助学金
    FEE_WAIVER = "fee_waiver"  # 学费减免
    LOAN = "loan"  # 助学贷款
    REWARD = "reward"  # 奖学金、奖励
    LEVEL = "level"  # 认定等级（家访审核通过）
    HELPDESK_CASE = "helpdesk_case"  # 贷款办理点咨询


AID_RECEIVED = frozenset({AidKind.GRANT, AidKind.FEE_WAIVER, AidKind.LOAN, AidKind.REWARD})
"""Aid kinds that carry an amount."""


class AidSource(StrEnum):
    """Who wrote an aid entry; every source is the server (the record is server-written)."""

    IMPORT = "import"  # ``homevisit-server aid import``
    APPROVAL = "approval"  # a supervisor approved a visit: the recognised level
    HELPDESK = "helpdesk"  # derived from a help-desk case of the same student ID


class DocumentKind(StrEnum):
    """A kind of data document the server publishes to devices (issue 16)."""

    FORM = "form"
    CODELIST = "codelist"
    RULE_SET = "rule_set"
    HELPDESK_CHECKLIST = "helpdesk_checklist"
    POLICY_CARD = "policy_card"


class DocumentState(StrEnum):
    """draft (admins only) → published (immutable, sent to devices) → retired."""

    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class DelegationKind(StrEnum):
    """How another visitor takes part in a household's visit (委托或联合家访, issue 19)."""

    JOINT = "joint"  # a colleague visits together with the counselor
    INSTEAD = "instead"  # a colleague visits in the counselor's place
    OFFICE = "office"  # 委托家访: a supervisor asks another office or county to visit


class DelegationStatus(StrEnum):
    """requested → accepted | declined; accepted or requested → ended (the visit approved,
    or the request withdrawn). Only accepted opens the household to the delegate."""

    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ENDED = "ended"


ACTIVE_DELEGATIONS = frozenset({DelegationStatus.REQUESTED, DelegationStatus.ACCEPTED})
"""Delegation states still open: approving the visit (or withdrawing) ends them."""

DELEGATION_GRANTS = frozenset({DelegationStatus.ACCEPTED})
"""Delegation states that let the delegate see the household: only once they accepted (a
request shows them the request, never the family's data)."""


class ProposalStatus(StrEnum):
    """A household a counselor proposes: proposed → accepted (the server makes the household
    and assigns it to the proposer) | declined (with a reason)."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class ProposalReason(StrEnum):
    """Why a counselor proposes a family that is on no list (short codes; a note adds more)."""

    SUDDEN_HARDSHIP = "sudden_hardship"  # 突发严重困难
    SERIOUS_ILLNESS = "serious_illness"  # 大病重病
    DISABILITY = "disability"  # 残疾
    LOST_INCOME = "lost_income"  # 失业或收入骤降
    DISASTER = "disaster"  # 自然灾害或意外事故
    NO_CARER = "no_carer"  # 孤儿或事实无人抚养
    OTHER = "other"  # 其他（见说明）


class HandbackReason(StrEnum):
    """Why a counselor hands an assignment back (issue 19); ``other`` needs a note."""

    MOVED_AWAY = "moved_away"  # 已迁出
    CONFLICT_OF_INTEREST = "conflict_of_interest"  # 利益冲突（亲属、邻居…）
    UNREACHABLE = "unreachable"  # 联系不上
    OTHER = "other"


class HandbackStatus(StrEnum):
    """requested (by the counselor) → accepted (reassigned) | declined, by a supervisor."""

    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class HandbackDecision(StrEnum):
    """A supervisor's answer to a hand-back (→ accepted, with the new counselor | declined)."""

    ACCEPT = "accept"
    DECLINE = "decline"


UNDECIDED_FLAGS = frozenset({FlagStatus.OPEN, FlagStatus.EXPLAINED})
"""Flag states that keep a visit from being approved."""

DECIDED_FLAGS = frozenset({FlagStatus.CONFIRMED, FlagStatus.DISMISSED})
