"""Typed errors of the core. Each carries a stable code and a message in zh and en.

Messages say what happened and what to do; they never contain personal data (no names, ID
numbers, phone numbers or passphrases), because exceptions end up in logs and tracebacks.
"""

from __future__ import annotations

from homevisit.i18n import Text


class HomevisitError(Exception):
    """Base of every error the user may see. ``code`` is machine-readable."""

    code = "error"
    text = Text("发生错误。", "Something went wrong.")

    def __init__(self, text: Text | None = None, **values: object) -> None:
        self.text = (text or type(self).text).format(**values) if values else (
            text or type(self).text
        )
        super().__init__(self.text.en)

    def __str__(self) -> str:
        return str(self.text)


# --- profiles and keys -------------------------------------------------------------------


class ProfileError(HomevisitError):
    code = "profile"
    text = Text("档案出错。", "Profile error.")


class ProfileNotFound(ProfileError):
    code = "profile_not_found"
    text = Text(
        "找不到该档案。请用 `homevisit profile list` 查看已有档案。",
        "No profile by that name. Run `homevisit profile list` to see the profiles.",
    )


class ProfileExists(ProfileError):
    code = "profile_exists"
    text = Text(
        "同名档案已存在。请换一个名称。",
        "A profile with that name already exists. Choose another name.",
    )


class ProfileNameLookalike(ProfileError):
    code = "profile_name_lookalike"
    text = Text(
        "该名称与本机已有的一个档案名称看起来相同（可能混用了全角字母或其他文字的字母）。"
        "请换一个名称。",
        "This name looks the same as a profile name already on this computer (full-width or "
        "other scripts' letters). Choose another name.",
    )


class WrongPassphrase(ProfileError):
    code = "wrong_passphrase"
    text = Text(
        "口令不正确，请重试（第 {attempt} 次失败，已等待 {delay:.1f} 秒）。",
        "Wrong passphrase; try again (failed attempt {attempt}, waited {delay:.1f} s).",
    )


class KeySlotDamaged(ProfileError):
    code = "key_slot_damaged"
    text = Text(
        "档案的密钥文件缺失或已损坏，无法解锁。数据未被改动；请联系管理员从服务器重新下载。",
        "The profile's key slot is missing or damaged, so it cannot be unlocked. Your data "
        "was not touched; ask your administrator to re-download it from the server.",
    )


class WeakPassphrase(ProfileError):
    code = "weak_passphrase"
    text = Text(
        "口令太短：至少需要 {minimum} 个字符。",
        "Passphrase too short: use at least {minimum} characters.",
    )


class ProfileLocked(ProfileError):
    code = "profile_locked"
    text = Text("档案已锁定，请先解锁。", "The profile is locked; unlock it first.")


# --- store ------------------------------------------------------------------------------


class StoreError(HomevisitError):
    code = "store"
    text = Text("本地数据库出错。", "Local database error.")


class StoreCorrupt(StoreError):
    code = "store_corrupt"
    text = Text(
        "本地数据库已损坏或被篡改，已停止使用。数据未被覆盖；请联系管理员。",
        "The local database is damaged or was tampered with and has been closed. Nothing was "
        "overwritten; contact your administrator.",
    )


class StoreReadOnly(StoreError):
    code = "store_read_only"
    text = Text(
        "本地数据库的检查发现了损坏，现在只读：可以查看，但不能保存修改。请运行 "
        "`homevisit store restore` 从升级前保留的备份恢复；没有备份时请联系管理员。",
        "A check found damage in the local database, so it is now read-only: you can look at "
        "your data but not save changes. Run `homevisit store restore` to restore the copy "
        "kept before the last upgrade; if there is none, contact your administrator.",
    )


class StoreTooNew(StoreError):
    code = "store_too_new"
    text = Text(
        "本地数据库来自更新版本的家访通，请升级本软件。",
        "The local database was made by a newer Homevisit; please upgrade this app.",
    )


class StoreNotFound(StoreError):
    code = "store_not_found"
    text = Text(
        "找不到本地数据库文件。请检查档案目录，或从服务器重新下载。",
        "The local database file is missing. Check the profile folder, or download it again "
        "from the server.",
    )


class StoreClosed(StoreError):
    code = "store_closed"
    text = Text(
        "本地数据库已关闭（档案已锁定）。请重新解锁。",
        "The local database is closed (the profile was locked). Unlock it again.",
    )


# --- vault ------------------------------------------------------------------------------


class VaultError(HomevisitError):
    code = "vault"
    text = Text("附件出错。", "Attachment error.")


