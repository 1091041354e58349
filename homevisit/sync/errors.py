"""Typed errors of the sync engine. Messages say what happened and what to do, in zh and en;
they never carry personal data, server bodies or tokens."""

from __future__ import annotations

from homevisit import __version__
from homevisit.errors import HomevisitError
from homevisit.i18n import Text


class SyncError(HomevisitError):
    code = "sync"
    text = Text("同步失败。", "Sync failed.")
    retryable = False


class NetworkUnavailable(SyncError):
    code = "network_unavailable"
    text = Text("无法连接服务器，将在联网后自动重试。",
                "Cannot reach the server; sync will retry when the network is back.")
    retryable = True


class ServerBusy(SyncError):
    code = "server_busy"
    text = Text("服务器暂时繁忙（{status}），稍后会自动重试。",
                "The server is busy ({status}); sync will retry later.")
    retryable = True


class NotOurServer(SyncError):
    code = "not_our_server"
    text = Text(
        "收到的回应不是家访通服务器发出的（可能需要先登录酒店或机场等场所的无线网络页面）。本地数据未改动。",
        "The answer did not come from the Homevisit server (a Wi-Fi login page, perhaps: sign "
        "in to the network first). Local data was not changed.",
    )


class RedirectRefused(SyncError):
    code = "redirect_refused"
    text = Text(
        "服务器要求跳转到其他地址，已拒绝（可能是网络被劫持或服务器地址有误）。本地数据未改动。",
        "The server asked to redirect elsewhere; refused (the network may be intercepting "
        "traffic, or the server address is wrong). Local data was not changed.",
    )


class BadServerResponse(SyncError):
    code = "bad_server_response"
    text = Text(
        "服务器的回应格式不正确（{what}），已拒绝。本地数据未改动；请联系管理员。",
        "The server's answer was malformed ({what}) and was refused. Local data was not "
        "changed; contact your administrator.",
    )


class ResponseTooLarge(BadServerResponse):
    code = "response_too_large"
    text = Text(
        "服务器的回应过大（超过 {limit} 字节），已拒绝。本地数据未改动。",
        "The server's answer was too large (over {limit} bytes) and was refused. Local data "
        "was not changed.",
    )


class AuthFailed(SyncError):
    code = "auth_failed"
    text = Text("服务器不再接受本设备的登录凭据，请重新登录。",
                "The server no longer accepts this device's credentials; sign in again.")


class BadCredentials(SyncError):
    code = "bad_credentials"
    text = Text("用户名或密码不正确。", "Wrong username or password.")


class DeviceRevoked(SyncError):
    code = "device_revoked"
    text = Text(
        "管理员已停用本设备，本机上该账户的数据已按规定销毁。如有疑问请联系管理员。",
        "An administrator revoked this device, so this account's data on this laptop has been "
        "destroyed as required. Contact your administrator if this is unexpected.",
    )


class ClientTooOld(SyncError):
    """The server refuses this version (426, or its ``min_client_version`` policy). Nothing
    local is touched: the outbox waits, encrypted on this laptop, until the update syncs it.
    Teachers get installers from their county office, not from a store, so the message names
    who to ask and that upgrading over this version keeps the profiles."""

    code = "client_too_old"
    text = Text(
        "需要升级家访通才能同步（本机 {current}，服务器要求 {minimum} 或更高）。请向县资助中心"
        "索取新版安装包覆盖安装，档案会保留；未同步的记录安全保存在本机，升级后自动同步。",
        "Update Homevisit to sync (this is {current}; the server requires {minimum} or later). "
        "Ask your county student-aid office for the new installer and install it over this "
        "one: profiles are kept. Unsynced records stay safe on this laptop and sync after.",
    )
    text_minimum_unknown = Text(
        "需要升级家访通才能同步（本机 {current}，服务器要求更新的版本）。请向县资助中心索取新版"
        "安装包覆盖安装，档案会保留；未同步的记录安全保存在本机，升级后自动同步。",
        "Update Homevisit to sync (this is {current}; the server requires a newer one). Ask "
        "your county student-aid office for the new installer and install it over this one: "
        "profiles are kept. Unsynced records stay safe on this laptop and sync after.",
    )

    def __init__(self, minimum: str | None = None, current: str = __version__) -> None:
        if minimum:
            super().__init__(minimum=minimum, current=current)
        else:
            super().__init__(ClientTooOld.text_minimum_unknown, current=current)
        self.minimum = minimum
        self.current = current


class ServerRefused(SyncError):
    code = "server_refused"
    text = Text("服务器拒绝了请求（{status} {reason}）。", "The server refused the request "
                "({status} {reason}).")

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(status=status, reason=reason or "-")
        self.status = status
        self.reason = reason


class NotEnrolled(SyncError):
    code = "not_enrolled"
    text = Text("本档案尚未登记到服务器，请先登录。",
                "This profile is not enrolled with a server yet; sign in first.")


class OfflineTooLong(SyncError):
    code = "offline_too_long"
    text = Text("已超过 {days} 天未连接服务器，请联网后解锁。",
                "No contact with the server for over {days} days; go online to unlock.")


class BadCaFile(SyncError):
    code = "bad_ca_file"
    text = Text("CA 证书文件无法读取，或不是 PEM 格式的证书。请向管理员索取服务器的 CA 证书。",
                "The CA file cannot be read or is not a PEM certificate. Ask your "
                "administrator for the server's CA certificate.")


class UntrustedServer(SyncError):
    code = "untrusted_server"
    text = Text("服务器证书未通过验证（不是受信任的 CA 签发，或与地址不符）。本地数据未改动。"
                "若单位使用自己的 CA，请用 `homevisit sync enrol --ca 文件` 登记。",
                "The server's certificate did not verify (not from a trusted CA, or not for "
                "this address). Local data was not changed. If your office runs its own CA, "
                "enrol with `homevisit sync enrol --ca FILE`.")


class ServerTooSlow(SyncError):
    code = "server_too_slow"
    text = Text("服务器在 {seconds} 秒内没有答完，已断开；稍后会自动重试。",
                "The server did not finish answering within {seconds} s; the connection was "
                "closed and sync will retry later.")
    retryable = True


class SyncCancelled(SyncError):
    code = "sync_cancelled"
    text = Text("同步已取消。", "Sync cancelled.")


class InsecureServerUrl(SyncError):
    code = "insecure_server_url"
    text = Text("服务器地址必须以 https:// 开头。", "The server address must start with https://.")


class ConflictNotFound(SyncError):
    code = "conflict_not_found"
    text = Text("找不到该冲突（可能已处理）。", "No such conflict (it may be resolved already).")
