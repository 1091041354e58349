"""Authorisation matrix: every endpoint × every role (and anonymous), generated from the
app's own OpenAPI so a new endpoint cannot be forgotten — add it to MATRIX below.

Scope (own/other team, region, desk) is pinned for the scope helpers every router uses, and
device binding for tokens; routers with scoped records (sync, review) add their own
own/other cells in their tests and list their endpoints here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from homevisit.protocol.vocabulary import Role
from homevisit.server.desks import add_shift
from homevisit.server.models import Attachment, Blob, BlobUpload, Household

ROLES = tuple(Role)
EVERYONE = frozenset(ROLES)
ADMIN = frozenset({Role.ADMIN})
UPLOADERS = frozenset({Role.COUNSELOR})  # the roles that author attachments
_n = itertools.count()


@dataclass
class Ctx:
    """What a matrix call needs: the actors (one per role) and targets to act on."""

    people: object
    actors: dict[Role, object]
    anon: httpx.Client
    household_id: str
    counselor: str
    extra: dict[str, str] = field(default_factory=dict)

    def client(self, role: Role | None) -> httpx.Client:
        return self.anon if role is None else self.actors[role].client  # type: ignore[attr-defined]

    def throwaway_device(self) -> str:
        username, password = self.people.user("counselor")  # type: ignore[attr-defined]
        return self.people.login(username, password, "counselor").device_id  # type: ignore[attr-defined]


Call = Callable[[Ctx, Role | None], httpx.Response]


@dataclass(frozen=True)
class Cell:
    allowed: frozenset[Role]
    call: Call
    public: bool = False  # anonymous callers allowed too


def req(method: str, path: str, body: Callable[[Ctx], object] | None = None) -> Call:
    def call(ctx: Ctx, role: Role | None) -> httpx.Response:
        url = path.format(**ctx.extra)
        return ctx.client(role).request(method, url, json=body(ctx) if body else None)

    return call


def login_call(ctx: Ctx, role: Role | None) -> httpx.Response:
    if role is None:
        return ctx.anon.post(
            "/api/v1/auth/login",
            json={"username": "nobody", "password": "wrong-password", "device_name": "x"},
        )
    a = ctx.actors[role]
    return ctx.anon.post(
        "/api/v1/auth/login",
        json={"username": a.username, "password": a.password, "device_name": "second laptop"},
    )  # type: ignore[attr-defined]


def refresh_call(ctx: Ctx, role: Role | None) -> httpx.Response:
    if role is None:
        return ctx.anon.post("/api/v1/auth/refresh", json={"refresh_token": "not-a-token"})
    a = ctx.actors[role]
    fresh = ctx.people.login(a.username, a.password, role)  # type: ignore[attr-defined]
    return ctx.anon.post("/api/v1/auth/refresh", json={"refresh_token": fresh.refresh_token})


def logout_call(ctx: Ctx, role: Role | None) -> httpx.Response:
    if role is None:
        return ctx.anon.post("/api/v1/auth/logout")
    a = ctx.actors[role]
    fresh = ctx.people.login(a.username, a.password, role)  # type: ignore[attr-defined]
    return fresh.client.post("/api/v1/auth/logout")


def new_user_body(ctx: Ctx) -> dict[str, str]:
    return {
        "username": f"made{next(_n)}",
        "password": "long-enough-pw",
        "role": "counselor",
        "team": "team-a",
    }


def revoke_call(ctx: Ctx, role: Role | None) -> httpx.Response:
    return ctx.client(role).post(f"/api/v1/admin/devices/{ctx.throwaway_device()}/revoke")


def checklist_body(ctx: Ctx) -> dict[str, object]:
    return {"document": {
        "kind": "helpdesk_checklist", "id": f"desk-list-{next(_n)}", "version": 1,
        "title": {"zh": "材料清单", "en": "Checklist"},
        "items": [{"code": "id_card", "zh": "身份证原件", "en": "ID card (original)"}]}}


def published_checklist(ctx: Ctx) -> tuple[str, int]:
    made = ctx.client(Role.ADMIN).post("/api/v1/admin/documents", json=checklist_body(ctx))
    assert made.status_code == 201, made.text
    return made.json()["doc_id"], made.json()["version"]


def document_call(suffix: str, method: str = "GET") -> Call:
    def call(ctx: Ctx, role: Role | None) -> httpx.Response:
        doc_id, version = published_checklist(ctx)
        url = f"/api/v1/admin/documents/helpdesk_checklist/{doc_id}/{version}{suffix}"
        return ctx.client(role).request(method, url)

    return call


def audit_log_body(ctx: Ctx) -> dict[str, object]:
    seq = next(_n) + 1
    return {
        "events": [
            {
                "seq": seq,
                "wall_time": "2026-07-01T08:00:00+00:00",
                "mono_ns": seq,
                "actor": "me",
                "action": "view",
                "entity": "household",
                "prev_hash": "0" * 64,
                "hash": "a" * 64,
            }
        ]
    }


def _bytes_for(role: Role | None) -> bytes:
    return f"attachment bytes {role} {next(_n)}".encode()


def _upload_body(ctx: Ctx, data: bytes) -> dict[str, object]:
    return {"household_id": ctx.extra["own_household"],
            "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def open_upload_call(ctx: Ctx, role: Role | None) -> httpx.Response:
    return ctx.client(role).post("/api/v1/attachments/uploads",
                                 json=_upload_body(ctx, _bytes_for(role)))


def _own_upload(ctx: Ctx, role: Role | None) -> tuple[str, bytes]:
    """An upload opened by ``role``'s own device; a role that may not upload (and
    anonymous) gets a made-up id, since it can never have opened one."""
    data = _bytes_for(role)
    if role not in UPLOADERS:
        return str(uuid.uuid4()), data
    r = ctx.client(role).post("/api/v1/attachments/uploads", json=_upload_body(ctx, data))
    assert r.status_code == 201, r.text
    return r.json()["upload_id"], data


def upload_state_call(ctx: Ctx, role: Role | None) -> httpx.Response:
    upload_id, _ = _own_upload(ctx, role)
    return ctx.client(role).get(f"/api/v1/attachments/uploads/{upload_id}")


def upload_chunk_call(ctx: Ctx, role: Role | None) -> httpx.Response:
    upload_id, data = _own_upload(ctx, role)
    return ctx.client(role).patch(
        f"/api/v1/attachments/uploads/{upload_id}",
        content=data,
        headers={
            "Upload-Offset": "0",
            "Upload-Chunk-Sha256": hashlib.sha256(data).hexdigest(),
            "Content-Type": "application/offset+octet-stream",
        },
    )


def download_call(ctx: Ctx, role: Role | None) -> httpx.Response:
    return ctx.client(role).get(f"/api/v1/attachments/{ctx.extra['attachment']}/content")


def _submitted_visit(ctx: Ctx) -> tuple[str, str]:
    """A fresh submitted visit (and an open flag) in a team-a household: (visit, flag)."""
    from homevisit.server.models import Flag, Visit

    household_id, visit_id, flag_id = (str(uuid.uuid4()) for _ in range(3))
    with ctx.people.services.sessions.begin() as s:  # type: ignore[attr-defined]
        s.add(Household(id=household_id, region_code="320321", rev=1,
                        team_id=ctx.people.world.team_a))  # type: ignore[attr-defined]
        s.flush()
        s.add(Visit(id=visit_id, household_id=household_id, status="submitted", version=1,
                    rev=1))
        s.add(Flag(id=flag_id, household_id=household_id, source="supervisor",
                   rule_id="manual", category="public_employee", rev=1))
    return visit_id, flag_id


def review_call(action: str) -> Call:
    def call(ctx: Ctx, role: Role | None) -> httpx.Response:
        visit_id, flag_id = _submitted_visit(ctx)
        client = ctx.client(role)
        if action == "get":
            return client.get(f"/api/v1/review/visits/{visit_id}")
        if action == "flag":
            return client.post(f"/api/v1/review/flags/{flag_id}/decision",
                               json={"decision": "dismiss", "reason": "matrix"})
        return client.post(f"/api/v1/review/visits/{visit_id}/decision", json={
            "decision": "return", "version": 1, "comments": [{"field": "x", "text": "y"}]})

    return call


REVIEWERS = frozenset({Role.SUPERVISOR, Role.ADMIN})
SHIFT_DAY = "2026-07-20"


def desk_call(method: str, tail: str, body: Callable[[Ctx], object] | None = None) -> Call:
    """A call on the world's team-a desk, where the matrix's volunteer has a shift."""
    def call(ctx: Ctx, role: Role | None) -> httpx.Response:
        world = ctx.people.world  # type: ignore[attr-defined]
        with ctx.people.services.sessions.begin() as s:  # type: ignore[attr-defined]
            add_shift(s, world.desk_a, ctx.actors[Role.VOLUNTEER].username,  # type: ignore[attr-defined]
                      dt.date.fromisoformat(SHIFT_DAY))
        return ctx.client(role).request(method, tail.format(desk=world.desk_a),
                                        json=body(ctx) if body else None)

    return call


def shift_body(ctx: Ctx) -> object:
    return {"username": ctx.actors[Role.VOLUNTEER].username, "day": SHIFT_DAY}  # type: ignore[attr-defined]


MATRIX: dict[tuple[str, str], Cell] = {
    ("GET", "/api/v1/health"): Cell(EVERYONE, req("GET", "/api/v1/health"), public=True),
    ("POST", "/api/v1/auth/login"): Cell(EVERYONE, login_call, public=False),
    ("POST", "/api/v1/auth/refresh"): Cell(EVERYONE, refresh_call),
    ("POST", "/api/v1/auth/logout"): Cell(EVERYONE, logout_call),
    ("GET", "/api/v1/me"): Cell(EVERYONE, req("GET", "/api/v1/me")),
    ("GET", "/api/v1/device/policies"): Cell(EVERYONE, req("GET", "/api/v1/device/policies")),
    ("POST", "/api/v1/device/audit-log"): Cell(
        EVERYONE, req("POST", "/api/v1/device/audit-log", audit_log_body)
    ),
    ("GET", "/api/v1/admin/users"): Cell(ADMIN, req("GET", "/api/v1/admin/users")),
    ("POST", "/api/v1/admin/users"): Cell(ADMIN, req("POST", "/api/v1/admin/users", new_user_body)),
    ("POST", "/api/v1/admin/users/{username}/disable"): Cell(
        ADMIN, req("POST", "/api/v1/admin/users/{target}/disable")
    ),
    ("POST", "/api/v1/admin/users/{username}/password"): Cell(
        ADMIN,
        req(
            "POST",
            "/api/v1/admin/users/{target}/password",
            lambda c: {"password": "another-password"},
        ),
    ),
    ("GET", "/api/v1/admin/teams"): Cell(ADMIN, req("GET", "/api/v1/admin/teams")),
    ("POST", "/api/v1/admin/teams"): Cell(
        ADMIN, req("POST", "/api/v1/admin/teams", lambda c: {"name": f"team{next(_n)}"})
    ),
    ("GET", "/api/v1/admin/regions"): Cell(ADMIN, req("GET", "/api/v1/admin/regions")),
    ("POST", "/api/v1/admin/regions"): Cell(
        ADMIN,
        req(
            "POST",
            "/api/v1/admin/regions",
            lambda c: {"code": "320323", "name": "铜山区", "parent_code": "320300"},
        ),
    ),
    ("GET", "/api/v1/admin/devices"): Cell(ADMIN, req("GET", "/api/v1/admin/devices")),
    ("POST", "/api/v1/admin/devices/{device_id}/revoke"): Cell(ADMIN, revoke_call),
    ("GET", "/api/v1/admin/policies"): Cell(ADMIN, req("GET", "/api/v1/admin/policies")),
    ("PUT", "/api/v1/admin/policies/{key}"): Cell(
        ADMIN, req("PUT", "/api/v1/admin/policies/idle_lock_minutes", lambda c: {"value": 4})
    ),
    ("POST", "/api/v1/admin/assignments"): Cell(
        ADMIN,
        req(
            "POST",
            "/api/v1/admin/assignments",
            lambda c: {"household_id": c.household_id, "counselor": c.counselor},
        ),
    ),
    ("GET", "/api/v1/admin/audit"): Cell(ADMIN, req("GET", "/api/v1/admin/audit")),
    ("GET", "/api/v1/admin/documents"): Cell(ADMIN, req("GET", "/api/v1/admin/documents")),
    ("POST", "/api/v1/admin/documents"): Cell(
        ADMIN, req("POST", "/api/v1/admin/documents", checklist_body)),
    ("POST", "/api/v1/admin/documents/check"): Cell(
        ADMIN, req("POST", "/api/v1/admin/documents/check", checklist_body)),
    ("GET", "/api/v1/admin/documents/{kind}/{doc_id}/{version}"): Cell(
        ADMIN, document_call("")),
    ("POST", "/api/v1/admin/documents/{kind}/{doc_id}/{version}/retire"): Cell(
        ADMIN, document_call("/retire", "POST")),
    ("GET", "/api/v1/admin/desks"): Cell(ADMIN, req("GET", "/api/v1/admin/desks")),
    ("POST", "/api/v1/admin/desks"): Cell(
        ADMIN, req("POST", "/api/v1/admin/desks", lambda c: {"site": f"desk{next(_n)}"})),
    ("GET", "/api/v1/admin/desks/{desk_id}/shifts"): Cell(
        ADMIN, desk_call("GET", "/api/v1/admin/desks/{desk}/shifts")),
    ("POST", "/api/v1/admin/desks/{desk_id}/shifts"): Cell(
        ADMIN, desk_call("POST", "/api/v1/admin/desks/{desk}/shifts", shift_body)),
    ("POST", "/api/v1/admin/desks/{desk_id}/shifts/remove"): Cell(
        ADMIN, desk_call("POST", "/api/v1/admin/desks/{desk}/shifts/remove", shift_body)),
    # help desk: a volunteer's shifts; a desk's figures for its volunteers and supervisors
    ("GET", "/api/v1/helpdesk/shifts"): Cell(
        frozenset({Role.VOLUNTEER}), req("GET", "/api/v1/helpdesk/shifts")),
    ("GET", "/api/v1/helpdesk/desks/{desk_id}/days/{day}/stats"): Cell(
        frozenset({Role.VOLUNTEER, Role.SUPERVISOR, Role.ADMIN}),
        desk_call("GET", "/api/v1/helpdesk/desks/{desk}/days/" + SHIFT_DAY + "/stats")),
    # sync and attachments: every device role; scope is pinned in their own tests and below
    ("POST", "/api/v1/sync/push"): Cell(
        EVERYONE, req("POST", "/api/v1/sync/push", lambda c: {"ops": []})
    ),
    ("GET", "/api/v1/sync/pull"): Cell(EVERYONE, req("GET", "/api/v1/sync/pull")),
    ("GET", "/api/v1/sync/documents"): Cell(EVERYONE, req("GET", "/api/v1/sync/documents")),
    ("POST", "/api/v1/sync/scope"): Cell(
        EVERYONE, req("POST", "/api/v1/sync/scope", lambda c: {"household_ids": []})
    ),
    ("POST", "/api/v1/attachments/presence"): Cell(
        UPLOADERS, req("POST", "/api/v1/attachments/presence", lambda c: {
            "household_id": c.extra["own_household"], "sha256": ["a" * 64]})
    ),
    ("POST", "/api/v1/attachments/uploads"): Cell(UPLOADERS, open_upload_call),
    ("GET", "/api/v1/attachments/uploads/{upload_id}"): Cell(UPLOADERS, upload_state_call),
    ("PATCH", "/api/v1/attachments/uploads/{upload_id}"): Cell(UPLOADERS, upload_chunk_call),
    ("GET", "/api/v1/attachments/{attachment_id}/content"): Cell(
        frozenset({Role.COUNSELOR, Role.SUPERVISOR, Role.ADMIN}), download_call
    ),
    # review: supervisors (own team or region) and admins; scope cells in tests/server/review
    ("GET", "/api/v1/review/visits"): Cell(REVIEWERS, req("GET", "/api/v1/review/visits")),
    ("GET", "/api/v1/review/visits/{visit_id}"): Cell(REVIEWERS, review_call("get")),
    ("POST", "/api/v1/review/visits/{visit_id}/decision"): Cell(
        REVIEWERS, review_call("decide")
    ),
    ("POST", "/api/v1/review/flags/{flag_id}/decision"): Cell(REVIEWERS, review_call("flag")),
    # report figures: supervisors and admins; scope in tests/server/review/test_report_figures
    ("GET", "/api/v1/reports/figures"): Cell(REVIEWERS, req("GET", "/api/v1/reports/figures")),
}


def stored_attachment(services, counselor: str, team_id: int, device_id: str) -> tuple[str, str]:
    """An attachment (with its bytes, uploaded for its household from ``device_id``) of a
    household assigned to ``counselor``; returns (attachment id, household id)."""
    data = b"%PDF-1.4 made-up attachment"
    sha = hashlib.sha256(data).hexdigest()
    path = services.storage.root / services.storage.key_for(sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    household_id, attachment_id = str(uuid.uuid4()), str(uuid.uuid4())
    with services.sessions.begin() as s:
        s.add(
            Household(
                id=household_id,
                region_code="320321",
                rev=1,
                team_id=team_id,
                assigned_counselor=counselor,
            )
        )
        s.flush()
        s.add(Blob(sha256=sha, size=len(data), storage_key=services.storage.key_for(sha)))
        s.flush()
        s.add(BlobUpload(sha256=sha, household_id=household_id, device_id=device_id))
        s.add(
            Attachment(
                id=attachment_id,
                household_id=household_id,
                doc_type="id_card",
                mime="application/pdf",
                size=len(data),
                sha256=sha,
                rev=1,
            )
        )
    return attachment_id, household_id


def openapi_operations(app) -> set[tuple[str, str]]:
    methods = {"get", "post", "put", "patch", "delete"}
    return {
        (m.upper(), path)
        for path, ops in app.openapi()["paths"].items()
        for m in ops
        if m in methods
    }


def test_the_matrix_lists_every_endpoint_of_the_app(app):
    ops = openapi_operations(app)
    assert ops - MATRIX.keys() == set(), "add these endpoints to MATRIX"
    assert MATRIX.keys() - ops == set(), "these MATRIX entries no longer exist"


def test_only_the_allowed_cells_succeed(app, people, services, world, anon):
    actors = {
        role: people.actor(role, team="a" if role is not Role.ADMIN else None) for role in ROLES
    }
    counselor, _ = people.user("counselor", team="a")
    target, _ = people.user("counselor", team="b")
    household_id = str(uuid.uuid4())
    with services.sessions.begin() as s:
        s.add(Household(id=household_id, region_code="320321", rev=1))
    attachment, own_household = stored_attachment(
        services, actors[Role.COUNSELOR].username, world.team_a,
        actors[Role.COUNSELOR].device_id)
    ctx = Ctx(
        people, actors, anon, household_id, counselor,
        {"target": target, "attachment": attachment, "own_household": own_household},
    )
    wrong: list[str] = []
    for (method, path), cell in sorted(MATRIX.items()):
        if (method, path) not in openapi_operations(app):
            continue
        for role in (None, *ROLES):
            response = cell.call(ctx, role)
            allowed = cell.public if role is None else role in cell.allowed
            ok = 200 <= response.status_code < 300
            if ok != allowed:
                wrong.append(f"{method} {path} as {role or 'anonymous'}: {response.status_code}")
            elif not ok and response.status_code != (401 if role is None else 403):
                code = response.json()["error"]["code"]
                wrong.append(f"{method} {path} as {role}: {response.status_code} {code}")
    assert wrong == []


def test_a_token_is_bound_to_its_device(people, actor):
    admin = actor("admin", team=None)
    username, password = people.user("counselor")
    laptop = people.login(username, password, "counselor", device_name="laptop")
    spare = people.login(username, password, "counselor", device_name="spare")
    assert laptop.device_id != spare.device_id
    assert admin.client.post(f"/api/v1/admin/devices/{spare.device_id}/revoke").status_code == 200
    assert spare.client.get("/api/v1/me").json()["error"]["code"] == "device_revoked"
    assert laptop.client.get("/api/v1/me").json()["device_id"] == laptop.device_id


def test_other_team_other_counselor_and_other_device_are_refused(people, services, world):
    """Attachment bytes: own counselor and own-team supervisor yes; the other team's
    supervisor and another counselor of the same team get 404. Uploads: device-bound."""
    owner = people.actor("counselor", team="a")
    attachment, household = stored_attachment(services, owner.username, world.team_a,
                                              owner.device_id)
    url = f"/api/v1/attachments/{attachment}/content"
    assert owner.client.get(url).status_code == 200
    assert people.actor("supervisor", team="a").client.get(url).status_code == 200
    assert people.actor("supervisor", team=None, region="320322").client.get(url).status_code == 404
    assert people.actor("supervisor", team=None, region="320321").client.get(url).status_code == 200
    assert people.actor("supervisor", team="b").client.get(url).status_code == 404
    assert people.actor("counselor", team="a").client.get(url).status_code == 404
    data = b"some bytes"
    r = owner.client.post(
        "/api/v1/attachments/uploads",
        json={"household_id": household, "sha256": hashlib.sha256(data).hexdigest(),
              "size": len(data)},
    )
    upload = r.json()["upload_id"]
    same_user_other_device = people.login(owner.username, owner.password, "counselor")
    assert (
        same_user_other_device.client.get(f"/api/v1/attachments/uploads/{upload}").status_code
        == 404
    )
    assert owner.client.get(f"/api/v1/attachments/uploads/{upload}").status_code == 200


def test_nobody_can_bind_another_users_device(people, anon):
    mine = people.actor("counselor")
    other_user, other_password = people.user("counselor")
    r = anon.post(
        "/api/v1/auth/login",
        json={
            "username": other_user,
            "password": other_password,
            "device_name": "x",
            "device_id": mine.device_id,
        },
    )
    assert r.status_code == 200 and r.json()["device_id"] != mine.device_id
    assert mine.client.get("/api/v1/me").status_code == 200


def test_logging_out_ends_only_that_device(people):
    username, password = people.user("supervisor")
    one = people.login(username, password, "supervisor")
    two = people.login(username, password, "supervisor")
    assert one.client.post("/api/v1/auth/logout").status_code == 204
    assert one.client.get("/api/v1/me").status_code == 401
    assert two.client.get("/api/v1/me").status_code == 200
