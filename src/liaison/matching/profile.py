"""Profile values: what the matching engine knows about an organization, an opportunity or a
search query, independent of any database row.

A profile is one JSON object per line in the CLI and bench files (DESIGN.md):
`id`, `kind`, `type`, `title`, `text`, `lang`, `sectors`, `ecosystem`, optional
`target_ecosystems`, `stage`. Unknown keys are ignored, missing ones take their defaults.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from liaison.matching.lang import detect_lang


class Kind(StrEnum):
    ORGANIZATION = "organization"
    OPPORTUNITY = "opportunity"
    QUERY = "query"  # a search: no complementarity, no border
    DOCUMENT = "document"  # any other searchable text (bench corpora, help pages, ...)


class OpportunityType(StrEnum):
    BUSINESS_OFFER = "business_offer"
    BUSINESS_REQUEST = "business_request"
    TECHNOLOGY_OFFER = "technology_offer"
    TECHNOLOGY_REQUEST = "technology_request"
    RD_COOPERATION_REQUEST = "rd_cooperation_request"
    EDUCATION_COOPERATION_REQUEST = "education_cooperation_request"
    INVESTMENT_OFFER = "investment_offer"
    INVESTMENT_REQUEST = "investment_request"


class OrganizationType(StrEnum):
    FIRM = "firm"
    UNIVERSITY = "university"
    INSTITUTE = "institute"
    INVESTOR = "investor"
    GOVERNMENT = "government"


def normalize_token(value: str | None) -> str | None:
    """'Technology Offer', 'technology-offer' -> 'technology_offer'; '' -> None."""
    if value is None:
        return None
    token = "_".join(str(value).strip().lower().replace("-", " ").replace("/", " ").split())
    return token or None


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    """One organization, opportunity or query as the engine sees it."""

    id: str
    kind: str = Kind.DOCUMENT
    type: str | None = None
    title: str = ""
    text: str = ""
    lang: str | None = None
    sectors: tuple[str, ...] = ()
    ecosystem: str | None = None
    target_ecosystems: tuple[str, ...] = ()
    stage: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("a profile needs an id")
        kind = normalize_token(self.kind) or Kind.DOCUMENT
        object.__setattr__(self, "kind", Kind(kind) if kind in Kind._value2member_map_ else kind)
        object.__setattr__(self, "type", normalize_token(self.type))
        object.__setattr__(self, "stage", normalize_token(self.stage))
        object.__setattr__(self, "sectors", tuple(dict.fromkeys(s for s in self.sectors if s)))
        object.__setattr__(
            self, "target_ecosystems", tuple(dict.fromkeys(e for e in self.target_ecosystems if e))
        )
        if not self.lang:
            object.__setattr__(self, "lang", detect_lang(self.full_text))

    @property
    def full_text(self) -> str:
        """What gets embedded and indexed: title, then text."""
        return f"{self.title}\n{self.text}".strip()

    @property
    def is_query(self) -> bool:
        return self.kind == Kind.QUERY

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        known = {
            "id",
            "kind",
            "type",
            "title",
            "text",
            "lang",
            "sectors",
            "ecosystem",
            "target_ecosystems",
            "stage",
        }
        return cls(
            id=str(data["id"]),
            kind=data.get("kind") or Kind.DOCUMENT,
            type=data.get("type"),
            title=data.get("title") or "",
            text=data.get("text") or "",
            lang=data.get("lang"),
            sectors=tuple(data.get("sectors") or ()),
            ecosystem=data.get("ecosystem"),
            target_ecosystems=tuple(data.get("target_ecosystems") or ()),
            stage=data.get("stage"),
            extra={k: v for k, v in data.items() if k not in known},
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": str(self.kind),
            "type": self.type,
            "title": self.title,
            "text": self.text,
            "lang": self.lang,
            "sectors": list(self.sectors),
            "ecosystem": self.ecosystem,
            "target_ecosystems": list(self.target_ecosystems),
            "stage": self.stage,
        }

    def with_changes(self, **changes: Any) -> Profile:
        return replace(self, **changes)


def read_jsonl(path: str | Path) -> Iterator[Profile]:
    """Profiles from a JSON-lines file (blank lines skipped)."""
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield Profile.from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: not a profile: {exc}") from exc
