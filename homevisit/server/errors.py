"""Typed errors of the central API. Each maps to one HTTP status and a stable code
(homevisit.protocol.errors.ErrorCode); none ever carries personal data."""

from __future__ import annotations

from homevisit.errors import HomevisitError
from homevisit.i18n import Text
from homevisit.protocol.errors import ErrorCode


class ApiError(HomevisitError):
    status = 400
    code = "bad_request"
    text = Text("请求有误。", "Bad request.")
    wipe: bool | None = None
    retry_after: int | None = None


class MalformedJson(ApiError):
    code = ErrorCode.MALFORMED_JSON
    text = Text("请求内容不是有效的 JSON。", "The request body is not valid JSON.")


class InvalidRequest(ApiError):
    status = 422
    code = ErrorCode.INVALID_REQUEST
    text = Text("请求字段有误，见 details。", "Some request fields are invalid; see details.")


class BodyTooLarge(ApiError):
    status = 413
    code = ErrorCode.BODY_TOO_LARGE
    text = Text(
        "请求内容过大（上限 {limit} 字节）。",
        "The request body is too large (limit {limit} bytes).",
    )


class NotFound(ApiError):
    status = 404
    code = ErrorCode.NOT_FOUND
    text = Text("找不到请求的内容。", "Not found.")


class MethodNotAllowed(ApiError):
    status = 405
    code = ErrorCode.METHOD_NOT_ALLOWED
    text = Text("不支持该请求方法。", "Method not allowed.")


class Unauthenticated(ApiError):
    status = 401
    code = ErrorCode.UNAUTHENTICATED
    text = Text("请先登录。", "Log in first.")


class TokenExpired(Unauthenticated):
    code = ErrorCode.TOKEN_EXPIRED
    text = Text("登录已过期，请刷新或重新登录。", "The session expired; refresh or log in again.")


class DeviceRevoked(Unauthenticated):
    code = ErrorCode.DEVICE_REVOKED
    wipe = True
    text = Text(
        "此设备已被管理员停用，本机数据将被清除。",
        "This device was revoked by an administrator; its local data will be wiped.",
    )


class BadCredentials(Unauthenticated):
    code = ErrorCode.BAD_CREDENTIALS
    text = Text("用户名或密码不正确。", "Wrong username or password.")


class AccountDisabled(ApiError):
    status = 403
    code = ErrorCode.ACCOUNT_DISABLED
    text = Text(
        "该账户已停用，请联系管理员。", "This account is disabled; contact your administrator."
    )


class TooManyAttempts(ApiError):
    status = 429
    code = ErrorCode.TOO_MANY_ATTEMPTS
    text = Text(
        "登录失败次数过多，请 {seconds} 秒后再试。",
        "Too many failed logins; try again in {seconds} s.",
    )


class Forbidden(ApiError):
    status = 403
    code = ErrorCode.FORBIDDEN
    text = Text("无权进行此操作。", "You are not allowed to do this.")


class Conflict(ApiError):
    status = 409
    code = ErrorCode.CONFLICT
    text = Text("与服务器上的数据冲突。", "Conflicts with the data on the server.")


class DocumentInvalid(ApiError):
    """A data document (form, code list, rule set …) that devices could not use as it is."""

    status = 422
    code = ErrorCode.DOCUMENT_INVALID
    text = Text("文档未保存：{zh}。请改正后再发布。",
                "The document was not stored: {en}. Correct it, then publish again.")


class DocumentPublished(Conflict):
    text = Text(
        "{kind} {doc_id} v{version} 已发布，发布后不能修改；请以新的版本号发布。",
        "{kind} {doc_id} v{version} is published and cannot change; publish a new version.",
    )


class DocumentVersionOld(Conflict):
    text = Text(
        "{kind} {doc_id} 已有 v{newest}；新版本号须大于它。",
        "{kind} {doc_id} already has v{newest}; a new version needs a higher number.",
    )


class DocumentNotPublished(Conflict):
    text = Text(
        "{kind} {doc_id} v{version} 不是已发布状态，不能停用。",
        "{kind} {doc_id} v{version} is not published, so it cannot be retired.",
    )


class AuditLogRolledBack(Conflict):
    code = ErrorCode.AUDIT_LOG_ROLLED_BACK
    text = Text(
        "本设备的审计日志与服务器已确认的记录不符（第 {seq} 条），可能被删改或用旧副本替换。"
        "已记录，请联系管理员。",
        "This device's audit log disagrees with what the server acknowledged (entry {seq}); "
        "it may have been trimmed or restored from an older copy. This was recorded; contact "
        "your administrator.",
    )


class ShiftRefused(ApiError):
    """A volunteer shift that cannot be: not a volunteer, or a day the desk is closed."""

    status = 422
    code = ErrorCode.SHIFT_REFUSED
    text = Text("无法安排值班：{zh}。", "The shift was not stored: {en}.")


