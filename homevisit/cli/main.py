"""`homevisit`: the desktop app's command line (profiles, store checks, the attachment vault,
exports).

Errors are typed (:mod:`homevisit.errors`) and printed in the user's language with what to do;
exit status 1 means a refused action, 2 a usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import errno
import sys
from collections.abc import Sequence
from pathlib import Path

from homevisit import __version__, profiles, store_damage
from homevisit.cli.export_cmds import EXPORT_COMMANDS, add_export_commands
from homevisit.cli.gui_cmds import GUI_COMMANDS, add_gui_commands
from homevisit.cli.profile_choice import NO_PROFILE, choose_profile, open_workspace
from homevisit.cli.prompt import OLD_PROMPT, Passphrases
from homevisit.cli.sync_cmds import SYNC_COMMANDS, add_sync_commands
from homevisit.errors import (
    DiskFull,
    FileWriteFailed,
    HomevisitError,
    StoreCorrupt,
    StoreError,
    StoreReadOnly,
    UnexpectedError,
)
from homevisit.i18n import current_language
from homevisit.regular_file import open_regular
from homevisit.vault import Vault
from homevisit.workspace import Workspace


def t(zh: str, en: str) -> str:
    return en if current_language() == "en" else zh


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="homevisit",
        description=t("家访通：学生资助家访的离线桌面工具。", "Homevisit: offline-first "
                      "fieldwork app for student-aid home visits."),
    )
    parser.add_argument("--version", action="version", version=f"homevisit {__version__}")
    parser.add_argument("--profile", metavar=t("名称", "NAME"),
                        help=t("使用哪个档案（本机只有一个时可省略）",
                               "which profile to use (optional when there is only one)"))
    parser.add_argument("--passphrase-stdin", action="store_true",
                        help=t("从标准输入逐行读取口令（供脚本使用）",
                               "read passphrases from standard input, one per line (scripts)"))
    groups = parser.add_subparsers(dest="group", metavar=t("命令", "COMMAND"), required=True)

    profile = groups.add_parser("profile", help=t("管理本机档案", "manage this machine's profiles"))
    p = profile.add_subparsers(dest="action", required=True)
    create = p.add_parser("create", help=t("创建档案（设定本地口令）",
                                           "create a profile (choose a local passphrase)"))
    create.add_argument("name")
    p.add_parser("list", help=t("列出档案", "list profiles"))
    delete = p.add_parser("delete", help=t("删除档案（加密粉碎，不可恢复）",
                                           "delete a profile (crypto-shred, irreversible)"))
    delete.add_argument("name")
    delete.add_argument("--yes", action="store_true",
                        help=t("不再询问确认", "do not ask for confirmation"))
    delete.add_argument("--forgot-passphrase", action="store_true",
                        help=t("忘记口令时删除：显示未同步的数据并确认其将永久丢失",
                               "delete without the passphrase: shows the unsynced work and "
                               "confirms it will be lost"))
    passwd = p.add_parser("passwd", help=t("修改档案口令", "change a profile's passphrase"))
    passwd.add_argument("name", nargs="?")

    store = groups.add_parser("store", help=t("本地数据库", "the local database"))
    s = store.add_subparsers(dest="action", required=True)
    s.add_parser("check", help=t("检查数据库完整性和审计日志链",
                                 "check database integrity and the audit chain"))
    s.add_parser("restore", help=t("从升级前保留的备份恢复损坏的数据库",
                                   "restore a damaged database from the copy kept before "
                                   "the last upgrade"))

    vault = groups.add_parser("vault", help=t("加密附件库", "the encrypted attachment vault"))
    v = vault.add_subparsers(dest="action", required=True)
    imp = v.add_parser("import", help=t("导入 JPEG、PNG 或 PDF 文件",
                                        "import a JPEG, PNG or PDF file"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--doc-type", default="document",
                     help=t("材料类型", "document type"))
    imp.add_argument("--visit", metavar="ID",
                     help=t("归入该次家访（需监护人已同意该类拍摄）",
                            "file it under this visit (needs the guardian's consent to "
                            "that kind of capture)"))
    v.add_parser("list", help=t("列出附件", "list attachments"))
    exp = v.add_parser("export", help=t("解密导出附件（记入审计日志）",
                                        "decrypt an attachment to a file (audited)"))
    exp.add_argument("id")
    exp.add_argument("out", type=Path)
    add_gui_commands(groups)
    add_sync_commands(groups)
    add_export_commands(groups)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    secrets = Passphrases(args.passphrase_stdin)
    try:
        return COMMANDS[(args.group, args.action)](args, secrets)
    except KeyboardInterrupt:
        print(t("已取消。", "Cancelled."), file=sys.stderr)
        return 130
    except Exception as error:
        print(t("错误：", "Error: ") + str(user_facing(error)), file=sys.stderr)
        return 1


def user_facing(error: Exception) -> HomevisitError:
    """The typed error to show for ``error``. An OSError's text names the file (file names
    carry names and ID numbers), and a traceback may show values, so neither is printed."""
    if isinstance(error, HomevisitError):
        return error
    if isinstance(error, OSError):
        return DiskFull() if error.errno == errno.ENOSPC else FileWriteFailed()
    return UnexpectedError(kind=type(error).__name__)


# --- profile -----------------------------------------------------------------------------


def profile_create(args: argparse.Namespace, secrets: Passphrases) -> int:
    passphrase = secrets.ask_new()
    print(t("正在按本机速度调整密钥强度，请稍候…", "Tuning key strength to this machine…"),
          file=sys.stderr)
    created = profiles.create_profile(args.name, passphrase)
    print(t(f"已创建档案“{created.name}”。", f"Created profile “{created.name}”."))
    return 0


def profile_list(args: argparse.Namespace, secrets: Passphrases) -> int:
    found = profiles.list_profiles()
    if not found:
        print(str(NO_PROFILE))
    for item in found:
        print(f"{item.name}\t{item.created}\t{item.id}")
    return 0


def profile_delete(args: argparse.Namespace, secrets: Passphrases) -> int:
    """Deleting needs the profile's own passphrase (a shared laptop: one volunteer must not
    delete another's work), or the explicit forgot-passphrase path, which shows what was
    unsynced at the last lock and that it will be lost."""
    target = profiles.find_profile(args.name)
    passphrase = None
    if args.forgot_passphrase:
        print(t("忘记口令时无法读取该档案的数据，也无法把未同步的数据交给服务器。",
                "Without the passphrase this profile's data cannot be read, nor its unsynced "
                "work sent to the server."), file=sys.stderr)
    else:
        passphrase = secrets.ask()
        # Proves the passphrase; closing keeps the live unsynced counts in profile.json. A
        # damaged store: the counts from its last lock are what is known.
        with contextlib.suppress(StoreError):
            Workspace.open(target, passphrase).close()
    print(pending_summary(target), file=sys.stderr)
    if not args.yes:
        answer = input(t(f"将永久删除档案“{target.name}”及其全部数据，无法恢复。"
                         "请输入档案名称确认：",
                         f"This permanently deletes “{target.name}” and all its data; it "
                         "cannot be recovered. Type the profile name to confirm: "))
        if answer.strip() != target.name:
            print(t("名称不符，未删除。", "Name did not match; nothing deleted."),
                  file=sys.stderr)
            return 1
    if passphrase is None:
        profiles.shred_profile(target)
    else:
        profiles.delete_profile(target, passphrase)
    print(t(f"已删除档案“{target.name}”。", f"Deleted profile “{target.name}”."))
    return 0


def pending_summary(target: profiles.Profile) -> str:
    pending = profiles.pending_work(target)
    if pending is None:
        return t("该档案没有记录未同步数据的情况（从未在本版本中锁定过）；"
                 "其中可能有未同步的数据，删除后将丢失。",
                 "This profile has no record of its unsynced work (never locked by this "
                 "version); any unsynced work in it will be lost.")
    never = t("从未同步", "never")
    lost = "" if pending.nothing_pending else t("删除后这些数据将永久丢失。",
                                                 " They will be lost for good.")
    return t(
        f"上次锁定时（{pending.recorded}）：未同步的修改 {pending.changes} 项，未上传的附件 "
        f"{pending.attachments} 个；上次同步：{pending.last_sync or never}。{lost}",
        f"At its last lock ({pending.recorded}): {pending.changes} change(s) not synced, "
        f"{pending.attachments} attachment(s) not uploaded; last sync: "
        f"{pending.last_sync or never}.{lost}")


def profile_passwd(args: argparse.Namespace, secrets: Passphrases) -> int:
    target = profiles.find_profile(args.name) if args.name else choose_profile(args)

    old = secrets.ask(OLD_PROMPT)
    new = secrets.ask_new()
    profiles.change_passphrase(target, old, new)
    print(t("口令已修改。", "Passphrase changed."))
    return 0


# --- store and vault ----------------------------------------------------------------------


SHOWN_PROBLEMS = 20


def store_check(args: argparse.Namespace, secrets: Passphrases) -> int:
    with open_workspace(args, secrets) as ws:
        report = ws.check()
    for problem in report.store_problems[:SHOWN_PROBLEMS]:
        print(t("数据库问题：", "Database problem: ") + problem)
    if len(report.store_problems) > SHOWN_PROBLEMS:
        more = len(report.store_problems) - SHOWN_PROBLEMS
        print(t(f"……另有 {more} 个问题。", f"… and {more} more."))
    if report.audit_error is not None:
        print(str(report.audit_error))
    if report.ok:
        print(t(f"数据库完好；审计日志 {report.audit_events} 条，链条完整。",
                f"Database intact; audit log of {report.audit_events} events, chain intact."))
        return 0
    # Failed page checksums close the store; b-tree or audit damage makes it read-only.
    print(str(StoreReadOnly() if ws.store.read_only else StoreCorrupt()))
    print(restore_offer(ws.unlocked.profile))
    return 1


def restore_offer(profile: profiles.Profile) -> str:
    kept = store_damage.backups(profile.store_path)
    if not kept:
        return t("本机没有该数据库的升级前备份。请联系管理员，从服务器重新下载数据。",
                 "There is no pre-upgrade copy of this database on this computer. Contact "
                 "your administrator to download your data from the server again.")
    when = dt.datetime.fromtimestamp(kept[0].stat().st_mtime).isoformat(timespec="minutes")
    return t(f"可用备份：{when} 升级前保留的副本。运行 `homevisit store restore` 恢复；"
             "备份之后在本机所做且尚未同步的修改将丢失。",
             f"A copy kept before the upgrade of {when} is available. Run `homevisit store "
             "restore` to restore it; changes made on this computer since then and not yet "
             "synced will be lost.")


def store_restore(args: argparse.Namespace, secrets: Passphrases) -> int:
    """Put the newest pre-upgrade copy in place of a damaged store (the damaged one is kept
    aside, never deleted), then check the result."""
    target = choose_profile(args)
    unlocked = profiles.unlock(target, secrets.ask())  # proves the passphrase
    try:
        kept = store_damage.backups(target.store_path)
        if not kept:
            print(restore_offer(target), file=sys.stderr)
            return 1
        store_damage.restore(target.store_path, kept[0])
        with Workspace(unlocked, unlocked.open_store(), Vault(target.vault_dir)) as ws:
            report = ws.check()
    finally:
        unlocked.lock()
    if not report.ok:
        print(t("恢复后的数据库仍有问题，请联系管理员。",
                "The restored database still has problems; contact your administrator."))
        return 1
    print(t("已从升级前的备份恢复，数据库完好。损坏的数据库已另存在档案目录中。请尽快同步。",
            "Restored from the pre-upgrade copy; the database is intact. The damaged database "
            "was kept aside in the profile folder. Sync soon."))
    return 0


def vault_import(args: argparse.Namespace, secrets: Passphrases) -> int:
    # Opened before the passphrase is asked: a folder, FIFO or missing file is refused at
    # once, not after the unlock.
    with open_regular(args.file) as src, open_workspace(args, secrets) as ws:
        item = ws.import_attachment(src, name=args.file.name, doc_type=args.doc_type,
                                    visit_id=args.visit)
    print(item.id)
    print(t(f"已加密导入（{item.mime}，{item.size} 字节）。原文件不会被删除，请按需自行处理。",
            f"Imported and encrypted ({item.mime}, {item.size} bytes). The original file was "
            "not removed; dispose of it as appropriate."), file=sys.stderr)
    return 0


def vault_list(args: argparse.Namespace, secrets: Passphrases) -> int:
    with open_workspace(args, secrets) as ws:
        items = ws.attachments()
    for item in items:
        print(f"{item.id}\t{item.doc_type}\t{item.mime}\t{item.size}\t{item.created_at}")
    return 0


def vault_export(args: argparse.Namespace, secrets: Passphrases) -> int:
    with open_workspace(args, secrets) as ws:
        item = ws.export_attachment(args.id, args.out)
    # The target path is the user's own choice, but its name may carry a name or ID number:
    # it is not repeated in the output.
    print(t(f"已导出（{item.size} 字节，已校验）。导出文件未加密，请妥善保管。",
            f"Exported ({item.size} bytes, verified). The exported file is not encrypted; "
            "keep it safe."))
    return 0


COMMANDS = {
    ("profile", "create"): profile_create,
    ("profile", "list"): profile_list,
    ("profile", "delete"): profile_delete,
    ("profile", "passwd"): profile_passwd,
    ("store", "check"): store_check,
    ("store", "restore"): store_restore,
    ("vault", "import"): vault_import,
    ("vault", "list"): vault_list,
    ("vault", "export"): vault_export,
    **GUI_COMMANDS,
    **SYNC_COMMANDS,
    **EXPORT_COMMANDS,
}

if __name__ == "__main__":
    raise SystemExit(main())
