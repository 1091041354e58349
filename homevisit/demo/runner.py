"""``homevisit demo``: the embedded demo server, enrolled demo users, then the app."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from homevisit.app_settings import AppSettings, save_settings
from homevisit.demo.server import (
    DEMO_COUNSELORS,
    DEMO_OTHER_ROLES,
    DEMO_PASSPHRASE,
    DemoServer,
    enrol_demo_profile,
    use_home,
)
from homevisit.i18n import current_language


def _say(zh: str, en: str) -> None:
    print(en if current_language() == "en" else zh, file=sys.stderr, flush=True)


def run_demo(*, households: int = 200, data_dir: Path | None = None) -> int:
    """Run the demo until the window closes; the throwaway data dir goes afterwards."""
    with tempfile.TemporaryDirectory(prefix="homevisit-demo-") as tmp:
        root = Path(data_dir) if data_dir is not None else Path(tmp)
        use_home(root / "home")
        _say("正在启动演示服务器（示例县：丰县）…", "Starting the demo server (demo county)…")
        with DemoServer(root / "server", households=households) as server:
            first = None
            for username in (*DEMO_COUNSELORS, *DEMO_OTHER_ROLES):
                _say(f"正在登记演示用户 {username} 并下载其家访户…",
                     f"Enrolling demo user {username} and downloading their households…")
                profile, error = enrol_demo_profile(server, username)
                if error is not None:
                    _say(f"  下载未完成：{error}", f"  download incomplete: {error}")
                first = first or profile
            _say(f"服务器：{server.url}\n本机口令（每个演示用户相同）：{DEMO_PASSPHRASE}",
                 f"Server: {server.url}\nLocal passphrase (every demo user): {DEMO_PASSPHRASE}")
            for login in server.logins:
                _say(f"  服务器账号 {login.role:<10} {login.username:<12} {login.password}",
                     f"  server login {login.role:<10} {login.username:<12} {login.password}")
            save_settings(AppSettings(server_url=server.url,
                                      last_profile_id=first.id if first else None))
            from homevisit.gui.app import run

            return run()
