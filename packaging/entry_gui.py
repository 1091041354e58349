"""The Windows Start-menu entry: ``homevisit-gui.exe`` is built without a console window
(a console would flash up behind the app), and opens the desktop app when given no command."""

import sys

from homevisit.cli.main import main

raise SystemExit(main(sys.argv[1:] or ["gui"]))
