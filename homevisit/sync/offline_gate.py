"""The offline limit (DESIGN §4): after the policy's ``max_offline_days`` without server
contact, or with the laptop's clock set back behind the last server time seen, a profile
unlocks only after a successful online check, or says clearly why it cannot."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from homevisit.errors import HomevisitError
from homevisit.i18n import Text
from homevisit.model import SyncState
from homevisit.profiles import Profile
from homevisit.sync.backoff import RetryPolicy
from homevisit.sync.errors import SyncError
from homevisit.sync.policies import load_policies
from homevisit.workspace import Workspace

# A laptop clock this far behind the server's last time is "set back", not drift.
CLOCK_TOLERANCE = dt.timedelta(minutes=10)
# The user waits at the unlock screen: a few quick tries, not a sync's long backoff.
UNLOCK_RETRY = RetryPolicy(base_seconds=0.5, cap_seconds=2.0, max_attempts=3)


class OnlineUnlockRequired(SyncError):
    code = "online_unlock_required"
    text = Text(
        "{why_zh}需要先联网验证才能解锁，但验证没有成功：{error_zh}",
        "{why_en} The profile unlocks only after an online check, which did not succeed: "
        "{error_en}",
    )


_TOO_LONG = Text("已超过 {days} 天未连接服务器。",
                 "No contact with the server for over {days} days.")
_CLOCK_BACK = Text("本机时钟早于上次连接服务器时的时间（可能被调回）。",
                   "This computer's clock is behind the server's time at the last contact (it "
                   "may have been set back).")


def offline_reason(session: Session, now: dt.datetime | None = None) -> Text | None:
    """Why this profile needs an online check before it opens, or None."""
    state = session.get(SyncState, 1)
    if state is None or state.last_server_contact_at is None:
        return None  # never reached a server: not held back (enrolment is online anyway)
    now = now or dt.datetime.now(dt.UTC)
    seen = max(t for t in (state.last_server_time, state.last_server_contact_at) if t)
    if now < seen - CLOCK_TOLERANCE:
        return _CLOCK_BACK
    days = load_policies(session).max_offline_days
    if now - state.last_server_contact_at > dt.timedelta(days=days):
        return _TOO_LONG.format(days=days)
    return None


def open_checked(profile: Profile | str, passphrase: str, *,
                 now: dt.datetime | None = None,
                 retry: RetryPolicy = UNLOCK_RETRY) -> Workspace:
    """:meth:`Workspace.open`, then the offline limit: an online check when it is reached
    (:class:`OnlineUnlockRequired` with the reason and what failed when it cannot be made;
    the profile is locked again)."""
    from homevisit.sync.engine import SyncEngine, shredder

    workspace = Workspace.open(profile, passphrase)
    try:
        reason = workspace.store.run(lambda s: offline_reason(s, now))
        if reason is not None:
            engine = SyncEngine(workspace.store, workspace.vault,
                                wipe=shredder(workspace.unlocked.profile, workspace.store),
                                retry=retry)
            try:
                engine.check_in()
            except HomevisitError as error:
                raise OnlineUnlockRequired(why_zh=reason.zh, why_en=reason.en,
                                           error_zh=error.text.zh,
                                           error_en=error.text.en) from None
            finally:
                engine.close()
    except BaseException:
        if not workspace.store.closed:
            workspace.close()
        else:
            workspace.unlocked.lock()
        raise
    return workspace
