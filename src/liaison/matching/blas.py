"""Per-thread control of numpy's OpenBLAS threads.

Small products (one query through the encoder, a matrix-vector product over the index) are
slower with two BLAS threads than with one on a busy two-core machine: the threads' hand-off
costs more than the work. OpenBLAS >= 0.3.27 (bundled by numpy 2.x) can set the count for
the calling thread only; `single_blas_thread()` does so for a block and restores it after.
Without that symbol it does nothing.
"""

from __future__ import annotations

import ctypes
import glob
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cache
from pathlib import Path

import numpy as np


@cache
def _set_local() -> Callable[[int], int] | None:
    libdir = Path(np.__file__).parent.parent / "numpy.libs"
    for lib_path in sorted(glob.glob(str(libdir / "libscipy_openblas*.so"))):
        try:
            fn = ctypes.CDLL(lib_path).openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        fn.restype = ctypes.c_int
        fn.argtypes = [ctypes.c_int]
        return fn  # type: ignore[no-any-return]
    return None


def use_single_blas_thread() -> None:
    """For the calling thread from now on (thread-pool initializers)."""
    fn = _set_local()
    if fn is not None:
        fn(1)


@contextmanager
def blas_threads(count: int) -> Iterator[None]:
    """`count` OpenBLAS threads for the calling thread inside the block."""
    fn = _set_local()
    if fn is None:
        yield
        return
    previous = fn(max(1, count))
    try:
        yield
    finally:
        fn(previous if previous > 0 else 0)


def single_blas_thread() -> AbstractContextManager[None]:
    return blas_threads(1)
