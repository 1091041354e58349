"""Homevisit (家访通): offline-first fieldwork app for student-aid home visits."""

from importlib import metadata


def _installed_version() -> str:
    """The one version, stamped from pyproject.toml: the installed distribution's metadata
    (a checkout installed with ``pip install -e``, a wheel, or the frozen app, whose spec
    copies the metadata in). It reaches ``homevisit --version``, the client-version header
    of every sync request, the bundle and the Windows installer's file version."""
    try:
        return metadata.version("homevisit")
    except metadata.PackageNotFoundError:
        # A bare source tree on sys.path without installing: say so rather than guess.
        return "0+unknown"


__version__ = _installed_version()
