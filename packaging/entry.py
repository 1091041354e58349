"""The frozen app's entry point: the same ``homevisit`` command as the console script."""

from homevisit.cli.main import main

raise SystemExit(main())
