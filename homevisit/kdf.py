"""Passphrase → key-encryption key with Argon2id (DESIGN §4).

The parameters are calibrated once per profile at enrolment so that a derivation costs about
0.5–1 s on this laptop, and never fall below the floor (64 MiB, 3 passes, 4 lanes). They are
stored with the key slot, so a profile keeps unlocking with the cost it was enrolled with.
"""

from __future__ import annotations

import os
import threading
import time
import unicodedata
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

KEK_LENGTH = 32
SALT_LENGTH = 16

#: Bounds a key slot's parameters must respect. The ceiling stops a damaged or hostile slot
#: from making the unlock allocate gigabytes or spin for minutes.
MAX_MEMORY_KIB = 4 * 1024 * 1024
MAX_ITERATIONS = 64
MAX_LANES = 16

#: Calibration raises memory first (harder on GPUs), up to this much, then passes.
#: cryptography runs Argon2id's lanes on OpenSSL's thread pool, sized to the CPU count; two
#: derivations started at once from two Python threads (e.g. the GUI's unlock worker and a
#: CLI command in-process) were seen to hang forever on a 2-core machine (cryptography 50,
#: lanes=4). Derivations are therefore serialised: each already uses every core.
_DERIVATION_LOCK = threading.Lock()

CALIBRATION_MEMORY_CAP_KIB = 256 * 1024
TARGET_SECONDS = (0.5, 1.0)


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost: memory in KiB, passes (``iterations``) and parallel ``lanes``."""

    memory_kib: int
    iterations: int
    lanes: int

    def within_bounds(self) -> bool:
        """True when at or above the floor and below the ceilings (see module constants)."""
        return (
            FLOOR.memory_kib <= self.memory_kib <= MAX_MEMORY_KIB
            and FLOOR.iterations <= self.iterations <= MAX_ITERATIONS
            and FLOOR.lanes <= self.lanes <= MAX_LANES
        )


FLOOR = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)


def encode_passphrase(passphrase: str) -> bytes:
    """UTF-8 of the NFC form, so the same passphrase typed through different input methods
    (composed or decomposed characters) derives the same key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive_kek(passphrase: str, salt: bytes, params: KdfParams) -> bytearray:
    """The 32-byte key-encryption key, in a bytearray the caller zeroes after use."""
    kek = bytearray(KEK_LENGTH)
    kdf = Argon2id(
        salt=salt,
        length=KEK_LENGTH,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    with _DERIVATION_LOCK:
        kdf.derive_into(encode_passphrase(passphrase), kek)
    return kek


def time_derivation(params: KdfParams) -> float:
    """Seconds one derivation with ``params`` takes on this machine (throwaway input)."""
    start = time.perf_counter()
    zero(derive_kek("calibration", os.urandom(SALT_LENGTH), params))
    return time.perf_counter() - start


@dataclass(frozen=True, slots=True)
class Calibration:
    params: KdfParams
    seconds: float


def calibrate(target: tuple[float, float] = TARGET_SECONDS) -> Calibration:
    """Choose parameters costing ``target`` seconds (low, high) here, never below the floor.

    Argon2id's cost is close to linear in memory × passes, so one timing at the floor predicts
    the rest; the result is timed again and nudged once if load on the machine skewed it.
    """
    low, high = target
    # The faster of two timings: a burst of load from elsewhere only ever slows one down.
    floor_seconds = min(time_derivation(FLOOR), time_derivation(FLOOR))
    if floor_seconds >= low:
        return Calibration(FLOOR, floor_seconds)
    params = _scaled(FLOOR, (low + high) / 2 / floor_seconds)
    seconds = time_derivation(params)
    if not low <= seconds <= high:
        nudged = _scaled(params, (low + high) / 2 / seconds)
        if nudged != params:
            params, seconds = nudged, time_derivation(nudged)
    return Calibration(params, seconds)


def _scaled(params: KdfParams, factor: float) -> KdfParams:
    """``params`` with its cost multiplied by about ``factor``: memory up to the cap, then
    passes; never below the floor."""
    work = params.memory_kib * params.iterations * factor
    memory = min(CALIBRATION_MEMORY_CAP_KIB, max(FLOOR.memory_kib, int(work / FLOOR.iterations)))
    memory -= memory % 1024  # whole MiB, readable in the slot
    memory = max(memory, FLOOR.memory_kib)
    iterations = max(FLOOR.iterations, round(work / memory))
    return KdfParams(min(memory, MAX_MEMORY_KIB), min(iterations, MAX_ITERATIONS), params.lanes)


def zero(buffer: bytearray) -> None:
    """Overwrite a key buffer in place (best effort: Python may hold other copies)."""
    buffer[:] = bytes(len(buffer))
