"""Events: delegations and B2B matchmaking days.

An event has meeting days split into sessions; each session is cut into slots of the
event's slot length. Organizations register (with the people who attend, the languages
they speak and the sessions each of them cannot attend); interpreters are registered by the
host office or offer themselves (the host office confirms); registrations send each other meeting requests; accepted requests become
meetings, which the scheduler places into slots, at tables, with interpreters.
"""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.common.urls import is_safe_url


class Language(models.TextChoices):
    """The languages attendees and interpreters name (ISO 639-1 codes)."""

    ZH = "zh", _("Chinese")
    HE = "he", _("Hebrew")
    EN = "en", _("English")
    RU = "ru", _("Russian")
    AR = "ar", _("Arabic")
    FR = "fr", _("French")
    DE = "de", _("German")
    JA = "ja", _("Japanese")
    KO = "ko", _("Korean")
    ES = "es", _("Spanish")


class Event(models.Model):
    class Kind(models.TextChoices):
        DELEGATION = "delegation", _("delegation")
        MATCHMAKING = "matchmaking", _("matchmaking day")

    class Direction(models.TextChoices):
        INBOUND = "inbound", _("inbound (visitors to the home park)")
        OUTBOUND = "outbound", _("outbound (home-park firms abroad)")
        LOCAL = "local", _("local")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REGISTRATION = "registration", _("open for registration")
        REQUESTS = "requests", _("requests open")
        SCHEDULED = "scheduled", _("scheduled")
        RUNNING = "running", _("running")
        CLOSED = "closed", _("closed")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DELEGATION)
    host_office = models.ForeignKey(
        "directory.Office", verbose_name=_("host office"), on_delete=models.PROTECT,
        related_name="events",
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.OUTBOUND
    )
    partner_ecosystem = models.ForeignKey(
        "directory.Ecosystem", verbose_name=_("partner ecosystem"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"), default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    video_link_template = models.CharField(
        _("video link template"), max_length=300, blank=True,
        help_text=_("For remote participants, e.g. https://meet.example.org/liaison-{meeting}"),
    )
    request_cap = models.PositiveSmallIntegerField(
        _("meeting requests per participant"), default=12,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    request_days = models.PositiveSmallIntegerField(
        _("days to answer a request"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    class Breaks(models.TextChoices):
        SESSION = "session", _("breaks reset at lunch (each session counts on its own)")
        DAY = "day", _("one programme per day (the sessions of a day count as one)")

    class Pairs(models.TextChoices):
        ANY = "any", _("any two participants")
        CROSS_BORDER = "cross_border", _("only firms of different countries")
        INBOUND_LOCAL = "inbound_local", _("only visitors with local firms")

    breaks = models.CharField(_("how idle gaps are counted"), max_length=10, choices=Breaks.choices,
                              default=Breaks.SESSION)
    pairs = models.CharField(_("who may meet whom"), max_length=20, choices=Pairs.choices,
                             default=Pairs.ANY)
    meeting_cap = models.PositiveSmallIntegerField(
        _("most meetings per firm"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text=_("Empty: as many as fit. A registration's own cap, when lower, wins."),
    )
    public = models.BooleanField(_("public event page"), default=False,
                                 help_text=_("Anyone may read what, when and where; signed-in firms register."))
    capacity = models.PositiveSmallIntegerField(
        _("most registered firms"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5000)],
        help_text=_("Empty: no limit. Beyond it, firms join a waiting list."),
    )
    published_at = models.DateTimeField(_("schedule published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="event_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def organization(self) -> None:
        # Events belong to an office, not an organization (keeps shared predicates honest).
        return None

    def days(self) -> list[dt.date]:
        n = (self.end_date - self.start_date).days + 1
        return [self.start_date + dt.timedelta(days=i) for i in range(max(n, 0))]

    def video_link(self, meeting_id: int) -> str:
        """The meeting's video link, or "" when there is none or it would not be an http(s)
        address (the service refuses such a template; this guards rows stored before)."""
        if not self.video_link_template:
            return ""
        link = self.video_link_template.replace("{meeting}", str(meeting_id))
        return link if is_safe_url(link) else ""


class Session(models.Model):
    """A block of consecutive slots on one day (a morning, an afternoon)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    name = models.CharField(_("name"), max_length=100)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "start_time", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class Slot(models.Model):
    """One meeting slot, created from its session and the event's slot length."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class Table(models.Model):
    """A table or a room where meetings take place."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="unique_table_name")]

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    """An organization taking part in an event (a scheduler participant)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    organization = models.ForeignKey(
        "directory.Organization", verbose_name=_("organization"), on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    own_table = models.ForeignKey(
        Table, verbose_name=_("own table (exhibitor)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # The firm as a whole: the default for attendees registered without their own answer, and
    # what counts for a registration without attendees (see `unavailable_session_ids`).
    unavailable_sessions = models.ManyToManyField(
        Session, verbose_name=_("sessions not available"), blank=True, related_name="+"
    )
    max_meetings = models.PositiveSmallIntegerField(_("most meetings"), null=True, blank=True)
    remote = models.BooleanField(_("joins remotely (video link)"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    waitlisted = models.BooleanField(_("on the waiting list"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["organization__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organization"], name="unique_registration"),
            # Two exhibitors never share a table (a table belongs to one event).
            models.UniqueConstraint(fields=["own_table"], condition=models.Q(own_table__isnull=False),
                                    name="one_exhibitor_per_table"),
        ]

    def __str__(self) -> str:
        return str(self.organization)

    def languages(self) -> set[str]:
        langs: set[str] = set()
        for a in self.attendees.all():
            langs.update(a.languages or [])
        return langs

    def unavailable_session_ids(self) -> set[int]:
        """The sessions the firm cannot attend: those none of its attendees can attend (a
        firm is there when one of its people is); without attendees, the registration's own
        setting. Uses prefetched `attendees__unavailable_sessions` and `unavailable_sessions`."""
        attendees = list(self.attendees.all())
        if not attendees:
            return {s.pk for s in self.unavailable_sessions.all()}
        sets = [{s.pk for s in a.unavailable_sessions.all()} for a in attendees]
        return set.intersection(*sets)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Attendee(models.Model):
    """A person of the registered organization who comes to the meetings.

    `calendar_token` is the secret of the person's calendar subscription URL (revoked by
    drawing a new one); `checkin_token` is what the QR code on agenda and badge carries."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    person = models.ForeignKey(
        "directory.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unavailable_sessions = models.ManyToManyField(
        Session, verbose_name=_("sessions not available"), blank=True, related_name="+"
    )
    calendar_token = models.CharField(max_length=64, default=new_token, unique=True)
    checkin_token = models.CharField(max_length=64, default=new_token, unique=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Interpreter(models.Model):
    """An interpreter at the event. Registered by the host office (confirmed at once) or
    offered by a signed-in user (the host office confirms or declines); the scheduler uses
    confirmed interpreters only."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="interpreters")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    languages = models.JSONField(_("languages"), default=list)
    unavailable_sessions = models.ManyToManyField(
        Session, verbose_name=_("sessions not available"), blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.CONFIRMED)
    user = models.ForeignKey(  # the account of an interpreter who offered themselves
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="interpreting_offers",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], condition=models.Q(user__isnull=False),
                                    name="one_interpreting_offer_per_user")
        ]

    def __str__(self) -> str:
        return self.name


class MeetingRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        EXPIRED = "expired", _("expired")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Priority(models.IntegerChoices):
        LOW = 1, _("nice to have")
        MEDIUM = 2, _("important")
        HIGH = 3, _("essential")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="requests")
    requester = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="sent_requests")
    recipient = models.ForeignKey(
        Registration, verbose_name=_("with"), on_delete=models.CASCADE, related_name="received_requests"
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "recipient"], name="unique_meeting_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.recipient}"


class Meeting(models.Model):
    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("to be scheduled")
        SCHEDULED = "scheduled", _("scheduled")
        UNSCHEDULED = "unscheduled", _("could not be scheduled")
        CANCELLED = "cancelled", _("cancelled")

    class Outcome(models.TextChoices):
        NONE = "", _("not recorded")
        HELD = "held", _("held")
        NO_SHOW = "no_show", _("no-show")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    request = models.OneToOneField(
        MeetingRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting"
    )
    a = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    priority = models.PositiveSmallIntegerField(_("priority"), default=2)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACCEPTED)
    slot = models.ForeignKey(Slot, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings")
    table = models.ForeignKey(Table, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings")
    interpreter = models.ForeignKey(
        Interpreter, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    languages = models.JSONField(default=list, blank=True)  # the pair to bridge, or []
    reason = models.CharField(max_length=300, blank=True)  # why it could not be scheduled
    locked = models.BooleanField(_("locked"), default=False)
    published_slot = models.ForeignKey(
        Slot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.a} – {self.b}"

    def other(self, registration: Registration) -> Registration:
        return self.b if registration.pk == self.a_id else self.a

    @property
    def uid(self) -> str:
        return f"meeting-{self.pk}@liaison"


class Feedback(models.Model):
    """After the event: was the meeting useful, is a follow-up planned (one per side)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    useful = models.BooleanField(_("the meeting was useful"), default=False)
    follow_up = models.BooleanField(_("a follow-up is planned"), default=False)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "registration"], name="unique_feedback")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} ({self.registration})"


class SchedulingRun(models.Model):
    """One run of the scheduler, with its progress for the page and its figures."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="runs")
    replan = models.BooleanField(default=False)
    time_limit = models.FloatField(default=30.0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0.0)
    message = models.CharField(max_length=300, blank=True)
    solver_status = models.CharField(max_length=20, blank=True)
    objective = models.JSONField(default=dict, blank=True)
    bound = models.JSONField(default=dict, blank=True)
    seconds = models.FloatField(default=0.0)
    # The solver's own clock stopped the search before its budget (the schedule is valid,
    # but a longer run may do better): shown to the officer.
    time_limit_cut = models.BooleanField(default=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("scheduling run")
        verbose_name_plural = _("scheduling runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk}"


class BlockedPair(models.Model):
    """Two organizations that must not be given a meeting at this event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="blocked_pairs")
    a = models.ForeignKey("directory.Organization", on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey("directory.Organization", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("blocked pair")
        verbose_name_plural = _("blocked pairs")
        constraints = [models.UniqueConstraint(fields=["event", "a", "b"], name="unique_blocked_pair")]

    def __str__(self) -> str:
        return f"{self.a} ≠ {self.b}"


class Proposal(models.Model):
    """A re-plan after publication, waiting for the host office: the solver's schedule is
    kept here (not written onto the meetings) with its differences from the published one;
    publishing it applies it and notifies only the people whose meetings changed."""

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for a decision")
        PUBLISHED = "published", _("published")
        DISCARDED = "discarded", _("discarded")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="proposals")
    run = models.OneToOneField(SchedulingRun, on_delete=models.CASCADE, related_name="proposal")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # meeting pk (str) -> {"slot": pk|None, "table": pk|None, "interpreter": pk|None, "reason": str}
    plan = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("re-plan proposal")
        verbose_name_plural = _("re-plan proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} proposal #{self.pk}"
