"""API payloads and responses."""


import datetime as dt
from decimal import Decimal

from ninja import Schema

from liaison.common.bounds import Id, Int64, Many
from liaison.common.validation import AmountIn
from liaison.directory.models import Organization


class Error(Schema):
    detail: str


class FieldErrors(Schema):
    detail: str
    errors: dict[str, list[str]]


class OrganizationOut(Schema):
    id: int
    kind: str
    name: str
    description: str
    language: str
    ecosystem: str
    office: str
    sectors: list[str]
    size: str
    stage: str
    founded_year: int | None
    turnover: Decimal | None = None
    turnover_currency: str = ""
    website: str
    vetted: bool
    vetted_at: dt.datetime | None


# Input schemas only parse (types); the services hold the rules (lengths, allowed values,
# ranges, amounts) and the API answers their field errors with 422.


class OrganizationIn(Schema):
    kind: str = Organization.Kind.FIRM
    name: str
    description: str = ""
    language: str = "en"
    sectors: Many[str] = []
    size: str = ""
    stage: str = ""
    founded_year: Int64 | None = None
    turnover: AmountIn | None = None
    turnover_currency: str = ""
    website: str = ""
    name_en: str = ""
    description_en: str = ""


class OrganizationCreate(OrganizationIn):
    ecosystem: str


class OrganizationPatch(Schema):
    kind: str | None = None
    name: str | None = None
    description: str | None = None
    language: str | None = None
    sectors: Many[str] | None = None
    size: str | None = None
    stage: str | None = None
    founded_year: Int64 | None = None
    turnover: AmountIn | None = None
    turnover_currency: str | None = None
    website: str | None = None
    name_en: str | None = None
    description_en: str | None = None


class DisclosureOut(Schema):
    field: str
    kind: str
    start: int
    end: int
    text: str


class OpportunityOut(Schema):
    id: int
    type: str
    title: str
    summary: str
    description: str
    language: str
    sectors: list[str]
    cooperation_kinds: list[str]
    target_ecosystems: list[str]
    ecosystem: str
    status: str
    expires_on: dt.date
    published_at: dt.datetime | None
    organization: int | None = None
    rejection_reason: str = ""
    # For the firm and its office, on a single opportunity: what in its public text may tell
    # who posted it (its name, an e-mail address, a phone number, a web address).
    disclosure: list[DisclosureOut] = []


class OpportunityIn(Schema):
    organization: Id
    type: str
    title: str
    summary: str
    description: str = ""
    language: str
    sectors: Many[str] = []
    cooperation_kinds: Many[str] = []
    target_ecosystems: Many[str] = []
    expires_on: dt.date | None = None
    title_en: str = ""
    summary_en: str = ""
    description_en: str = ""


class OpportunityPatch(Schema):
    type: str | None = None
    title: str | None = None
    summary: str | None = None
    description: str | None = None
    language: str | None = None
    sectors: Many[str] | None = None
    cooperation_kinds: Many[str] | None = None
    target_ecosystems: Many[str] | None = None
    expires_on: dt.date | None = None
    title_en: str | None = None
    summary_en: str | None = None
    description_en: str | None = None


class RejectIn(Schema):
    reason: str
