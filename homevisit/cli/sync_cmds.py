"""``homevisit sync enrol|status|run|conflicts``: the sync engine from the command line.

Nothing here prints personal data: counts, ids, field names and codes only.
"""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path
from typing import Any

from homevisit.cli.profile_choice import open_workspace
from homevisit.cli.prompt import Passphrases
from homevisit.i18n import Text, current_language
from homevisit.model import SyncState
from homevisit.sync.conflicts import open_conflicts, resolve
from homevisit.sync.documents import refusal_text, refused_documents
from homevisit.sync.engine import engine_for
from homevisit.sync.enrol import enrol, save_enrolment
from homevisit.sync.policies import load_policies
from homevisit.sync.progress import Progress
from homevisit.sync.service import pending_counts
from homevisit.workspace import Workspace

PASSWORD_PROMPT = Text("服务器密码：", "Server password: ")


def _t(zh: str, en: str) -> str:
    return en if current_language() == "en" else zh


def add_sync_commands(groups: Any) -> None:
    """Register ``homevisit sync …`` on the CLI's sub-parsers."""
    sync = groups.add_parser("sync", help=_t("与服务器同步", "sync with the server"))
    s = sync.add_subparsers(dest="action", required=True)
    e = s.add_parser("enrol", help=_t("把本档案登记到服务器（登录）",
                                      "enrol this profile with a server (sign in)"))
    e.add_argument("server_url")
    e.add_argument("username")
    e.add_argument("--device-name", default=socket.gethostname()[:100] or "laptop")
    e.add_argument("--ca", type=Path, metavar="FILE",
                   help=_t("只信任此 CA 证书（PEM）验证服务器，之后每次同步都用它",
                           "verify the server against this CA certificate (PEM) alone, now "
                           "and on every later sync"))
    s.add_parser("status", help=_t("同步状态和待上传数量", "sync state and pending counts"))
    s.add_parser("run", help=_t("立即同步一次", "sync once now"))
    c = s.add_parser("conflicts", help=_t("列出或处理冲突", "list or resolve conflicts"))
    c.add_argument("--resolve", type=int, metavar="ID",
                   help=_t("处理该编号的冲突", "resolve the conflict with this id"))
    c.add_argument("--take", choices=("local", "server"), default="local",
                   help=_t("冲突字段采用本机或服务器的值", "take this side for clashing fields"))


def _open(args: argparse.Namespace, secrets: Passphrases) -> Workspace:
    return open_workspace(args, secrets)


def sync_enrol(args: argparse.Namespace, secrets: Passphrases) -> int:
    with _open(args, secrets) as ws:
        password = secrets.ask(PASSWORD_PROMPT)
        enrolment = enrol(args.server_url, args.username, password, args.device_name,
                          ca_file=args.ca)
        ws.store.run(lambda s: save_enrolment(s, enrolment))
    print(_t(f"已登记，设备编号 {enrolment.device_id}。运行 `homevisit sync run` 下载数据。",
             f"Enrolled as device {enrolment.device_id}. Run `homevisit sync run` to "
             "download your data."))
    return 0


def sync_status(args: argparse.Namespace, secrets: Passphrases) -> int:
    with _open(args, secrets) as ws:
        state = ws.store.run(lambda s: s.get(SyncState, 1))
        counts = ws.store.run(pending_counts)
        policies = ws.store.run(load_policies)
        refused = ws.store.run(refused_documents)
    if state is None or not state.server_url:
        print(_t("尚未登记到服务器。", "Not enrolled with a server."))
    else:
        print(_t("服务器：", "Server: ") + state.server_url)
        print(_t("上次同步：", "Last sync: ") + (state.last_sync_at.isoformat(timespec="seconds")
                                                  if state.last_sync_at else "-"))
    print(_t(f"待上传 {counts.outbox} 项，已隔离 {counts.quarantined} 项，"
             f"冲突 {counts.conflicts} 个，待上传附件 {counts.uploads} 个。",
             f"{counts.outbox} changes to send, {counts.quarantined} quarantined, "
             f"{counts.conflicts} conflicts, {counts.uploads} files to upload."))
    print(_t(f"策略：闲置 {policies.idle_lock_minutes} 分钟锁定；"
             f"离线最多 {policies.max_offline_days} 天；"
             f"已批准家访保留 {policies.retention_days} 天。",
             f"Policies: lock after {policies.idle_lock_minutes} idle minutes; offline at most "
             f"{policies.max_offline_days} days; approved visits kept {policies.retention_days} "
             "days."))
    for entry in refused:
        print(_t(refusal_text(entry).zh, refusal_text(entry).en))
    return 0


def _print_progress(progress: Progress) -> None:
    total = f"/{progress.total}" if progress.total is not None else ""
    print(f"{progress.phase.value} {progress.done}{total}", file=sys.stderr)


def sync_run(args: argparse.Namespace, secrets: Passphrases) -> int:
    ws = _open(args, secrets)
    engine = engine_for(ws)
    try:
        result = engine.run(_print_progress)
    finally:
        engine.close()
        ws.close()  # after a revocation wipe the store is closed already; this drops the key
    if result.error is not None:
        print(_t("同步失败：", "Sync failed: ") + str(result.error), file=sys.stderr)
        return 1
    print(_t(f"同步完成：上传 {result.pushed} 项，下载 {result.pulled} 项，"
             f"冲突 {result.conflicts} 个，被拒 {result.rejected} 项，"
             f"附件 {result.uploaded_files} 个。",
             f"Synced: {result.pushed} sent, {result.pulled} received, {result.conflicts} "
             f"conflicts, {result.rejected} rejected, {result.uploaded_files} files."))
    if result.documents_received or result.documents_refused:
        print(_t(f"收到表单、代码表等 {result.documents_received} 份，"
                 f"拒收 {result.documents_refused} 份（见 sync status）。",
                 f"Received {result.documents_received} forms, code lists and the like; "
                 f"refused {result.documents_refused} (see sync status)."))
    return 0


def sync_conflicts(args: argparse.Namespace, secrets: Passphrases) -> int:
    with _open(args, secrets) as ws:
        if args.resolve is not None:
            ws.store.run(lambda s: resolve(s, args.resolve, default=args.take))
            print(_t("已处理，下次同步时上传。", "Resolved; it is sent with the next sync."))
            return 0
        conflicts = ws.store.run(open_conflicts)
    if not conflicts:
        print(_t("没有冲突。", "No conflicts."))
    for item in conflicts:
        print(f"{item.id}\t{item.entity}\t{item.entity_id}\t{','.join(item.fields)}")
    return 0


SYNC_COMMANDS = {
    ("sync", "enrol"): sync_enrol,
    ("sync", "status"): sync_status,
    ("sync", "run"): sync_run,
    ("sync", "conflicts"): sync_conflicts,
}
