"""Child process for the kill -9 test: stores attachments forever, announcing each one.

Usage: vault_writer_child.py VAULT_DIR SIZE. After each put_stream returns it prints
"<file_id> <key hex> <sha256>" (test keys of random test data; nothing personal).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from homevisit.vault import Vault

CHUNK = 64 * 1024


def main() -> None:
    vault = Vault(Path(sys.argv[1]), chunk_size=CHUNK)
    size = int(sys.argv[2])
    print("ready", flush=True)
    while True:
        stored = vault.put_stream(io.BytesIO(os.urandom(size)))
        print(stored.file_id, stored.key.hex(), stored.sha256, flush=True)


if __name__ == "__main__":
    main()
