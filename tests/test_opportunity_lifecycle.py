"""The opportunity lifecycle: draft → submitted → published or rejected → expired or closed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from liaison.directory.models import Sector
from liaison.opportunities import services
from liaison.opportunities.models import Opportunity, StatusChange
from liaison.opportunities.selectors import validation_queue
from tests.factories import make_opportunity

pytestmark = pytest.mark.django_db


def _data(**overrides: Any) -> dict[str, Any]:
    data = {"type": "technology_request", "title": "寻求储能电池管理技术", "summary": "用于电网级储能项目",
            "description": "", "language": "zh", "sectors": list(Sector.objects.filter(code="energy")),
            "cooperation_kinds": ["licensing"], "target_ecosystems": [], "expires_on": None}
    data.update(overrides)
    return data


def test_member_creates_a_draft_with_a_twelve_month_expiry(world: Any) -> None:
    opp = services.create_opportunity(organization=world.home_firm, by=world.member, data=_data())
    assert opp.status == "draft"
    assert opp.expires_on == timezone.localdate() + dt.timedelta(days=365)
    assert [s.code for s in opp.sectors.all()] == ["energy"]
    assert list(opp.history.values_list("from_status", "to_status", "actor")) == [("", "draft", world.member.pk)]


def test_member_of_another_organization_cannot_create_for_it(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.create_opportunity(organization=world.home_firm, by=world.other_member, data=_data())
    assert not Opportunity.objects.exists()


def test_submission_goes_to_the_responsible_office_queue_only(world: Any) -> None:
    opp = services.create_opportunity(organization=world.home_firm, by=world.owner, data=_data())
    services.submit_opportunity(opp, by=world.owner)
    assert list(validation_queue(world.officer)) == [opp]
    assert list(validation_queue(world.other_officer)) == []
    assert opp not in Opportunity.objects.public()


def test_officer_publishes_and_records_who_and_when(world: Any) -> None:
    opp = make_opportunity(world.home_firm, status="submitted")
    services.publish_opportunity(opp, by=world.officer)
    opp.refresh_from_db()
    assert opp.status == "published"
    assert opp.validated_by == world.officer
    assert opp.published_at is not None
    assert opp in Opportunity.objects.public()
    last = opp.history.last()
    assert (last.from_status, last.to_status, last.actor) == ("submitted", "published", world.officer)


def test_officer_of_another_office_cannot_validate(world: Any) -> None:
    opp = make_opportunity(world.home_firm, status="submitted")
    with pytest.raises(PermissionDenied):
        services.publish_opportunity(opp, by=world.other_officer)
    opp.refresh_from_db()
    assert opp.status == "submitted"


def test_rejection_needs_a_reason_and_the_member_can_resubmit(world: Any) -> None:
    opp = make_opportunity(world.home_firm, status="submitted")
    with pytest.raises(ValidationError) as err:
        services.reject_opportunity(opp, by=world.officer, reason="   ")
    assert "reason" in err.value.message_dict
    opp.refresh_from_db()
    assert opp.status == "submitted"
    services.reject_opportunity(opp, by=world.officer, reason="Describe the maturity.")
    opp.refresh_from_db()
    assert (opp.status, opp.rejection_reason) == ("rejected", "Describe the maturity.")
    services.update_opportunity(opp, by=world.member, data={"description": "TRL 7, piloted."})
    services.submit_opportunity(opp, by=world.member)
    opp.refresh_from_db()
    assert (opp.status, opp.rejection_reason) == ("submitted", "")


def test_member_cannot_edit_a_published_opportunity(world: Any) -> None:
    opp = make_opportunity(world.home_firm, status="published")
    with pytest.raises(PermissionDenied):
        services.update_opportunity(opp, by=world.member, data={"title": "Changed"})


def test_submitting_without_a_sector_is_refused_and_nothing_changes(world: Any) -> None:
    opp = make_opportunity(world.home_firm, status="draft", sectors=())
    with pytest.raises(ValidationError):
        services.submit_opportunity(opp, by=world.member)
    opp.refresh_from_db()
    assert opp.status == "draft"
    assert not StatusChange.objects.filter(opportunity=opp, to_status="submitted").exists()


def test_expiry_job_expires_only_published_opportunities_past_their_date(world: Any) -> None:
    old = make_opportunity(world.home_firm, status="published", expires_in_days=-1)
    current = make_opportunity(world.home_firm, status="published", expires_in_days=10)
    draft = make_opportunity(world.home_firm, status="draft", expires_in_days=-1)
    assert old not in Opportunity.objects.public()  # hidden from the day after expiry, even before the job
    assert (old.is_public, current.is_public, draft.is_public) == (False, True, False)
    assert services.expire_due_opportunities() == 1
    assert services.expire_due_opportunities() == 0
    statuses = dict(Opportunity.objects.values_list("pk", "status"))
    assert statuses == {old.pk: "expired", current.pk: "published", draft.pk: "draft"}


def test_closing_removes_it_from_the_marketplace(world: Any) -> None:
    opp = make_opportunity(world.home_firm, status="published")
    services.close_opportunity(opp, by=world.owner)
    assert opp not in Opportunity.objects.public()
    assert Opportunity.objects.get(pk=opp.pk).closed_at is not None


def test_english_version_is_kept_and_shown_to_english_readers(world: Any, client_for: Any) -> None:
    opp = services.create_opportunity(organization=world.home_firm, by=world.member, data=_data(
        title_en="Battery management technology wanted", summary_en="For grid-scale storage"))
    assert list(opp.translations.values_list("language", "title")) == [
        ("en", "Battery management technology wanted")]
    page = client_for(world.member).get(f"/opportunities/{opp.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Battery management technology wanted" in page.content.decode()
    page_zh = client_for(world.member).get(f"/opportunities/{opp.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "寻求储能电池管理技术" in page_zh.content.decode()
    services.update_opportunity(opp, by=world.member, data={"title_en": "", "summary_en": "", "description_en": ""})
    assert not opp.translations.exists()
