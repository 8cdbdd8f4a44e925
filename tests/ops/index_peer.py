"""A process of the two-process index test (`python tests/ops/index_peer.py ROLE N`).

- `worker`: opens the match index over the database and, N times, upserts a profile with
  the real embedder, printing `committed I TIME` after each commit (every 0.3 s).
- `web`: opens the index (its own var directory: its own cache) and prints `ready`; then
  for each I searches until the worker's profile I is among the hits, printing `seen I TIME`.
"""

from __future__ import annotations

import sys
import time

import django


def main(role: str, count: int) -> None:
    django.setup()
    from liaison.matching import Profile
    from liaison.matchmaking import engine

    index = engine.index()
    index.search("warm up", k=1)
    print("ready", flush=True)
    texts = ["quantum sensing for mining", "desalination membranes", "drip irrigation sensors",
             "solid state battery cathodes", "satellite imagery for farms", "cyber security audits"]
    for i in range(count):
        text = f"{texts[i % len(texts)]} series{i}"
        if role == "worker":
            sys.stdin.readline()  # the test says when
            index.upsert(Profile(id=f"opp-{900000 + i}", kind="opportunity", type="technology_offer",
                                 title=text, text=text, lang="en", ecosystem="tel-aviv"))
            print(f"committed {i} {time.time():.6f}", flush=True)
        else:
            deadline = time.time() + 10
            while time.time() < deadline:
                hits = index.search(text, k=50)
                if f"opp-{900000 + i}" in {h.id for h in hits}:
                    print(f"seen {i} {time.time():.6f}", flush=True)
                    break
                time.sleep(0.002)
            else:
                print(f"missed {i}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