class AttachmentTampered(VaultError):
    code = "attachment_tampered"
    text = Text(
        "附件已损坏或被篡改，不予显示。请重新拍摄或重新导入。",
        "The attachment is damaged or was tampered with and will not be shown. Capture or "
        "import it again.",
    )


class AttachmentMissing(VaultError):
    code = "attachment_missing"
    text = Text(
        "找不到附件文件。请重新拍摄或重新导入。",
        "The attachment file is missing. Capture or import it again.",
    )


class UnsupportedFileType(VaultError):
    code = "unsupported_file_type"
    text = Text(
        "只接受 JPEG、PNG 图片和 PDF 文件；该文件的内容不是这几种格式。",
        "Only JPEG and PNG images and PDF files are accepted; this file's content is none of "
        "them.",
    )


class ImageTooLarge(VaultError):
    code = "image_too_large"
    text = Text(
        "图片像素过多（可能是恶意文件），已拒绝。请用普通照片或扫描件。",
        "The image has too many pixels (possibly a malicious file) and was refused. Use an "
        "ordinary photo or scan.",
    )


class FileTooLarge(VaultError):
    code = "file_too_large"
    text = Text(
        "文件太大（上限 {limit_mb} MB）。请压缩或拆分后再导入。",
        "The file is too large (limit {limit_mb} MB). Compress or split it, then import again.",
    )


class FileTypeMismatch(UnsupportedFileType):
    code = "file_type_mismatch"
    text = Text(
        "文件扩展名（{extension}）与文件内容（{actual}）不符，已拒绝。请确认选择的是原始文件。",
        "The file's extension ({extension}) does not match its content ({actual}), so it was "
        "refused. Make sure you picked the original file.",
    )


class FileUnreadable(UnsupportedFileType):
    code = "file_unreadable"
    text = Text(
        "文件内容已损坏或不完整，无法读取（{kind}）。请重新拍摄、扫描或导出后再导入。",
        "The file is damaged or incomplete and cannot be read ({kind}). Capture, scan or "
        "export it again, then import.",
    )


# --- files the user names and the disk ------------------------------------------------


class InputFileError(HomevisitError):
    code = "input_file"
    text = Text("无法读取所选文件。", "The chosen file cannot be read.")


class InputFileMissing(InputFileError):
    code = "input_file_missing"
    text = Text(
        "找不到所选文件。请检查文件名和位置后重试。",
        "The chosen file does not exist. Check its name and folder, then try again.",
    )


class NotARegularFile(InputFileError):
    code = "not_a_regular_file"
    text = Text(
        "只能选择普通文件；所选的是文件夹、管道或设备。请选择一个文件。",
        "Only ordinary files can be used; this is a folder, pipe or device. Choose a file.",
    )


class InputFileUnreadable(InputFileError):
    code = "input_file_unreadable"
    text = Text(
        "无法打开所选文件（没有权限或被其他程序占用）。请检查后重试。",
        "The chosen file cannot be opened (no permission, or in use by another program). "
        "Check it, then try again.",
    )


class DiskFull(HomevisitError):
    code = "disk_full"
    text = Text(
        "磁盘空间不足，操作未完成，未留下临时文件。请腾出空间后重试。",
        "The disk is full; nothing was saved and no temporary file was left. Free some space, "
        "then try again.",
    )


class FileWriteFailed(HomevisitError):
    code = "file_write_failed"
    text = Text(
        "无法读写文件（文件夹不存在、没有权限或磁盘出错），操作未完成。请检查目标位置后重试。",
        "A file could not be read or written (missing folder, no permission or a disk error); "
        "nothing was done. Check the location, then try again.",
    )


class UnexpectedError(HomevisitError):
    code = "unexpected"
    text = Text(
        "发生意外错误（{kind}），操作未完成，数据未被改动。请重试；如仍出现，请联系管理员。",
        "An unexpected error occurred ({kind}); nothing was changed. Try again; if it happens "
        "again, contact your administrator.",
    )


# --- validation and audit ---------------------------------------------------------------


class ValidationError(HomevisitError):
    code = "invalid"
    text = Text("输入有误。", "Invalid input.")


class UnstorableValue(ValidationError):
    """A record holds text with a NUL or a lone surrogate, NaN or ±Infinity, or a number
    beyond 64 bits: the server would refuse it, so it is never queued for sync."""

    code = "unstorable_value"
    text = Text(
        "“{field}”含有无法保存或同步的内容（空字符、残缺字符或无效数字），请修改后再保存。",
        "“{field}” holds something that cannot be stored or synced (a NUL, a broken "
        "character or an invalid number); correct it, then save again.",
    )


