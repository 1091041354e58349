"""Peak memory of importing a 24-megapixel camera JPEG into the vault (issue 13 item 2).

    python bench/bench_photo_import.py

A 6000×4000 JPEG with camera-like detail (noise over gradients, EXIF orientation set) is
generated once, then imported in a fresh child process per kind (document: kept at a 3,000 px
long edge; home photo: 2,000 px), which reports its peak RSS. Floor: the same child's peak
RSS after importing the modules and reading the file, before the import — what the import
itself adds is the difference. Target: peak under 300 MB (the issue's). Peak RSS comes from
``resource.getrusage`` (POSIX; the photo is made in another process, since a child starts
with its parent's peak); where that is missing the figures are not printed.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

TARGET_MB = 300
WIDTH, HEIGHT = 6000, 4000

CHILD = """
import resource, sys, tempfile
from pathlib import Path
from homevisit import sanitize
from homevisit.vault import Vault

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

source, doc_type = Path(sys.argv[1]), sys.argv[2]
with tempfile.TemporaryDirectory() as root:
    vault = Vault(Path(root))
    source.read_bytes()
    floor = peak_mb()
    vault.import_file(source, long_edge=sanitize.long_edge_for(doc_type))
    print(f"{floor:.0f} {peak_mb():.0f}")
"""


def make_photo(path: Path) -> int:
    from PIL import Image

    noise = Image.effect_noise((WIDTH, HEIGHT), 40).convert("RGB")
    gradient = Image.linear_gradient("L").resize((WIDTH, HEIGHT)).convert("RGB")
    photo = Image.blend(noise, gradient, 0.6)
    exif = Image.Exif()
    exif[0x0112] = 6  # turned, as a phone held upright writes it
    photo.save(path, "JPEG", quality=85, exif=exif.tobytes())
    return path.stat().st_size


def main() -> None:
    try:
        import resource  # noqa: F401
    except ImportError:
        print("photo import peak RSS: not measured (no resource module on this platform)")
        return
    with tempfile.TemporaryDirectory(prefix="homevisit-bench-photo-") as work:
        photo = Path(work) / "photo.jpg"
        # Made in its own process: a child inherits its parent's peak RSS on Linux, and
        # making the photo takes a few hundred MB.
        subprocess.run([sys.executable, __file__, "--make", str(photo)], check=True)
        size = photo.stat().st_size
        print(f"photo: {WIDTH}x{HEIGHT} ({WIDTH * HEIGHT / 1e6:.0f} MP) JPEG, "
              f"{size / 2**20:.1f} MB")
        for doc_type in ("hukou", "home_photo"):
            done = subprocess.run([sys.executable, "-c", CHILD, str(photo), doc_type],
                                  capture_output=True, text=True, check=True)
            floor, peak = (float(x) for x in done.stdout.split())
            print(f"photo import peak RSS ({doc_type}): {peak:.0f} MB (target < {TARGET_MB} MB; "
                  f"floor modules + file read {floor:.0f} MB, import adds {peak - floor:.0f} MB)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--make"]:
        make_photo(Path(sys.argv[2]))
    else:
        main()
