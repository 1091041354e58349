"""Fixtures for profile tests: a real enrolled profile (floor Argon2id parameters, to stay
fast)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from profile_helpers import PASSPHRASE

from homevisit.kdf import FLOOR
from homevisit.profiles import Profile, create_profile


@pytest.fixture
def make_profile() -> Callable[..., Profile]:
    def make(name: str = "王老师", passphrase: str = PASSPHRASE) -> Profile:
        return create_profile(name, passphrase, kdf_params=FLOOR)

    return make


@pytest.fixture
def profile(make_profile) -> Profile:
    return make_profile()
