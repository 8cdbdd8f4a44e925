"""A tqdm progress bar per labelled step, for the seeding commands."""

from __future__ import annotations

from typing import Any

from tqdm import tqdm


class StepBars:
    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.bars: dict[str, tqdm] = {}

    def __call__(self, label: str, done: int, total: int) -> None:
        bar = self.bars.get(label)
        if bar is None:
            bar = self.bars[label] = tqdm(total=total, desc=label, unit="rows", file=self.stream)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