class ClientTooOld(ApiError):
    status = 426
    code = ErrorCode.CLIENT_TOO_OLD
    text = Text(
        "家访通版本过旧（最低 {minimum}），请升级后再同步。",
        "This Homevisit is too old (minimum {minimum}); upgrade it, then sync again.",
    )


class ClientVersionMissing(ApiError):
    status = 426
    code = ErrorCode.CLIENT_VERSION_MISSING
    text = Text(
        "请求缺少客户端版本（X-Homevisit-Client）。",
        "The request does not say its client version (X-Homevisit-Client).",
    )


class OffsetMismatch(ApiError):
    status = 409
    code = ErrorCode.OFFSET_MISMATCH
    text = Text(
        "上传位置不符（服务器已有 {offset} 字节）。",
        "Upload offset mismatch (server has {offset} bytes).",
    )


class ChecksumMismatch(ApiError):
    status = 422
    code = ErrorCode.CHECKSUM_MISMATCH
    text = Text("校验和不符，数据在传输中损坏，请重传。", "Checksum mismatch; resend the data.")


# --- sync, uploads and review (issue 4 items 4-5) -----------------------------------------


class UploadExpired(ApiError):
    status = 410
    code = ErrorCode.UPLOAD_EXPIRED
    text = Text("上传已过期，请重新开始上传。", "The upload expired; start it again.")


class TooManyUploads(ApiError):
    """The device has as many unfinished uploads (or bytes in them) as it may: finish or
    let them expire first."""

    status = 429
    code = ErrorCode.TOO_MANY_UPLOADS
    retry_after = 600
    text = Text(
        "本设备未完成的上传过多，请先完成已开始的上传，稍后再试。",
        "This device has too many unfinished uploads; finish those first, then try again.",
    )


class IllegalTransition(ApiError):
    status = 409
    code = ErrorCode.ILLEGAL_TRANSITION
    text = Text("当前状态下不能进行此操作。", "Not allowed in the current status.")


class OpenFlags(ApiError):
    status = 409
    code = ErrorCode.OPEN_FLAGS
    text = Text(
        "该家访还有 {count} 条未处理的核查提示，处理后才能审核通过。",
        "This visit has {count} undecided flags; decide them before approving.",
    )


class StaleVersion(ApiError):
    status = 409
    code = ErrorCode.STALE_VERSION
    text = Text(
        "家访已有更新的版本（{version}），请刷新后再审核。",
        "The visit has a newer version ({version}); reload it before reviewing.",
    )


class CommentsRequired(ApiError):
    status = 422
    code = ErrorCode.INVALID_REQUEST
    text = Text("退回时请至少写一条意见。", "Returning a visit needs at least one comment.")


class ServerBusy(ApiError):
    """Every database connection stayed busy past the pool timeout: back off and retry."""

    status = 503
    code = ErrorCode.SERVER_BUSY
    retry_after = 5
    text = Text("服务器繁忙，请稍后自动重试。", "The server is busy; it will be retried shortly.")


# --- start-up refusals (issue 9 item 9): not HTTP answers; the server does not start -------


class RosterSecretMissing(HomevisitError):
    code = "roster_secret_missing"
    text = Text(
        "找不到名册比对密钥文件（--secret-file）。首次部署请运行 `homevisit-server init` 生成；"
        "多台 API 主机须共用同一个文件。",
        "The roster-matching secret file (--secret-file) is missing. On a first install run "
        "`homevisit-server init` to make it; several API hosts must share one file.",
    )


class RosterSecretUnreadable(HomevisitError):
    code = "roster_secret_unreadable"
    text = Text(
        "名册比对密钥文件内容无效（应为 64 个十六进制字符）。请换回原文件。",
        "The roster-matching secret file is not valid (64 hex characters expected). Put the "
        "original file back.",
    )


class RosterSecretMismatch(HomevisitError):
    code = "roster_secret_mismatch"
    text = Text(
        "名册比对密钥文件与数据库记录的指纹不符，服务器拒绝启动（否则名册将无法比对）。"
        "请使用创建该数据库时的密钥文件（多台主机须共用同一个文件）。",
        "The roster-matching secret file does not match the fingerprint stored in the "
        "database, so the server will not start (rosters would never match). Use the file "
        "this database was set up with (every API host must share the same file).",
    )


class DocumentPublishedMeanwhile(Conflict):
    text = Text(
        "{kind} {doc_id} v{version} 刚刚由另一次发布保存；"
        "请用 forms list 查看后再决定是否以新版本号发布。",
        "{kind} {doc_id} v{version} was just stored by another publish; check it with "
        "forms list, then publish a new version if yours differs.",
    )
