"""Persons, employments, job classes, ladders, credentials and prior experience."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ladder.core import limits
from ladder.core.files import StoredFile, stored_file_upload_to
from ladder.orgs.models import Membership

if TYPE_CHECKING:
    pass


class EducationLevel(models.IntegerChoices):
    """Ordered so that a higher degree satisfies a requirement for a lower one."""

    NONE = 0, "None"
    SECONDARY = 10, "Secondary (high school) diploma"
    ASSOCIATE = 20, "Associate degree"
    BACHELOR = 30, "Bachelor's degree"
    MASTER = 40, "Master's degree (other field)"
    MLS = 50, "MLS / MLIS"
    DOCTORATE = 60, "Doctorate"


class PersonQuerySet(models.QuerySet["Person"]):
    """People; who may see whom is people.selectors (people_visible_to, people_managed_by)."""


class PersonManager(BaseUserManager.from_queryset(PersonQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> Person:
        if not email:
            raise ValueError("An e-mail address is required")
        person = self.model(email=self.normalize_email(email).lower(), **extra)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> Person:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> Person:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> Person:
        return self.get(email__iexact=username)


class Person(AbstractUser):
    """A login. Staff, mentors, supervisors, admins and coordinators are all persons."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)
    preferred_name = models.CharField(max_length=150, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    bio = models.TextField("about me", blank=True)
    is_mentor = models.BooleanField(
        "volunteers as a mentor",
        default=False,
        help_text="Mentors can be asked for one-on-one teaching in subjects they volunteered for.",
    )
    feed_token = models.CharField(max_length=64, default="", blank=True, editable=False)
    # The library whose admin added the person (add staff, import): that library may give
    # them their first job there. Anyone else's record is attached only by the site admin.
    added_by_library = models.ForeignKey(
        "orgs.Library",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # Mixed into the session hash: changing it ends every session of the person (e-mail
    # change, password reset, the end of their last job), whatever the session backend.
    session_salt = models.CharField(max_length=32, default="", blank=True, editable=False)
    # When their sessions and tokens were last ended because they had left (run_periodic).
    access_ended_at = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[PersonManager] = PersonManager()  # type: ignore[assignment]

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = "person"
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("people:profile", args=[self.pk])

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        full = f"{first} {self.last_name}".strip()
        return full or self.email

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's hash of the password, salted with session_salt (unchanged while it is "").
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        return salted_hmac(
            key_salt, self.password + self.session_salt, secret=secret, algorithm="sha256"
        ).hexdigest()

    @property
    def holds_a_role(self) -> bool:
        """Site admin, Django admin user, library admin or network coordinator."""
        return bool(self.is_superuser or self.is_staff or self.roles.exists())

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = (self.email or "").strip().lower()
        if not self.feed_token:
            self.feed_token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)


class JobClassQuerySet(models.QuerySet["JobClass"]):
    def available_to_library(self, library_id: int) -> JobClassQuerySet:
        """A library uses its own classes and the templates of the networks it belongs to."""
        networks = Membership.objects.filter(library_id=library_id).values("network_id")
        return self.filter(
            Q(library_id=library_id)
            | Q(library__isnull=True, network__isnull=True)
            | Q(library__isnull=True, network_id__in=networks)
        )


class CertificationType(models.Model):
    """A kind of certification (e.g. LSSC); a job class may require one."""

    name = models.CharField(max_length=200, unique=True)
    issuer = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class JobClass(models.Model):
    """A job class with its requirements. Without a library it is a network template class."""

    name = models.CharField(max_length=120)
    code = models.SlugField(max_length=60)
    network = models.ForeignKey(
        "orgs.Network", on_delete=models.CASCADE, null=True, blank=True, related_name="job_classes"
    )
    library = models.ForeignKey(
        "orgs.Library", on_delete=models.CASCADE, null=True, blank=True, related_name="job_classes"
    )
    is_professional = models.BooleanField(default=False)
    is_management = models.BooleanField(default=False)
    description = models.TextField(blank=True)
    min_education = models.IntegerField(
        "minimum education", choices=EducationLevel.choices, default=EducationLevel.NONE
    )
    requires_accredited = models.BooleanField(
        "degree must be ALA-accredited",
        default=False,
        help_text="Only an accredited MLS/MLIS satisfies the education requirement.",
    )
    min_years_experience = models.DecimalField(
        "minimum years of experience",
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("50"))],
    )
    required_certifications = models.ManyToManyField(
        CertificationType, blank=True, related_name="required_by"
    )

    objects = JobClassQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "job classes"
        constraints = [
            # Codes are unique per owner; SQLite cannot treat NULLs as equal, so one
            # conditional constraint per kind of owner.
            models.UniqueConstraint(
                fields=["library", "code"],
                condition=Q(library__isnull=False),
                name="jobclass_unique_code_in_library",
            ),
            models.UniqueConstraint(
                fields=["network", "code"],
                condition=Q(library__isnull=True, network__isnull=False),
                name="jobclass_unique_code_in_network",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(library__isnull=True, network__isnull=True),
                name="jobclass_unique_code_global",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:jobclass_detail", args=[self.pk])


class Ladder(models.Model):
    """An ordered list of job classes. The network's template, or a library's own copy."""

    name = models.CharField(max_length=120)
    network = models.ForeignKey(
        "orgs.Network", on_delete=models.CASCADE, null=True, blank=True, related_name="ladders"
    )
    library = models.ForeignKey(
        "orgs.Library", on_delete=models.CASCADE, null=True, blank=True, related_name="own_ladders"
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:ladder_detail", args=[self.pk])

    @property
    def is_template(self) -> bool:
        return self.library_id is None


class LadderStep(models.Model):
    ladder = models.ForeignKey(Ladder, on_delete=models.CASCADE, related_name="steps")
    job_class = models.ForeignKey(JobClass, on_delete=models.PROTECT, related_name="ladder_steps")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["ladder", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ladder", "job_class"], name="ladderstep_unique_class"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.job_class}"


class EmploymentQuerySet(models.QuerySet["Employment"]):
    def current(self, on: dt.date | None = None) -> EmploymentQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on), start_date__lte=on)

    def with_full_time(self) -> EmploymentQuerySet:
        return self.annotate(
            full_time=models.ExpressionWrapper(
                Q(weekly_hours__gte=F("library__full_time_threshold")),
                output_field=models.BooleanField(),
            )
        )


class Employment(models.Model):
    """One job a person holds (or held) at a library. A person may hold several at once."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="employments")
    library = models.ForeignKey(
        "orgs.Library", on_delete=models.PROTECT, related_name="employments"
    )
    branch = models.ForeignKey(
        "orgs.Branch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employments",
    )
    job_class = models.ForeignKey(JobClass, on_delete=models.PROTECT, related_name="employments")
    title = models.CharField(max_length=120, blank=True, help_text="Working title, if different.")
    weekly_hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("60"))],
    )
    benefits_eligible = models.BooleanField(default=False)
    supervisor = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_employments",
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    objects = EmploymentQuerySet.as_manager()

    class Meta:
        ordering = ["person", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="employment_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.job_class} at {self.library}"

    @property
    def is_full_time(self) -> bool:
        return self.weekly_hours >= self.library.full_time_threshold

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)


class Credential(models.Model):
    """A degree or a certification, in progress or awarded."""

    class Kind(models.TextChoices):
        DEGREE = "degree", "Degree"
        CERTIFICATION = "certification", "Certification"

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        AWARDED = "awarded", "Awarded"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credentials")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AWARDED)
    # Degrees
    degree_level = models.IntegerField(choices=EducationLevel.choices, null=True, blank=True)
    field = models.CharField("field of study", max_length=200, blank=True)
    institution = models.CharField(max_length=200, blank=True)
    accredited = models.BooleanField(
        "ALA-accredited", default=False, help_text="For an MLS/MLIS: is the programme accredited?"
    )
    # Certifications
    certification_type = models.ForeignKey(
        CertificationType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credentials",
    )
    issuer = models.CharField(max_length=200, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    renewal_hours = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), limits.at_most(limits.CERT_HOURS_MAX)],
        help_text="Continuing-education hours needed to renew.",
    )
    awarded_on = models.DateField(null=True, blank=True)
    started_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "kind", "-awarded_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="certification") | Q(degree_level__isnull=False),
                name="credential_degree_has_level",
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(awarded_on__isnull=False),
                name="credential_awarded_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if self.kind == self.Kind.DEGREE:
            level = EducationLevel(self.degree_level).label if self.degree_level is not None else ""
            return f"{level}, {self.field}" if self.field else level
        return str(self.certification_type) if self.certification_type else self.issuer


# Named by migration 0001; files are now named by StoredFile.
evidence_upload_to = stored_file_upload_to


class EvidenceFile(StoredFile):
    """A file proving a credential."""

    credential = models.ForeignKey(Credential, on_delete=models.CASCADE, related_name="evidence")

    class Meta(StoredFile.Meta):
        pass

    def upload_folder(self) -> str:
        return f"evidence/{self.credential.person_id}"

    def get_absolute_url(self) -> str:
        return reverse("people:evidence_download", args=[self.pk])


class PriorExperience(models.Model):
    """Work before (or outside) the current library that counts toward experience."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="prior_experience")
    employer = models.CharField(max_length=200)
    role = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    hours_per_week = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("80"))],
    )
    is_library_work = models.BooleanField(default=True)

    class Meta:
        ordering = ["person", "-start_date"]
        verbose_name_plural = "prior experience"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="experience_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} at {self.employer}"


class ApiToken(models.Model):
    """A personal API token. Only a hash is kept; the token is shown once when created."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class EmailChange(models.Model):
    """A change of someone's sign-in e-mail: the old address is told and may undo it."""

    UNDO_DAYS = 7

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="email_changes")
    old_email = models.EmailField()
    new_email = models.EmailField()
    changed_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    undo_token_hash = models.CharField(max_length=64, unique=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.old_email} → {self.new_email}"

    @property
    def undo_until(self) -> dt.datetime:
        return self.changed_at + dt.timedelta(days=self.UNDO_DAYS)

    @property
    def may_be_undone(self) -> bool:
        return self.undone_at is None and timezone.now() <= self.undo_until
