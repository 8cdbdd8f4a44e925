"""While the worker computes matches in bulk (the demo's first start, a reindex, a model
change), the matches pages show its real progress, then say the matches are ready."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from liaison.matchmaking import services
from liaison.matchmaking.models import IndexJob, Match


def test_the_worker_records_its_progress_and_finishes_the_job(
        world: Any, market: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    Match.objects.all().delete()
    seen: list[tuple[str, int, int]] = []
    original = services.reindex

    def spy(**kwargs: Any) -> Any:
        progress = kwargs.pop("progress")

        def both(stage: str, done: int, total: int) -> None:
            progress(stage, done, total)
            job = IndexJob.objects.get()
            seen.append((job.stage, job.done, job.total))

        return original(progress=both, **kwargs)

    services.reindex = spy  # type: ignore[assignment]
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = services.enqueue_reindex(organizations="members")
    finally:
        services.reindex = original  # type: ignore[assignment]
    job.refresh_from_db()
    assert job.finished_at is not None and Match.objects.exists()
    # The last step of each stage is always written: what the page shows is what was done.
    assert ("matches", job.total, job.total) in seen
    assert any(stage == "index" and done == total for stage, done, total in seen)


def test_the_pages_show_the_progress_bar_until_the_matches_are_ready(world: Any, client_for: Any) -> None:
    job = IndexJob.objects.create(stage="index", done=340, total=1500)
    member = client_for(world.member)
    page = member.get("/matches/").content.decode()
    assert "340 of 1500" in page and '<progress max="1500" value="340">' in page
    assert 'hx-get="/matches/progress/"' in page
    assert "340 of 1500" in member.get("/matches/progress/").content.decode()
    IndexJob.objects.filter(pk=job.pk).update(finished_at=timezone.now())
    assert "The matches are ready." in member.get("/matches/progress/").content.decode()
    assert "<progress" not in member.get("/matches/").content.decode()
    assert client_for(None).get("/matches/progress/").status_code == 302  # sign in first


def test_a_job_waiting_for_the_worker_says_so_and_a_dead_one_is_not_shown(world: Any, client_for: Any) -> None:
    import datetime as dt

    job = IndexJob.objects.create()
    assert "waiting for the background worker" in client_for(world.owner).get("/matches/").content.decode()
    IndexJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))
    assert "<progress" not in client_for(world.owner).get("/matches/").content.decode()
