"""The environment of the test processes, set before Django loads (pyproject's addopts load
this module with `-p tests.environment`).

The suite runs with DEBUG off, as production does, so it brings its own SECRET_KEY: the
settings give none when DEBUG is off. Subprocesses started by tests inherit it.
"""

import os

if not os.environ.get("SECRET_KEY"):
    os.environ["SECRET_KEY"] = "liaison-test-suite-key-not-a-secret"  # noqa: S105
