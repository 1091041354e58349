"""Client sync engine (httpx). No Qt."""
