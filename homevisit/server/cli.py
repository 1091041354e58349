"""``homevisit-server``: run and administer the central API.

Database: ``--database-url`` or HOMEVISIT_SERVER_DATABASE_URL (default: SQLite file
``homevisit-server.db`` in the current directory). Attachments: ``--storage-dir`` or
HOMEVISIT_SERVER_STORAGE. Roster-matching secret: ``--secret-file`` or
HOMEVISIT_SERVER_SECRET_FILE (default ``homevisit-server.key``), made by ``init`` when
missing; every other command refuses to work without it or with another one. Passwords are
read with a prompt, or one line from stdin with ``--password-stdin``; they are never taken
from the command line (shell history).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pydantic
from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.i18n import Text
from homevisit.protocol.admin import UserCreate
from homevisit.protocol.helpdesk import DeskIn
from homevisit.protocol.vocabulary import DocumentKind, Role
from homevisit.server import aid, data_documents, demo, desks, users
from homevisit.server.audit import audit
from homevisit.server.auth import revoke_device
from homevisit.server.db import current_revision, head_revision, make_engine, migrate
from homevisit.server.errors import (
    ApiError,
    RosterSecretMismatch,
    RosterSecretMissing,
    RosterSecretUnreadable,
)
from homevisit.server.importer import (
    ImportRefused,
    ImportRejected,
    import_assignments,
    read_roster,
)
from homevisit.server.login import proxy_networks
from homevisit.server.models import Device, HelpDesk, Region, Team, User
from homevisit.server.policies import set_policy
from homevisit.server.record_check import invalid_records
from homevisit.server.roster import KINDS, import_roster
from homevisit.server.roster_key import create_secret_file, keyed_sessions
from homevisit.server.security import Passwords
from homevisit.server.settings import ServerSettings
from homevisit.server.storage import FileStorage

ACTOR = "cli"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="homevisit-server", description=__doc__.split("\n")[0])
    p.add_argument("--database-url", default=os.environ.get(
        "HOMEVISIT_SERVER_DATABASE_URL", "sqlite:///homevisit-server.db"))
    p.add_argument("--storage-dir", type=Path, default=Path(os.environ.get(
        "HOMEVISIT_SERVER_STORAGE", "homevisit-storage")))
    p.add_argument("--secret-file", type=Path, default=Path(os.environ.get(
        "HOMEVISIT_SERVER_SECRET_FILE", "homevisit-server.key")),
        help="roster-matching secret (HMAC key), mode 0600; several hosts share one file")
    sub = p.add_subparsers(dest="command", required=True)

    sub.add_parser("init", help="create or upgrade the database (Alembic)")
    run = sub.add_parser("run", help="serve the API with uvicorn")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument("--max-body-bytes", type=int, default=8 * 1024 * 1024)
    run.add_argument("--min-client-version", default="0.1.0")
    run.add_argument("--workers", type=int, default=1,
                     help="uvicorn worker processes (production: one per core)")
    run.add_argument("--pool-size", type=int, default=10,
                     help="database connections per worker (as many again in overflow)")
    run.add_argument("--no-docs", action="store_true",
                     help="do not serve /docs and /openapi.json (production)")
    run.add_argument("--trusted-proxy", action="append", default=[], metavar="ADDR[/BITS]",
                     help="reverse proxy whose X-Forwarded-For is believed (repeatable)")
    run.add_argument("--login-concurrency", type=int, default=2,
                     help="password checks at once per worker (64 MiB each)")

    user = sub.add_parser("user").add_subparsers(dest="action", required=True)
    add = user.add_parser("add")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--display-name", default="")
    add.add_argument("--team")
    add.add_argument("--region")
    add.add_argument("--desk")
    add.add_argument("--password-stdin", action="store_true")
    user.add_parser("disable").add_argument("username")
    passwd = user.add_parser("passwd")
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", action="store_true")
    user.add_parser("list")

    team = sub.add_parser("team").add_subparsers(dest="action", required=True)
    tadd = team.add_parser("add")
    tadd.add_argument("name")
    tadd.add_argument("--region")
    team.add_parser("list")

    region = sub.add_parser("region").add_subparsers(dest="action", required=True)
    radd = region.add_parser("add")
    radd.add_argument("code")
    radd.add_argument("name")
    radd.add_argument("--parent")
    region.add_parser("list")

    desk = sub.add_parser("desk").add_subparsers(dest="action", required=True)
    dadd = desk.add_parser("add")
    dadd.add_argument("site")
    dadd.add_argument("--region")
    dadd.add_argument("--team")
    dadd.add_argument("--township", default="")
    dadd.add_argument("--opens", type=dt.date.fromisoformat, help="first day, YYYY-MM-DD")
    dadd.add_argument("--closes", type=dt.date.fromisoformat, help="last day, YYYY-MM-DD")
    dadd.add_argument("--hours", help="opening hours, e.g. 08:30-17:00")
    desk.add_parser("list")
    for action, text in (("staff", "a volunteer staffs the desk on these days"),
                         ("unstaff", "a volunteer no longer staffs the desk on these days")):
        shift = desk.add_parser(action, help=text)
        shift.add_argument("desk_id")
        shift.add_argument("username")
        shift.add_argument("days", nargs="+", type=dt.date.fromisoformat, metavar="YYYY-MM-DD")
    dshifts = desk.add_parser("shifts", help="who staffs which desk on which day")
    dshifts.add_argument("--desk")
    dshifts.add_argument("--user")

    assign = sub.add_parser("assign").add_subparsers(dest="action", required=True)
    assign.add_parser("import", help="households, members, students, assignments (.csv/.xlsx)"
                      ).add_argument("file", type=Path)

    aid = sub.add_parser("aid", help="students' aid history (资助成长档案)"
                         ).add_subparsers(dest="action", required=True)
    aid.add_parser("import", help="grants, fee waivers, loans and rewards (.csv/.xlsx; "
                   "columns id_number, kind, school_year, amount in yuan, optional title, "
                   "date, note); a file with any bad row stores nothing"
                   ).add_argument("file", type=Path)

    roster = sub.add_parser("roster").add_subparsers(dest="action", required=True)
    rimp = roster.add_parser("import", help="replace a roster (.csv/.xlsx)")
    rimp.add_argument("kind", choices=sorted(KINDS))
    rimp.add_argument("file", type=Path)
    rimp.add_argument("--batch", help="label shown in flag evidence (default: file name)")

    policy = sub.add_parser("policy").add_subparsers(dest="action", required=True)
    pset = policy.add_parser("set")
    pset.add_argument("key")
    pset.add_argument("value", help="JSON (e.g. 5, \"0.2.0\", {\"home-visit\": 1}) or text")

    device = sub.add_parser("device").add_subparsers(dest="action", required=True)
    device.add_parser("list").add_argument("--user")
    device.add_parser("revoke").add_argument("device_id")

    forms = sub.add_parser("forms", help="form definitions, code lists, rule sets, help-desk "
                           "checklists and policy cards published to devices"
                           ).add_subparsers(dest="action", required=True)
    fpub = forms.add_parser("publish", help="validate a file and publish it (or keep a draft)")
    fpub.add_argument("file", type=Path)
    fpub.add_argument("--draft", action="store_true", help="store as a draft (admins only)")
    forms.add_parser("list").add_argument("--kind", choices=[k.value for k in DocumentKind])
    fret = forms.add_parser("retire", help="stop sending a published version to devices")
    fret.add_argument("kind", choices=[k.value for k in DocumentKind])
    fret.add_argument("doc_id")
    fret.add_argument("version", type=int)
    forms.add_parser("check", help="what a file changes against the published version; "
                     "stores nothing").add_argument("file", type=Path)

    check = sub.add_parser("check").add_subparsers(dest="action", required=True)
    check.add_parser("records", help="list stored records that fail their schema (exit 1)")
    sub.add_parser("sweep", help="remove expired uploads and collect unused blobs, once")
    export = sub.add_parser("export", help="export data (audited)").add_subparsers(
        dest="action", required=True)
    evisits = export.add_parser("visits", help="a region's visits as XLSX, ID numbers and "
                                "phones masked unless --full-ids")
    evisits.add_argument("--region", required=True, metavar="CODE",
                         help="GB/T 2260 region code or prefix (2 to 9 digits)")
    evisits.add_argument("out", type=Path, metavar="OUT.xlsx")
    evisits.add_argument("--full-ids", action="store_true",
                         help="full ID numbers and phones (recorded in the audit log)")
    evisits.add_argument("--lang", choices=("zh", "en"), default="zh",
                         help="sheet and column names (default zh)")

    seed = sub.add_parser("demo").add_subparsers(dest="action", required=True)
    dseed = seed.add_parser("seed", help="a made-up county (~200 households)")
    dseed.add_argument("--seed", type=int, default=1)
    dseed.add_argument("--households", type=int, default=200)
    return p


def _password(args: argparse.Namespace) -> str:
    if getattr(args, "password_stdin", False):
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise SystemExit("homevisit-server: the passwords differ")
    if len(password) < 8:
        raise SystemExit("homevisit-server: a password needs at least 8 characters")
    return password


def _settings(args: argparse.Namespace) -> ServerSettings:
    return ServerSettings(database_url=args.database_url, storage_dir=args.storage_dir,
                          secret_file=args.secret_file,
                          max_body_bytes=getattr(args, "max_body_bytes", 8 * 1024 * 1024),
                          min_client_version=getattr(args, "min_client_version", "0.1.0"),
                          docs=not getattr(args, "no_docs", False),
                          trusted_proxies=tuple(getattr(args, "trusted_proxy", ())),
                          login_concurrency=getattr(args, "login_concurrency", 2))


def cmd_init(args: argparse.Namespace) -> int:
    engine = make_engine(args.database_url)
    try:
        migrate(engine)
        made = create_secret_file(args.secret_file)
        sessions, key = keyed_sessions(engine, args.secret_file)
        with sessions.begin() as session:
            seeded = data_documents.seed_shipped(session, actor=ACTOR)
    finally:
        engine.dispose()
    print("database is at the newest schema")
    print(("made" if made else "kept") + f" the roster secret (fingerprint "
          f"{key.fingerprint[:16]}); every API host needs this same file")
    print(f"published {seeded} shipped document version(s)" if seeded else
          "the shipped documents were already published")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from homevisit.server import serve

    try:  # a typo fails here, not in every worker
        proxy_networks(tuple(args.trusted_proxy))
    except ValueError:
        raise SystemExit("homevisit-server: --trusted-proxy takes an address or a network "
                         "(10.0.0.5, 10.0.0.0/24)") from None
    engine = make_engine(args.database_url)
    try:
        current = current_revision(engine)
    finally:
        engine.dispose()
    if current != head_revision():
        raise SystemExit("homevisit-server: the database is not at this version's schema; "
                         "run `homevisit-server init` first")
    _in_session(args, lambda s: 0)  # refuse to start without the right secret file
    serve.run(_settings(args), host=args.host, port=args.port, workers=args.workers,
              pool_size=args.pool_size)
    return 0


def _in_session(args: argparse.Namespace, work: Callable[[Session], int]) -> int:
    engine = make_engine(args.database_url)
    try:
        sessions, _ = keyed_sessions(engine, args.secret_file)
        with sessions.begin() as session:
            return work(session)
    finally:
        engine.dispose()


def cmd_user(args: argparse.Namespace, s: Session) -> int:
    if args.action == "list":
        for u in s.execute(select(User).order_by(User.username)).scalars():
            state = "disabled" if u.disabled else "active"
            print(f"{u.username}\t{u.role}\t{u.team.name if u.team else '-'}\t{state}")
        return 0
    if args.action == "add":
        user = users.create_user(s, Passwords(ServerSettings("", Path()).password_cost),
                                 UserCreate(username=args.username, display_name=args.display_name,
                                            password=_password(args), role=Role(args.role),
                                            team=args.team, region_code=args.region,
                                            desk_id=args.desk))
        audit(s, ACTOR, "user.add", "user", user.id, {"role": args.role})
    elif args.action == "disable":
        user = users.user_by_name(s, args.username)
        users.disable(s, user)
        audit(s, ACTOR, "user.disable", "user", user.id)
    else:
        user = users.user_by_name(s, args.username)
        users.set_password(s, Passwords(ServerSettings("", Path()).password_cost), user,
                           _password(args))
        audit(s, ACTOR, "user.passwd", "user", user.id)
    print(f"{args.action}: {user.username}")
    return 0


def cmd_team(args: argparse.Namespace, s: Session) -> int:
    if args.action == "add":
        team = users.add_team(s, args.name, args.region)
        audit(s, ACTOR, "team.add", "team", team.id)
    for t in s.execute(select(Team).order_by(Team.id)).scalars():
        print(f"{t.id}\t{t.name}\t{t.region_code or '-'}")
    return 0


def cmd_region(args: argparse.Namespace, s: Session) -> int:
    if args.action == "add":
        users.add_region(s, args.code, args.name, args.parent)
        audit(s, ACTOR, "region.add", "region", args.code)
    for r in s.execute(select(Region).order_by(Region.code)).scalars():
        print(f"{r.code}\t{r.name}\t{r.parent_code or '-'}")
    return 0


def cmd_desk(args: argparse.Namespace, s: Session) -> int:
    if args.action == "add":
        desk = desks.add_desk(s, DeskIn(
            site=args.site, township=args.township, region_code=args.region, team=args.team,
            opens_on=args.opens, closes_on=args.closes, hours=args.hours))
        audit(s, ACTOR, "desk.add", "help_desk", desk.id)
    elif args.action in ("staff", "unstaff"):
        for day in args.days:
            if args.action == "staff":
                desks.add_shift(s, args.desk_id, args.username, day)
            elif not desks.remove_shift(s, args.desk_id, args.username, day):
                raise SystemExit(f"homevisit-server: no such shift on {day.isoformat()}")
            audit(s, ACTOR, f"desk.shift_{'add' if args.action == 'staff' else 'remove'}",
                  "help_desk", args.desk_id, {"username": args.username, "day": day.isoformat()})
    if args.action in ("shifts", "staff", "unstaff"):
        shifting = args.action != "shifts"
        for shift in desks.shifts(s, desk_id=args.desk_id if shifting else args.desk,
                                  username=None if shifting else args.user):
            print(f"{shift.day.isoformat()}\t{shift.desk.site}\t{shift.username}")
        return 0
    for d in s.execute(select(HelpDesk).order_by(HelpDesk.opens_on, HelpDesk.site)).scalars():
        dates = f"{d.opens_on or '-'}..{d.closes_on or '-'}"
        print(f"{d.id}\t{d.site}\t{d.township or '-'}\t{d.region_code or '-'}\t{dates}"
              f"\t{d.hours or '-'}")
    return 0


def cmd_assign(args: argparse.Namespace, s: Session) -> int:
    report = import_assignments(s, args.file, actor=ACTOR)
    audit(s, ACTOR, "assign.import", "household", None, {
        "households": report.households, "assigned": report.assigned})
    print(f"households {report.households}, members {report.members}, students "
          f"{report.students}, assigned {report.assigned}, roster flags {report.flags_raised}")
    return 0


def cmd_aid(args: argparse.Namespace, s: Session) -> int:
    report = aid.import_aid(s, args.file)
    audit(s, ACTOR, "aid.import", "aid_entry", None, {
        "entries": report.entries, "students": report.students})
    print(f"已导入 {report.entries} 条资助记录（{report.students} 名学生） / imported "
          f"{report.entries} aid entries for {report.students} students")
    return 0


def cmd_roster(args: argparse.Namespace, s: Session) -> int:
    rows = read_roster(args.file)
    count = import_roster(s, args.kind, rows, batch=(args.batch or args.file.stem)[:40])
    audit(s, ACTOR, "roster.import", "roster", args.kind, {"entries": count})
    print(f"roster {args.kind}: {count} entries")
    return 0


def cmd_policy(args: argparse.Namespace, s: Session) -> int:
    try:
        value = json.loads(args.value)
    except json.JSONDecodeError:
        value = args.value
    policies = set_policy(s, args.key, value, actor=ACTOR)
    audit(s, ACTOR, "policy.set", "policy", args.key)
    print(policies.model_dump_json(indent=2))
    return 0


def cmd_device(args: argparse.Namespace, s: Session) -> int:
    if args.action == "revoke":
        if revoke_device(s, args.device_id, actor=ACTOR) is None:
            raise SystemExit("homevisit-server: no such device")
        print(f"revoked {args.device_id}")
        return 0
    query = select(Device).join(User, Device.user_id == User.id).order_by(Device.registered_at)
    if args.user:
        query = query.where(User.username == args.user)
    for d in s.execute(query).scalars():
        state = f"revoked {d.revoked_at:%Y-%m-%d}" if d.revoked_at else "active"
        print(f"{d.id}\t{d.user.username}\t{d.name}\t{d.registered_at:%Y-%m-%d}\t{state}")
    return 0


def cmd_demo(args: argparse.Namespace, s: Session) -> int:
    if s.execute(select(User.id).limit(1)).first():
        raise SystemExit("homevisit-server: demo seed needs an empty database")
    logins = demo.seed(s, Passwords(ServerSettings("", Path()).password_cost),
                       seed=args.seed, households=args.households,
                       storage=FileStorage(args.storage_dir))
    audit(s, ACTOR, "demo.seed", "database", None, {"households": args.households})
    print(f"demo county seeded: {args.households} households. Logins:")
    for login in logins:
        print(f"  {login.role.value:<10} {login.username:<12} {login.password}   {login.note}")
    return 0


def cmd_forms(args: argparse.Namespace, s: Session) -> int:
    if args.action in ("publish", "check"):
        data = data_documents.read_document_file(args.file)
    if args.action == "publish":
        row, changed = data_documents.store(s, data, actor=ACTOR, draft=args.draft,
                                            source=args.file.name)
        state = row.state.value if changed else f"{row.state.value}, unchanged"
        print(f"{row.kind.value} {row.doc_id} v{row.version}: {state}")
    elif args.action == "check":
        report = data_documents.check(s, data, source=args.file.name)
        now = f"v{report.current_version}" if report.current_version else "nothing published"
        print(f"{report.kind.value} {report.doc_id} v{report.version} against {now}:")
        for change in report.changes:
            print(f"  {change}")
        if not report.changes:
            print("  no changes")
        if report.open_visits is not None:
            print(f"open visits on {now}: {report.open_visits}")
        print("nothing stored")
    elif args.action == "retire":
        row = data_documents.retire(s, DocumentKind(args.kind), args.doc_id, args.version,
                                    actor=ACTOR)
        print(f"{row.kind.value} {row.doc_id} v{row.version}: {row.state.value}")
    else:
        for row in data_documents.listing(s):
            if args.kind in (None, row.kind.value):
                when = row.published_at or row.created_at
                print(f"{row.kind.value}\t{row.doc_id}\tv{row.version}\t{row.state.value}\t"
                      f"{when:%Y-%m-%d}\t{row.sha256[:12]}")
    return 0


def cmd_check(args: argparse.Namespace, s: Session) -> int:
    found = 0
    for bad in invalid_records(s):
        found += 1
        print(f"{bad.entity.value}\t{bad.id}\t{', '.join(bad.fields)}")
    print(f"{found} stored record(s) fail their schema" if found else
          "every stored record passes its schema")
    return 1 if found else 0


def cmd_export(args: argparse.Namespace) -> int:
    from homevisit.server.exports import BadRegion, export_region_visits

    engine = make_engine(args.database_url)
    try:
        sessions, _ = keyed_sessions(engine, args.secret_file)
        count = export_region_visits(sessions, args.region, args.out, full_ids=args.full_ids,
                                     actor=ACTOR, lang=args.lang)
    except BadRegion:
        print("homevisit-server: --region must be 2 to 9 digits (a GB/T 2260 code or "
              "prefix, e.g. 320321)", file=sys.stderr)
        return 2
    except OSError as err:
        # No path in the message: file names may carry names.
        print(f"homevisit-server: the file could not be written ({err.strerror})",
              file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    masked = "full ID numbers and phones" if args.full_ids else "ID numbers and phones masked"
    print(f"exported {count} visits of region {args.region} ({masked}; audited)")
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from homevisit.server.app import build_services
    from homevisit.server.sweeper import sweep

    services = build_services(_settings(args))
    try:
        report = sweep(services)
    finally:
        services.engine.dispose()
    print(f"expired uploads {report.expired_uploads}, unused uploads "
          f"{report.forgotten_uploads}, blobs collected {report.collected_blobs}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Session], int]] = {
    "user": cmd_user, "team": cmd_team, "region": cmd_region, "desk": cmd_desk,
    "assign": cmd_assign, "aid": cmd_aid, "roster": cmd_roster, "policy": cmd_policy,
    "device": cmd_device,
    "demo": cmd_demo, "check": cmd_check, "forms": cmd_forms,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "init":
            return cmd_init(args)
        if args.command == "run":
            return cmd_run(args)
        if args.command == "sweep":
            return cmd_sweep(args)
        if args.command == "export":
            return cmd_export(args)
        return _in_session(args, lambda s: COMMANDS[args.command](args, s))
    except ImportRejected as err:
        for row, column, reason in err.problems[:50]:
            if isinstance(reason, Text):  # both languages: the office may read either
                print(f"第 {row} 行，{column} 列：{reason.zh}", file=sys.stderr)
                reason = reason.en
            print(f"row {row}, column {column}: {reason}", file=sys.stderr)
        print(f"homevisit-server: 未导入任何内容 / nothing imported ({len(err.problems)} "
              "problem(s))", file=sys.stderr)
        return 1
    except ImportRefused as err:
        # One line, no traceback, no path: file names carry names and ID numbers.
        print(f"homevisit-server: nothing imported: {err.reason}", file=sys.stderr)
        return 1
    except (ApiError, RosterSecretMissing, RosterSecretUnreadable, RosterSecretMismatch) as err:
        print(f"homevisit-server: {err} ({err.code})", file=sys.stderr)
        return 1
    except pydantic.ValidationError as err:
        fields = ", ".join(".".join(map(str, e["loc"])) for e in err.errors())
        print(f"homevisit-server: invalid value for: {fields}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
