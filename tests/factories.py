"""Factories for tests: users, organizations, opportunities."""

from __future__ import annotations

import datetime as dt
from typing import Any


def make_user(username: str, **fields: Any) -> Any:
    from liaison.accounts.models import User

    user = User.objects.create_user(username=username, password="pw-" + username,
                                    email=f"{username}@example.org", **fields)
    return user


def make_organization(sc: Any, *, ecosystem: str, name: str, language: str = "en",
                      description: str = "", vetted: bool = True, sectors: tuple[str, ...] = ("energy",),
                      **fields: Any) -> Any:
    from django.utils import timezone

    from liaison.directory.models import Organization
    from liaison.directory.services import refresh_search_document

    office = sc.offices[ecosystem]
    org = Organization.objects.create(
        name=name, description=description, language=language, ecosystem=sc.ecosystems[ecosystem],
        office=office, vetted_by=office if vetted else None,
        vetted_at=timezone.now() if vetted else None, **fields,
    )
    org.sectors.set([sc.sectors[s] for s in sectors])
    refresh_search_document(org)
    return org


def make_opportunity(org: Any, *, status: str = "draft", title: str = "Battery storage partner",
                     language: str = "en", type: str = "technology_request", summary: str = "",
                     description: str = "", sectors: tuple[str, ...] = ("energy",),
                     expires_in_days: int = 300) -> Any:
    from django.utils import timezone

    from liaison.opportunities.models import Opportunity
    from liaison.opportunities.services import refresh_search_document

    opp = Opportunity.objects.create(
        organization=org, type=type, title=title, summary=summary or f"Summary of {title}",
        description=description, language=language, status=status,
        expires_on=timezone.localdate() + dt.timedelta(days=expires_in_days),
        published_at=timezone.now() if status == "published" else None,
        submitted_at=timezone.now() if status in ("submitted", "published") else None,
    )
    from liaison.directory.models import Sector

    opp.sectors.set(Sector.objects.filter(code__in=sectors))
    refresh_search_document(opp)
    return opp
