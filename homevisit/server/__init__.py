"""Reference central API (FastAPI). Never imports the desktop client."""