class AuditChainBroken(HomevisitError):
    code = "audit_chain_broken"
    text = Text(
        "审计日志在第 {seq} 条处断裂，可能被篡改。请联系管理员。",
        "The audit log is broken at entry {seq}; it may have been tampered with. Contact your "
        "administrator.",
    )


class AuditLogTrimmed(AuditChainBroken):
    code = "audit_log_trimmed"
    text = Text(
        "审计日志的最新 {missing} 条记录已被删除（日志应到第 {expected} 条，现仅到第 {head} 条）。"
        "请联系管理员。",
        "The newest {missing} audit log entries were removed (the log should reach entry "
        "{expected}, it ends at {head}). Contact your administrator.",
    )


class AuditLogRolledBack(AuditChainBroken):
    code = "audit_log_rolled_back"
    text = Text(
        "本机数据库比审计日志的已确认记录旧（第 {seq} 条不符），可能被旧副本替换。请联系管理员。",
        "The local database is older than the audit log's confirmed head (entry {seq} does not "
        "match); an older copy may have been put back. Contact your administrator.",
    )


class ConsentRequired(HomevisitError):
    code = "consent_required"
    text = Text(
        "监护人尚未同意“{choice_zh}”，不能保存这项内容。请先在知情同意步骤勾选该项并由监护人确认。",
        "The guardian has not agreed to “{choice_en}”, so this cannot be saved. Tick it in the "
        "consent step and have the guardian confirm first.",
    )


class ReauthRequired(ProfileError):
    code = "reauth_required"
    text = Text(
        "请重新输入口令：显示完整号码、导出和打印需要在 {minutes} 分钟内验证过口令。",
        "Enter your passphrase again: showing full numbers, exporting and printing need it "
        "within {minutes} minutes.",
    )


class FullIdsNotAllowed(ProfileError):
    code = "full_ids_not_allowed"
    text = Text(
        "您的角色不能导出完整身份证号和电话（服务器策略 export_full_ids）。导出已按部分隐藏的"
        "号码进行；如确需完整号码，请联系管理员。",
        "Your role may not export full ID numbers and phones (server policy "
        "export_full_ids). Export with them partly hidden, or ask your administrator.",
    )


# --- visit logic: form definitions, code lists, scoring rules ---------------------------


class VisitLogicError(HomevisitError):
    code = "visit_logic"
    text = Text("家访表单或规则出错。", "Error in a visit form or rule set.")


class ResourcesMissing(VisitLogicError):
    code = "resources_missing"
    text = Text(
        "找不到程序自带的数据文件（resources 目录）。请重新安装家访通。",
        "The app's data files (the resources directory) are missing. Reinstall Homevisit.",
    )


class DefinitionNotFound(VisitLogicError):
    code = "definition_not_found"
    text = Text(
        "找不到表单“{form_id}”的第 {version} 版。请同步后再打开此家访。",
        "Version {version} of form “{form_id}” is not on this device. Sync, then open the "
        "visit again.",
    )


class DefinitionInvalid(VisitLogicError):
    code = "definition_invalid"
    text = Text(
        "数据文件“{source}”格式不正确（{where}）：{reason}",
        "The data file “{source}” is malformed ({where}): {reason}",
    )


class CodeListNotFound(VisitLogicError):
    code = "codelist_not_found"
    text = Text(
        "找不到代码表“{name}”。请同步或重新安装。",
        "Code list “{name}” is missing. Sync or reinstall.",
    )


class RuleSetInvalid(VisitLogicError):
    code = "rule_set_invalid"
    text = Text(
        "规则文件“{source}”格式不正确（{where}）：{reason}",
        "The rule set “{source}” is malformed ({where}): {reason}",
    )


class VisitNotEditable(VisitLogicError):
    code = "visit_not_editable"
    text = Text(
        "该家访已定稿，不能再修改。退回后可修订。",
        "This visit is finalized and can no longer be changed; it can be revised once returned.",
    )


class VisitIncomplete(VisitLogicError):
    code = "visit_incomplete"
    text = Text(
        "家访记录尚未填写完整（{missing}），不能定稿。",
        "The visit is not complete yet ({missing}); it cannot be finalized.",
    )


# --- supervisor review (issue 15) ----------------------------------------------------------


class ReviewError(HomevisitError):
    code = "review"
    text = Text("审核操作未能完成。", "The review action could not be completed.")


class NotReviewable(ReviewError):
    code = "not_reviewable"
    text = Text(
        "这次家访目前不在待审核状态，不能作出此决定。请先同步，查看最新状态。",
        "This visit is not awaiting review, so this decision cannot be made. Sync first to "
        "see its latest status.",
    )


