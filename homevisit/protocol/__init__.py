"""Wire schemas shared by the desktop client and the central API (pydantic)."""
