"""Importing 10,000 organizations (and 10,000 contacts) from one XLSX: how long it takes.

Builds a workbook as an office would send it (a sheet of organizations with English names,
sectors, registry numbers and websites; a sheet of contacts), then times, on a fresh database:
reading the file, the preview (every row checked, keys matched), the write (one transaction, in
bulk), and the same file imported again (every row unchanged, nothing written). Prints wall and
CPU seconds with the load average beside them. The reindex the import asks for afterwards is
the worker's job: timed apart with --reindex. A benchmark, not a test:

    .venv/bin/python bench/import.py                       # SQLite in a temporary directory
    .venv/bin/python bench/import.py --reindex             # and the reindex that follows
    .venv/bin/python bench/import.py --rows 10000 --database postgres://postgres@127.0.0.1:5432/liaison_bench_import
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTORS = ["energy", "robotics", "sustainability", "ai-ml", "health", "agrifood", "iot", "semiconductors"]


def workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    orgs = book.create_sheet("Organizations")
    orgs.append(["名称", "English name", "Registry number", "Website", "Kind", "Language",
                 "Office", "Sectors", "Description", "Founded", "Vetted"])
    people = book.create_sheet("People")
    people.append(["Organization", "Name", "Role", "E-mail", "Phone", "Languages"])
    for i in range(rows):
        office = "beijing" if i % 2 else "tel-aviv"
        orgs.append([f"储能科技{i}号有限公司" if i % 2 else f"Negev Tech {i} Ltd",
                     f"Storage Tech {i}" if i % 2 else "", f"91110108{i:010d}",
                     f"firm{i}.example.com", "firm", "zh" if i % 2 else "en", office,
                     f"{SECTORS[i % len(SECTORS)]}; {SECTORS[(i * 7) % len(SECTORS)]}",
                     f"Grid storage, battery management and analytics, firm {i}", 1990 + i % 30,
                     "yes"])
        people.append([f"91110108{i:010d}", f"Contact {i}", "CEO", f"ceo{i}@firm{i}.example.com",
                       "+86 10 6000 0000", "zh; en"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database", default="", help="DATABASE_URL (default: a new SQLite file)")
    parser.add_argument("--reindex", action="store_true",
                        help="also time the one reindex the import asks the worker for "
                             "(embeds every imported organization with the configured model)")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="liaison-bench-import-")
    os.environ["DATABASE_URL"] = args.database or f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("LIAISON_VAR_DIR", tmp)
    os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.dummy.DummyBackend")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from liaison.demo.scenario import ensure_base
    from liaison.directory.models import Organization, Person
    from liaison.onboarding import importers, spreadsheet

    ensure_base()
    Organization.objects.filter(registry_number__startswith="91110108").delete()
    content = workbook(args.rows)
    print(f"{args.rows} organizations + {args.rows} contacts, {len(content) / 1e6:.1f} MB XLSX, "
          f"database {'PostgreSQL' if args.database.startswith('postgres') else 'SQLite'}")

    def timed(label: str, fn):  # type: ignore[no-untyped-def]
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        load = os.getloadavg()[0]
        print(f"{label:<28} {wall:7.2f} s wall  {cpu:7.2f} s CPU   (load average {load:.1f})")
        return result, wall

    total = 0.0
    book, t = timed("read the file", lambda: spreadsheet.read(content, "firms.xlsx"))
    total += t
    plan, t = timed("preview (check every row)", lambda: importers.plan("organizations", book, by=None))
    total += t
    assert plan.ok, plan.all_errors()[:5]
    counts, t = timed("write (one transaction)", lambda: importers.apply(plan))
    total += t
    print(f"{'import in all':<28} {total:7.2f} s wall   written: {counts}")
    assert Organization.objects.filter(registry_number__startswith="91110108").count() == args.rows
    assert Person.objects.filter(email__startswith="ceo").count() >= args.rows

    def again():  # type: ignore[no-untyped-def]
        second = importers.plan("organizations", spreadsheet.read(content, "firms.xlsx"), by=None)
        return len(second.creates), len(second.updates), second.unchanged

    result, _t = timed("the same file again", again)
    print(f"{'':<28} to create {result[0]}, to update {result[1]}, unchanged {result[2]}")
    if args.reindex:
        from liaison.matchmaking.services import reindex

        counts, _t = timed("reindex (the worker's job)", lambda: reindex(organizations="all"))
        print(f"{'':<28} {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