class ApproveBlocked(ReviewError):
    """Approval with undecided flags; ``flag_ids`` names them (open or explained)."""

    code = "approve_blocked"
    text = Text(
        "还有 {count} 条核查提示尚未处理（待核实或辅导员已说明），不能批准。请先逐条确认或排除，"
        "或退回辅导员补充。",
        "{count} flag(s) are still undecided (open, or explained by the counselor), so the "
        "visit cannot be approved. Confirm or dismiss each one first, or return the visit.",
    )

    def __init__(self, flag_ids: list[str]) -> None:
        super().__init__(count=len(flag_ids))
        self.flag_ids = flag_ids


class DecisionPending(ReviewError):
    code = "decision_pending"
    text = Text(
        "这次家访已有一个尚未同步的审核决定。同步后再作新的决定。",
        "A decision on this visit is waiting to be synced. Sync before making another.",
    )


class CommentsRequired(ReviewError):
    code = "comments_required"
    text = Text(
        "退回时请至少写一条意见，说明需要辅导员补充或修改什么。",
        "Write at least one comment when returning a visit: say what the counselor should "
        "add or change.",
    )


class ReasonRequired(ReviewError):
    code = "reason_required"
    text = Text(
        "请填写理由（例如：已退休、非监护人、公司已注销）。",
        "Give a reason (for example: retired, not the custodial parent, company deregistered).",
    )


class TextTooLong(ReviewError):
    code = "text_too_long"
    text = Text(
        "内容太长（最多 {limit} 字），请精简后再保存。",
        "The text is too long (at most {limit} characters); shorten it and save again.",
    )


class FlagAlreadyDecided(ReviewError):
    code = "flag_already_decided"
    text = Text(
        "这条核查提示已经处理过（或已有待同步的处理），不能再次处理。",
        "This flag is already decided (or a decision on it is waiting to be synced).",
    )


class CommentNotFound(ReviewError):
    code = "comment_not_found"
    text = Text("找不到这条审核意见。请先同步。", "This review comment was not found. Sync first.")


class MemberNotInHousehold(ReviewError):
    code = "member_not_in_household"
    text = Text(
        "所选成员不属于这户家庭。请重新选择。",
        "The chosen member is not in this household. Choose again.",
    )


class VisitApproved(ReviewError):
    code = "visit_approved"
    text = Text(
        "这次家访已批准，不能再回复意见。",
        "This visit is approved; its comments can no longer be answered.",
    )


class AnswerRequired(ReviewError):
    code = "answer_required"
    text = Text("请写下回复内容再保存。", "Write an answer before saving.")


# --- planning: appointments and hand-backs (issue 19) --------------------------------------


class PlanningError(HomevisitError):
    code = "planning"
    text = Text("日程操作未能完成。", "The planning action could not be completed.")


class HouseholdNotHeld(PlanningError):
    code = "household_not_held"
    text = Text(
        "这户家庭不在本机上（可能已移交他人）。请先同步。",
        "This household is not on this computer (it may have been handed over). Sync first.",
    )


class AppointmentTimeRequired(PlanningError):
    code = "appointment_time_required"
    text = Text(
        "请选择家访的日期和时间（北京时间）。",
        "Choose the date and time of the visit (Beijing time).",
    )


class AppointmentNotFound(PlanningError):
    code = "appointment_not_found"
    text = Text("找不到这条预约。请先同步。", "This appointment was not found. Sync first.")


class HandbackNoteRequired(PlanningError):
    code = "handback_note_required"
    text = Text(
        "选择“其他原因”时，请写明原因。",
        "When the reason is “other”, say what it is in the note.",
    )


class HandbackPending(PlanningError):
    code = "handback_pending"
    text = Text(
        "这户家庭已有一份待主管处理的移交申请。请等待答复。",
        "A hand-back of this household is already waiting for the supervisor. Wait for the "
        "answer.",
    )


class HandbackNotAwaiting(PlanningError):
    code = "handback_not_awaiting"
    text = Text(
        "这份移交申请已经处理过（或已有待同步的答复）。请先同步。",
        "This hand-back is already answered (or an answer is waiting to be synced). Sync "
        "first.",
    )


class NewCounselorRequired(PlanningError):
    code = "new_counselor_required"
    text = Text(
        "同意移交时，请选择接手的辅导员（不能是申请人本人）。",
        "To accept, choose the counselor who takes the household over (not the one who "
        "handed it back).",
    )


class DecisionNoteRequired(PlanningError):
    code = "decision_note_required"
    text = Text("请写下处理意见再保存。", "Write a note with your answer before saving.")
