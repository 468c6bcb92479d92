"""Hypothesis settings shared by the modules that drive the CLI with generated input."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings


def fuzz_settings(variable: str, default: int) -> settings:
    """Settings for CLI-driving properties: ``default`` examples, or as many as the environment
    ``variable`` says for a deeper local run; no deadline (a busy machine fails nothing), and
    the health checks that a per-test sandbox and large inputs would trip are off."""
    return settings(
        max_examples=int(os.environ.get(variable, str(default))),
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )
