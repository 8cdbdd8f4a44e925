"""Build the demo scenario and synthetic data sets with bulk inserts.

`build_demo()` seeds Z-Park (Beijing) with its home office and 11 overseas offices, the Tel
Aviv ecosystem from the real Israeli Tech Map, fictional Beijing firms, some organizations of
the other offices' ecosystems, ~1,500 opportunities in three languages and one login per role.
`seed_synthetic()` adds N organizations and M opportunities for load tests.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import math
import random
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone

from liaison.accounts.models import Membership, User
from liaison.common.text import search_document
from liaison.demo import content
from liaison.directory.models import (
    Ecosystem,
    Office,
    Organization,
    OrganizationTranslation,
    Park,
    Person,
    Sector,
)
from liaison.directory.taxonomy import load_sectors
from liaison.matching.lang import analyze
from liaison.opportunities.models import Opportunity, OpportunityTranslation, StatusChange

DATA = Path(__file__).resolve().parent / "data"
DEMO_PASSWORD = "liaison-demo"  # noqa: S105 - published demo credential, demo data only
BATCH = 2000
T = TypeVar("T")

# code, en, zh, he, country, country en/zh/he, time zone
ECOSYSTEMS = [
    ("beijing", "Beijing", "北京", "בייג'ינג", "CN", "China", "中国", "סין", "Asia/Shanghai"),
    ("tel-aviv", "Tel Aviv", "特拉维夫", "תל אביב", "IL", "Israel", "以色列", "ישראל", "Asia/Jerusalem"),
    ("silicon-valley", "Silicon Valley", "硅谷", "עמק הסיליקון", "US", "United States", "美国", "ארצות הברית", "America/Los_Angeles"),
    ("boston", "Boston", "波士顿", "בוסטון", "US", "United States", "美国", "ארצות הברית", "America/New_York"),
    ("toronto", "Toronto", "多伦多", "טורונטו", "CA", "Canada", "加拿大", "קנדה", "America/Toronto"),
    ("london", "London", "伦敦", "לונדון", "GB", "United Kingdom", "英国", "בריטניה", "Europe/London"),
    ("munich", "Munich", "慕尼黑", "מינכן", "DE", "Germany", "德国", "גרמניה", "Europe/Berlin"),
    ("paris", "Paris", "巴黎", "פריז", "FR", "France", "法国", "צרפת", "Europe/Paris"),
    ("helsinki", "Helsinki", "赫尔辛基", "הלסינקי", "FI", "Finland", "芬兰", "פינלנד", "Europe/Helsinki"),
    ("tokyo", "Tokyo", "东京", "טוקיו", "JP", "Japan", "日本", "יפן", "Asia/Tokyo"),
    ("seoul", "Seoul", "首尔", "סיאול", "KR", "South Korea", "韩国", "דרום קוריאה", "Asia/Seoul"),
    ("singapore", "Singapore", "新加坡", "סינגפור", "SG", "Singapore", "新加坡", "סינגפור", "Asia/Singapore"),
]
TECHMAP_SECTORS = {row["techmap"]: row["code"] for row in json.loads(
    (Path(__file__).resolve().parent.parent / "directory" / "data" / "sectors.json").read_text()
) if row["techmap"]}


@dataclass
class Scenario:
    park: Park
    home: Office
    offices: dict[str, Office]
    ecosystems: dict[str, Ecosystem]
    sectors: dict[str, Sector]


def _batches(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ensure_base() -> Scenario:
    """Ecosystems, the park, its home office and its 11 overseas offices (idempotent)."""
    ecosystems: dict[str, Ecosystem] = {}
    for code, en, zh, he, cc, cen, czh, che, tz in ECOSYSTEMS:
        ecosystems[code], _ = Ecosystem.objects.get_or_create(
            code=code,
            defaults=dict(name_en=en, name_zh=zh, name_he=he, country=cc, country_name_en=cen,
                          country_name_zh=czh, country_name_he=che, timezone=tz),
        )
    park, _ = Park.objects.get_or_create(
        name="Zhongguancun Science Park (Z-Park)",
        defaults={"name_zh": "中关村科技园区", "ecosystem": ecosystems["beijing"]},
    )
    home, _ = Office.objects.get_or_create(
        code="beijing",
        defaults=dict(park=park, name="Z-Park International Cooperation Office (Beijing)",
                      ecosystem=ecosystems["beijing"], is_home=True, email="beijing@liaison.invalid"),
    )
    offices = {"beijing": home}
    for code, en, *_rest in ECOSYSTEMS[1:]:
        offices[code], _ = Office.objects.get_or_create(
            code=code,
            defaults=dict(park=park, name=f"Z-Park {en} Liaison Office",
                          ecosystem=ecosystems[code], email=f"{code}@liaison.invalid"),
        )
    if not Sector.objects.exists():  # e.g. after a test flush
        load_sectors(Sector)
    return Scenario(park, home, offices, ecosystems, {s.code: s for s in Sector.objects.all()})


def _org_through(pairs: list[tuple[int, int]]) -> None:
    through = Organization.sectors.through
    through.objects.bulk_create(
        [through(organization_id=o, sector_id=s) for o, s in pairs], batch_size=BATCH
    )


def import_techmap(sc: Scenario, *, progress: Callable[[int], None] | None = None) -> int:
    """The real Israeli Tech Map companies, as organizations of the Tel Aviv ecosystem."""
    rng = random.Random(7)
    path = DATA / "israel_techmap" / "israel_techmap_companies.jsonl.gz"
    office = sc.offices["tel-aviv"]
    now = timezone.now()
    count = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    for batch in _batches(rows):
        orgs = []
        for row in batch:
            vetted = row.get("is_active", True) and rng.random() < 0.8
            orgs.append(Organization(
                kind=Organization.Kind.FIRM,
                name=row["name"][:200],
                description=row.get("description") or "",
                language="en",
                ecosystem=sc.ecosystems["tel-aviv"],
                office=office,
                size=row.get("size") or "",
                website=(row.get("website") or "")[:200],
                vetted_by=office if vetted else None,
                vetted_at=now if vetted else None,
                source=f"Israeli Tech Map #{row['company_number']}",
                search_document=search_document(row["name"], row.get("description")),
            ))
        created = Organization.objects.bulk_create(orgs)
        pairs = []
        for org, row in zip(created, batch, strict=True):
            code = TECHMAP_SECTORS.get(row.get("category_id"))
            if code in sc.sectors:
                pairs.append((org.pk, sc.sectors[code].pk))
        _org_through(pairs)
        count += len(created)
        if progress:
            progress(len(created))
    return count


def generate_organizations(
    sc: Scenario,
    n: int,
    *,
    ecosystem_codes: list[str],
    rng: random.Random,
    progress: Callable[[int], None] | None = None,
    prefix: str = "",
) -> list[int]:
    """Fictional organizations: Beijing ones in Chinese with an English version, others in English."""
    sector_codes = list(content.SUBJECTS)
    kinds = [Organization.Kind.FIRM] * 8 + [
        Organization.Kind.UNIVERSITY, Organization.Kind.INSTITUTE, Organization.Kind.INVESTOR
    ]
    kind_words = {"firm": ("科技企业", "technology company"), "university": ("高校", "university"),
                  "institute": ("研究院", "research institute"), "investor": ("投资机构", "investor"),
                  "public_body": ("公共机构", "public body")}
    now = timezone.now()
    ids: list[int] = []
    for batch in _batches(range(n)):
        orgs, sectors, english = [], [], []
        for i in batch:
            eco = ecosystem_codes[i % len(ecosystem_codes)]
            sector = rng.choice(sector_codes)
            kind = rng.choice(kinds)
            head_zh, head_en = rng.choice(content.NAME_HEADS)
            core_zh, core_en = content.NAME_CORES[sector]
            subj_en, subj_zh, _subj_he = rng.choice(content.SUBJECTS[sector])
            zh_kind, en_kind = kind_words[kind]
            tag = f"{prefix}{i}"
            if eco == "beijing":
                name_zh = f"{head_zh}{core_zh}{'科技有限公司' if kind == 'firm' else zh_kind}（{tag}）"
                name_en = f"{head_en} {core_en} {'Technology Co.' if kind == 'firm' else en_kind.title()} ({tag})"
                name, language = name_zh, "zh"
                description = content.ZH_ORG_DESCRIPTION.format(name=name_zh, kind=zh_kind, s=subj_zh)
                desc_en = content.EN_ORG_DESCRIPTION.format(name=name_en, kind=en_kind, s=subj_en)
                doc = search_document(name, description, name_en, desc_en)
            else:
                city = sc.ecosystems[eco].name_en
                name = f"{head_en} {core_en} ({city} {tag})"
                language, name_en, desc_en = "en", "", ""
                description = (f"{name} is a {en_kind} in {city} working on {subj_en}.")
                doc = search_document(name, description)
            vetted = rng.random() < 0.85
            orgs.append(Organization(
                kind=kind, name=name[:200], description=description, language=language,
                ecosystem=sc.ecosystems[eco], office=sc.offices[eco],
                size=rng.choice(["xs", "s", "m", "l", "xl"]),
                stage=rng.choice(["seed", "early", "growth", "mature"]),
                founded_year=rng.randint(1995, 2024),
                vetted_by=sc.offices[eco] if vetted else None, vetted_at=now if vetted else None,
                is_demo_data=True, source="fictional demo data", search_document=doc,
            ))
            sectors.append(sector)
            english.append((name_en, desc_en))
        created = Organization.objects.bulk_create(orgs)
        _org_through([(o.pk, sc.sectors[s].pk) for o, s in zip(created, sectors, strict=True)])
        OrganizationTranslation.objects.bulk_create([
            OrganizationTranslation(organization=o, language="en", name=ne[:200], description=de)
            for o, (ne, de) in zip(created, english, strict=True) if ne
        ])
        ids.extend(o.pk for o in created)
        if progress:
            progress(len(created))
    return ids


STATUS_MIX = [("published", 80), ("submitted", 8), ("draft", 5), ("rejected", 2), ("expired", 3),
              ("closed", 2)]


# What each side of the border typically posts (type -> weight): Tel Aviv firms mostly offer
# technology and look for distributors or capital in China; Beijing firms mostly look for it.
TYPE_MIX = {
    "tel-aviv": {"technology_offer": 5, "business_offer": 3, "investment_request": 2,
                 "cooperation_request": 1},
    "beijing": {"technology_request": 5, "business_request": 3, "cooperation_request": 2,
                "investment_offer": 1, "technology_offer": 1},
    "other": {t: 1 for t in content.TEMPLATES},
}
# A Beijing investor posts investments, a university or institute research cooperation and
# its own technology, a firm the rest (TYPE_MIX["beijing"]).
BEIJING_TYPE_MIX = {
    "investor": {"investment_offer": 1},
    "university": {"cooperation_request": 3, "technology_offer": 1, "technology_request": 1},
    "institute": {"cooperation_request": 2, "technology_offer": 1, "technology_request": 2},
    "firm": {"technology_request": 5, "business_request": 3, "cooperation_request": 1, "technology_offer": 1},
}
# Grounded Tel Aviv posts: (title, summary lead, what they look for in China), {d} = what the
# firm does, in the words of its Israeli Tech Map description.
GROUNDED = {
    "technology_offer": ("Technology for licensing in China: {d}",
                         "Licensing, pilot projects or joint development with partners in China."),
    "business_offer": ("Distribution partners wanted in China: {d}",
                       "Distributors and system integrators in China for a product in use at home."),
    "investment_request": ("Strategic investors from China wanted: {d}",
                           "A round to expand, with investors who open the Chinese market."),
    "cooperation_request": ("Joint R&D partner in China: {d}",
                            "Universities and firms in China for joint research and a bilateral funding call."),
}


def _anonymous(description: str, name: str) -> str:
    """The firm's own description without its name (opportunities are anonymous until an
    introduction is accepted)."""
    text = " ".join(description.split())
    if not name:
        return text
    if text.lower().startswith(name.lower() + " "):
        text = "Our company " + text[len(name) + 1:]
    text = text.replace(name, "our company")
    # "Saito is a new kind of blockchain" from the firm "Saito Tech": its first word too.
    first = name.split()[0]
    if len(first) >= 3 and text.lower().startswith(first.lower() + " "):
        text = "Our company " + text[len(first) + 1:]
    return text


_LEAD = re.compile(
    r"^(?:our company|we)\s+(?:(?:is|are)\s+(?:an?|the)\s+|(?:has developed|have developed|develops|"
    r"developed|provides|provide|offers|offer|builds|creates|is developing)\s+)", re.IGNORECASE)


def _what(description: str, limit: int = 110) -> str:
    """The first clause of a description, for a title ("Our company develops a X" -> "a X")."""
    first = _LEAD.sub("", description.split(". ")[0].rstrip("."))
    if len(first) > limit:
        first = first[:limit].rsplit(" ", 1)[0] + "…"
    if first and not first[:2].isupper():  # "An FDA-approved device" -> "an FDA-approved device"
        first = first[0].lower() + first[1:]
    return first


def _specialty(description: str | None, sector: str) -> tuple[str, str, str] | None:
    """The field a fictional Beijing organization was generated with (its description names it)."""
    text = description or ""
    return next((subject for subject in content.SUBJECTS.get(sector, ()) if subject[1] in text or subject[0] in text),
                None)


# Words nearly every technology firm's description uses: they tell no firm from another.
_GENERIC = {"system", "systems", "technology", "technologies", "network", "networks", "management", "based",
            "solution", "solutions", "platform", "company"}


def _content_words(text: str) -> set[str]:
    """The words of an English text that say what it is about: the engine's terms (stop words
    removed), without the generic ones or very short ones, plurals folded ("fires" = "fire")."""
    return {w[:-1] if w.endswith("s") and len(w) > 4 else w
            for w in analyze(text) if len(w) >= 3 and w not in _GENERIC}


def _fitting_subject(description: str | None, sector: str, names: tuple[str, str, str]) -> tuple[str, str, str]:
    """What a real firm's generic post is about: the subject of its sector its own description
    speaks of (two words in common), else its sector's name, never a subject it does not do
    (no tyre maker offering battery management)."""
    words = _content_words(description or "")
    return next((subject for subject in content.SUBJECTS.get(sector, ())
                 if len(_content_words(subject[0]) & words) >= 2), names)


def post_figures(rng: random.Random) -> dict[str, Any]:
    """A post's own figures (every template takes the ones it needs)."""
    budget, ticket = rng.choice([200, 300, 500, 800, 1000, 1500]), rng.choice([500, 1000, 2000, 3000])
    return {"months": rng.choice([3, 6, 9, 12]), "year": timezone.localdate().year + rng.randint(0, 1),
            "years": rng.choice([2, 3, 5]), "customers": rng.randint(15, 400),
            "qty": rng.choice([200, 500, 800, 1000, 2000, 5000]), "staff": rng.randint(8, 60),
            "patents": rng.randint(5, 60), "pilots": rng.randint(2, 12),
            "budget_en": f"{budget / 100:g}", "budget_zh": budget,
            "ticket_en": f"{ticket / 100:g}", "ticket_zh": ticket, "ticket_usd": rng.choice([1, 2, 3, 5, 8])}


def _unseen(draw: Callable[[], dict[str, tuple[str, str, str]]], seen: set[str]) -> dict[str, tuple[str, str, str]]:
    """A post drawn again (a few times) when another firm already posted the same title and
    summary, so that no two firms' cards read alike."""
    for _attempt in range(9):
        post = draw()
        title, summary, _description = next(iter(post.values()))
        if title + summary not in seen:
            break
    seen.add(title + summary)
    return post


def _beijing_post(otype: str, sector: str, specialty: tuple[str, str, str], market_key: str,
                  rng: random.Random, seen: set[str]) -> dict[str, tuple[str, str, str]]:
    """What a Beijing firm of this sector would post, in Chinese and English (the same choices
    in both): one of its sector's needs, where it would use it, the type's wording and its own
    figures."""

    def draw() -> dict[str, tuple[str, str, str]]:
        n = rng.randrange(len(content.BEIJING_NEEDS[sector]))
        need = content.BEIJING_NEEDS[sector][n]
        use = content.BEIJING_USES[sector][rng.choice(content.BEIJING_FITS[sector][n])]
        variant = rng.choice(content.BEIJING_TEMPLATES[otype])
        figures = post_figures(rng)
        post = {}
        for lang, i in (("zh", 1), ("en", 0)):
            words = {"need": need[i], "use": use[i], "s": specialty[i], "m": content.MARKETS[lang][market_key]}
            title, summary, description = (t.format(**words, **figures) for t in variant[lang])
            post[lang] = (title[0].upper() + title[1:], summary, description)
        return post

    return _unseen(draw, seen)


def _generic_post(otype: str, lang: str, subject: tuple[str, str, str], market_key: str,
                  rng: random.Random, seen: set[str]) -> dict[str, tuple[str, str, str]]:
    """A post in `lang` (with its English version) from the type's wording, about `subject`,
    with its own figures."""

    def draw() -> dict[str, tuple[str, str, str]]:
        figures = post_figures(rng)
        post = {}
        for code in dict.fromkeys((lang, "en")):
            words = {"s": subject[{"en": 0, "zh": 1, "he": 2}[code]], "m": content.MARKETS[code][market_key]}
            title, summary, description = (t.format(**words, **figures) for t in content.TEMPLATES[otype][code])
            post[code] = (title, summary, description)
        return post

    return _unseen(draw, seen)


def _other_post(otype: str, sector: str, city: str, rng: random.Random,
                seen: set[str]) -> dict[str, tuple[str, str, str]]:
    """A post of a fictional firm of another ecosystem (in English): one of its sector's
    technologies, offered to or sought from China."""

    def draw() -> dict[str, tuple[str, str, str]]:
        need = rng.choice(content.BEIJING_NEEDS[sector])[0]
        figures = post_figures(rng)
        title, summary, description = (t.format(need=need, city=city, **figures)
                                       for t in content.OTHER_TEMPLATES[otype])
        return {"en": (title[0].upper() + title[1:], summary, description)}

    return _unseen(draw, seen)


def generate_opportunities(
    sc: Scenario,
    m: int,
    *,
    organization_ids: list[int],
    rng: random.Random,
    progress: Callable[[int], None] | None = None,
    actor: User | None = None,
    offer_of_each: str | None = None,
) -> int:
    """Opportunities of every type, each about what its organization does: in the sector of the
    organization (its first sector), and for a firm of the Israeli Tech Map in English built on
    its real description (without its name); Beijing firms post what a firm of their sector
    would look for in Israel. Some in Hebrew. With the status history of each.

    `offer_of_each`: one published offer of this type (technology_offer, business_offer) in
    English, built on its description, from each of the `m` first organizations in turn (Tel
    Aviv firms of the Israeli Tech Map)."""
    orgs = {o["pk"]: o for o in Organization.objects.filter(pk__in=organization_ids).values(
        "pk", "name", "kind", "language", "description", "source", "ecosystem__code")}
    first_sector: dict[int, str] = {}
    for org_id, code in (Organization.sectors.through.objects.filter(organization_id__in=list(orgs))
                         .order_by("organization_id", "sector_id")
                         .values_list("organization_id", "sector__code")):
        first_sector.setdefault(org_id, code)
    org_ids = list(orgs)
    statuses = [s for s, w in STATUS_MIX for _ in range(w)]
    sector_codes = list(content.SUBJECTS)
    today = timezone.localdate()
    now = timezone.now()
    created_count = 0
    seen: set[str] = set()
    for batch in _batches(range(m)):
        rows, extra = [], []
        for position in batch:
            org = orgs[organization_ids[position]] if offer_of_each else orgs[rng.choice(org_ids)]
            eco = org["ecosystem__code"]
            mix = (BEIJING_TYPE_MIX.get(org["kind"], TYPE_MIX["beijing"]) if eco == "beijing"
                   else {offer_of_each: 1} if offer_of_each
                   else TYPE_MIX.get(eco, TYPE_MIX["other"]))
            otype = rng.choices(list(mix), weights=list(mix.values()))[0]
            sector = first_sector.get(org["pk"])
            if sector not in content.SUBJECTS:
                sector = rng.choice(sector_codes)
            subject = rng.choice(content.SUBJECTS[sector])
            grounded = (eco == "tel-aviv" and otype in GROUNDED
                        and len((org["description"] or "").split()) >= 6
                        and str(org["source"]).startswith("Israeli Tech Map"))
            if eco == "beijing":
                lang = "zh" if rng.random() < 0.8 else "en"
                target = "tel-aviv" if rng.random() < 0.6 else rng.choice(list(sc.ecosystems)[2:])
            elif eco == "tel-aviv":
                lang = ("en" if offer_of_each
                        else "he" if (rng.random() < 0.3 and not grounded) or rng.random() < 0.1 else "en")
                grounded = grounded and lang == "en"
                target = "beijing"
            else:
                lang, target = "en", "beijing"
            market_key = target if target in ("beijing", "tel-aviv") else "other"
            if eco == "beijing" and otype in content.BEIJING_TEMPLATES:
                versions = _beijing_post(otype, sector, _specialty(org["description"], sector) or subject,
                                         market_key, rng, seen)
            elif grounded:
                what = _anonymous(org["description"], org["name"])
                head, lead = GROUNDED[otype]
                title = head.format(d=_what(what))
                summary = f"{what} {lead}" if len(what) < 300 else lead
                versions = {"en": (title, summary, f"{what}\n\n{lead}")}
            elif eco not in ("beijing", "tel-aviv"):
                versions = _other_post(otype, sector, sc.ecosystems[eco].name_en, rng, seen)
            else:
                if eco == "tel-aviv":
                    row = sc.sectors[sector]
                    subject = _fitting_subject(org["description"], sector, (row.name_en, row.name_zh, row.name_he))
                versions = _generic_post(otype, lang, subject, market_key, rng, seen)
            title, summary, description = versions[lang]
            en_version = list(versions["en"]) if lang != "en" else None
            status = "published" if offer_of_each else rng.choice(statuses)
            # Waiting and draft ones are recent; published ones spread over the past year.
            age = rng.randint(1, 330) if status in ("published", "expired", "closed") else rng.randint(1, 20)
            published_at = now - dt.timedelta(days=age) if status in ("published", "expired", "closed") else None
            expires_on = (today - dt.timedelta(days=rng.randint(1, 30)) if status == "expired"
                          else today + dt.timedelta(days=365 - age))
            rows.append(Opportunity(
                organization_id=org["pk"], type=otype, title=title[:200], summary=summary[:500],
                description=description, language=lang,
                cooperation_kinds=content.COOPERATION_BY_TYPE[otype][: rng.randint(1, 2)],
                expires_on=expires_on, status=status,
                submitted_at=now - dt.timedelta(days=age + 2) if status != "draft" else None,
                published_at=published_at,
                validated_by=actor if published_at or status == "rejected" else None,
                rejection_reason="Please describe the technology's maturity." if status == "rejected" else "",
                closed_at=now - dt.timedelta(days=max(age - 30, 0)) if status == "closed" else None,
                is_demo_data=True,
                search_document=search_document(title, summary, description, *(en_version or [])),
            ))
            extra.append((sector, target, en_version))
        created = Opportunity.objects.bulk_create(rows)
        through_s = Opportunity.sectors.through
        through_t = Opportunity.target_ecosystems.through
        through_s.objects.bulk_create(
            [through_s(opportunity_id=o.pk, sector_id=sc.sectors[s].pk)
             for o, (s, _t, _e) in zip(created, extra, strict=True)])
        through_t.objects.bulk_create(
            [through_t(opportunity_id=o.pk, ecosystem_id=sc.ecosystems[t].pk)
             for o, (_s, t, _e) in zip(created, extra, strict=True)])
        OpportunityTranslation.objects.bulk_create([
            OpportunityTranslation(opportunity=o, language="en", title=e[0][:200], summary=e[1][:500],
                                   description=e[2])
            for o, (_s, _t, e) in zip(created, extra, strict=True) if e])
        history: list[StatusChange] = []
        for o in created:
            steps = ["draft"]
            if o.status != "draft":
                steps.append("submitted")
            if o.status in ("published", "expired", "closed"):
                steps.append("published")
            if o.status in ("rejected", "expired", "closed"):
                steps.append(o.status)
            history.extend(
                StatusChange(opportunity=o, from_status=a, to_status=b,
                             actor=actor if b in ("published", "rejected") else None)
                for a, b in zip(["", *steps[:-1]], steps, strict=True))
        StatusChange.objects.bulk_create(history, batch_size=BATCH)
        created_count += len(created)
        if progress:
            progress(len(created))
    return created_count


def refresh_planner_statistics() -> None:
    """After bulk loads, let the database planner see the new row counts (SQLite and
    PostgreSQL both know ANALYZE); without it SQLite sorts the whole marketplace."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _user(username: str, display: str, **fields: Any) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={
        "display_name": display, "email": f"{username}@demo.liaison.invalid", **fields})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


DEMO_LOGINS = [
    ("hq", "headquarters staff (all offices, back office)"),
    ("officer-telaviv", "officer of the Tel Aviv office"),
    ("officer-beijing", "officer of the home office in Beijing"),
    ("owner-beijing", "owner of a Beijing firm (中科储能)"),
    ("member-beijing", "member of the same Beijing firm"),
    ("owner-telaviv", "owner of a Tel Aviv firm"),
    ("officer-<office>", "an officer of each other office (officer-london, officer-munich, …): "
                         "answers for its firms without logins"),
]


@transaction.atomic
def create_demo_users(sc: Scenario) -> dict[str, User]:
    users = {
        "hq": _user("hq", "HQ Analyst Wang", is_hq=True, is_staff=True),
        "officer-telaviv": _user("officer-telaviv", "Officer Li (Tel Aviv)", office=sc.offices["tel-aviv"]),
        "officer-beijing": _user("officer-beijing", "Officer Zhang (Beijing)", office=sc.home),
        # Every other office has an officer too: most demo firms have no login, and their
        # office answers interests on their behalf (liaison.directory.actfor).
        **{f"officer-{code}": _user(f"officer-{code}", f"Officer ({office.name})", office=office)
           for code, office in sc.offices.items() if code not in ("tel-aviv", "beijing")
           and office.pk != sc.home.pk},
        "owner-beijing": _user("owner-beijing", "陈静 Chen Jing", preferred_language="zh-hans"),
        "member-beijing": _user("member-beijing", "刘洋 Liu Yang", preferred_language="zh-hans"),
        "owner-telaviv": _user("owner-telaviv", "Noa Levi", preferred_language="he"),
    }
    firm, _ = Organization.objects.get_or_create(
        name="中科储能科技有限公司",
        defaults=dict(
            kind="firm", language="zh", ecosystem=sc.ecosystems["beijing"], office=sc.home,
            description="中科储能是一家位于中关村的储能系统企业，研发电网级储能和电池管理系统。",
            size="m", stage="growth", founded_year=2016, is_demo_data=True,
            vetted_by=sc.home, vetted_at=timezone.now(), source="fictional demo data",
        ),
    )
    OrganizationTranslation.objects.get_or_create(
        organization=firm, language="en",
        defaults={"name": "Zhongke Energy Storage Technology",
                  "description": "Grid-scale energy storage and battery management systems, Zhongguancun."})
    firm.sectors.add(sc.sectors["energy"])
    Person.objects.get_or_create(organization=firm, name="陈静 Chen Jing", defaults={
        "email": "chen.jing@demo.liaison.invalid", "job_title": "总经理 CEO", "languages": ["zh", "en"]})
    firm.search_document = search_document(firm.name, firm.description,
                                           "Zhongke Energy Storage Technology")
    firm.save()
    Membership.objects.get_or_create(user=users["owner-beijing"], organization=firm, defaults={"role": "owner"})
    Membership.objects.get_or_create(user=users["member-beijing"], organization=firm, defaults={"role": "member"})
    tel_aviv_firm = Organization.objects.filter(ecosystem=sc.ecosystems["tel-aviv"], sectors__code="energy").order_by("pk").first() \
        or Organization.objects.filter(ecosystem=sc.ecosystems["tel-aviv"]).order_by("pk").first()
    if tel_aviv_firm is not None:
        Membership.objects.get_or_create(user=users["owner-telaviv"], organization=tel_aviv_firm,
                                         defaults={"role": "owner"})
        Person.objects.get_or_create(organization=tel_aviv_firm, name="Noa Levi", defaults={
            "email": "noa.levi@demo.liaison.invalid", "job_title": "VP Business Development",
            "languages": ["he", "en"]})
    if not firm.opportunities.exists():
        from liaison.opportunities import services
        opp = services.create_opportunity(organization=firm, by=users["owner-beijing"], data={
            "type": "technology_request", "language": "zh",
            "title": "寻求电网级储能电池管理技术合作",
            "summary": "我们寻求以色列在锂电池管理系统、电池热失控与火灾预警方面的技术，用于电网级储能电站。",
            "description": "我们计划在华北地区建设多个电网级储能电站，需要先进的电池管理系统（BMS）、锂电池热失控与火灾预警、"
                           "电池寿命预测算法，以及储能电站的能量管理软件。欢迎技术许可、联合研发或试点合作。",
            "sectors": [sc.sectors["energy"]], "target_ecosystems": [sc.ecosystems["tel-aviv"]],
            "cooperation_kinds": ["licensing", "rd_partnership", "pilot_customer"],
            # the firm's own English version, shown to readers who read no Chinese
            "title_en": "Seeking cooperation on battery management for grid-scale energy storage",
            "summary_en": "We seek Israeli technology in lithium battery management systems and early "
                          "warning of thermal runaway and battery fires, for grid-scale storage stations.",
            "description_en": "We plan several grid-scale energy storage stations in North China and need "
                              "advanced battery management systems (BMS), early warning of lithium battery "
                              "thermal runaway and fires, battery lifetime prediction, and energy management "
                              "software for storage stations. Licensing, joint R&D or pilot cooperation are "
                              "welcome.",
        })
        services.submit_opportunity(opp, by=users["owner-beijing"])
        services.publish_opportunity(opp, by=users["officer-beijing"])
    return users


# Where a need of a sector the Israeli Tech Map does not have finds its firms.
NEED_SECTORS = {
    "energy": ("energy", "sustainability"), "agrifood": ("agrifood", "sustainability"),
    "advanced-manufacturing": ("advanced-manufacturing", "robotics", "productivity"),
    "education": ("education", "digital-media", "gaming"), "culture": ("culture", "digital-media"),
}
def counterparts_for_needs(sc: Scenario, *, per_need: int = 3, min_score: float = 8.0) -> list[int]:
    """Tel Aviv firms of the Israeli Tech Map whose own descriptions answer the Beijing needs
    (content.BEIJING_NEEDS): for each need, the `per_need` firms of its sector whose
    description shares its rarest words (idf-weighted overlap of at least `min_score`), so
    that a Beijing request's first matches are firms that do what it asks for."""
    rows = list(Organization.objects.filter(ecosystem=sc.ecosystems["tel-aviv"], source__startswith="Israeli Tech Map")
                .values_list("pk", "description"))
    sector_of: dict[int, str] = {}
    for org_id, code in (Organization.sectors.through.objects.filter(organization_id__in=[pk for pk, _ in rows])
                         .values_list("organization_id", "sector__code")):
        sector_of.setdefault(org_id, code)
    docs = [(pk, _content_words(text or "")) for pk, text in rows if len((text or "").split()) >= 6]
    picked: list[int] = []
    for sector, needs in content.BEIJING_NEEDS.items():
        sectors = NEED_SECTORS.get(sector, (sector,))
        candidates = [(pk, words) for pk, words in docs if sector_of.get(pk) in sectors]
        # Rarity within the sector's own firms ("energy" says little among energy firms).
        df: dict[str, int] = {}
        for _pk, words in candidates:
            for w in words:
                df[w] = df.get(w, 0) + 1
        n = len(candidates)
        idf = {w: math.log(1 + (n - c + 0.5) / (c + 0.5)) for w, c in df.items()}  # BM25's
        for need_en, _zh in needs:
            need = _content_words(need_en)
            scored = sorted(((sum(idf.get(w, 0.0) for w in need & words), pk) for pk, words in candidates),
                            reverse=True)
            picked.extend(pk for score, pk in scored[:per_need] if score >= min_score and pk not in picked)
    return picked


def build_demo(*, progress: Callable[[str, int, int], None] | None = None, opportunities: int = 1500) -> Scenario:
    """The whole demo scenario; does nothing if it is there already."""
    sc = ensure_base()
    if Organization.objects.filter(ecosystem=sc.ecosystems["tel-aviv"]).exists():
        create_demo_users(sc)
        return sc
    rng = random.Random(2026)

    def step(label: str, total: int) -> Callable[[int], None]:
        done = [0]

        def advance(n: int) -> None:
            done[0] += n
            if progress:
                progress(label, done[0], total)

        return advance

    with transaction.atomic():
        import_techmap(sc, progress=step("Israeli Tech Map companies", 7950))
        home_ids = generate_organizations(sc, 600, ecosystem_codes=["beijing"], rng=rng,
                                          progress=step("Beijing firms (fictional)", 600))
        others = list(sc.ecosystems)[2:]
        other_ids = generate_organizations(sc, 20 * len(others), ecosystem_codes=others, rng=rng,
                                           progress=step("Other ecosystems (fictional)", 20 * len(others)))
        tel_aviv_ids = list(Organization.objects.filter(ecosystem=sc.ecosystems["tel-aviv"])
                            .order_by("?").values_list("pk", flat=True)[:900])
        officer = _user("officer-beijing", "Officer Zhang (Beijing)", office=sc.home)
        generate_opportunities(sc, opportunities, organization_ids=home_ids + tel_aviv_ids + other_ids,
                               rng=rng, actor=officer, progress=step("Opportunities", opportunities))
        # The Tel Aviv firms that answer the Beijing needs offer their technology (to Beijing's
        # technology requests) and their product (to its purchase and distribution requests).
        answering = counterparts_for_needs(sc)
        answers = step("Tel Aviv offers answering Beijing needs", 2 * len(answering))
        for offer in ("technology_offer", "business_offer"):
            generate_opportunities(sc, len(answering), organization_ids=answering, rng=rng, actor=officer,
                                   offer_of_each=offer, progress=answers)
        create_demo_users(sc)
    refresh_planner_statistics()
    return sc


def seed_synthetic(*, organizations: int, opportunities: int, progress: Callable[[str, int, int], None] | None = None,
                   seed: int = 1) -> tuple[int, int]:
    """N more fictional organizations and M opportunities spread over every ecosystem."""
    sc = ensure_base()
    rng = random.Random(seed)

    def step(label: str, total: int) -> Callable[[int], None]:
        done = [0]

        def advance(n: int) -> None:
            done[0] += n
            if progress:
                progress(label, done[0], total)

        return advance

    prefix = f"S{seed}-{Organization.objects.count()}-"
    with transaction.atomic():
        ids = generate_organizations(sc, organizations, ecosystem_codes=list(sc.ecosystems), rng=rng,
                                     progress=step("organizations", organizations), prefix=prefix)
    if not ids:
        ids = list(Organization.objects.values_list("pk", flat=True)[:10000])
    actor = User.objects.filter(office__isnull=False).first()
    with transaction.atomic():
        n = generate_opportunities(sc, opportunities, organization_ids=ids, rng=rng, actor=actor,
                                   progress=step("opportunities", opportunities))
    refresh_planner_statistics()
    return len(ids), n
