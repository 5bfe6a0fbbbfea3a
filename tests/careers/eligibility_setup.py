"""Set-up shared by the careers eligibility tests: a Librarian I class with requirements,
and the Riverside ladder Page → Library Assistant → Librarian I → Librarian II."""

from __future__ import annotations

from dataclasses import dataclass

from ladder.people.models import EducationLevel, JobClass, Ladder
from ladder.skills.models import Competency, JobClassCompetency, Rating
from tests import factories as f


@dataclass
class Careers:
    librarian1: JobClass
    ladder: Ladder
    interview: Competency
    ils: Competency
    circulation: Competency


def rate(person, competency, level) -> Rating:
    rating, _ = Rating.objects.update_or_create(
        person=person, competency=competency, defaults={"level": level, "source": "supervisor"}
    )
    return rating


def make_careers(world, framework) -> Careers:
    librarian1 = f.JobClassFactory(
        name="Librarian I",
        code="librarian-i",
        network=world.network,
        is_professional=True,
        min_education=EducationLevel.BACHELOR,
    )
    comps = {c.code: c for c in Competency.objects.filter(framework=framework)}
    JobClassCompetency.objects.create(
        job_class=librarian1, competency=comps["reference-interview"], level=3
    )
    JobClassCompetency.objects.create(job_class=librarian1, competency=comps["ils"], level=2)
    JobClassCompetency.objects.create(
        job_class=world.assistant, competency=comps["circulation"], level=2
    )
    ladder = f.LadderFactory(name="Riverside ladder", library=world.riverside)
    for position, jc in enumerate(
        [world.page, world.assistant, librarian1, world.librarian2], start=1
    ):
        f.LadderStepFactory(ladder=ladder, job_class=jc, position=position)
    world.riverside.ladder = ladder
    world.riverside.save(update_fields=["ladder"])
    return Careers(
        librarian1=librarian1,
        ladder=ladder,
        interview=comps["reference-interview"],
        ils=comps["ils"],
        circulation=comps["circulation"],
    )


def offering(world, competencies: dict, *, title="Workshop", fee="0", paid_by="free", **fields):
    """A network offering addressing competencies ({Competency: level})."""
    from decimal import Decimal

    from ladder.learning.models import Offering, OfferingCompetency

    fields.setdefault("provider_kind", Offering.Provider.NETWORK)
    if fields["provider_kind"] == Offering.Provider.NETWORK:
        fields.setdefault("provider_network", world.network)
    made = Offering.objects.create(
        title=title,
        kind=fields.pop("kind", Offering.Kind.WORKSHOP),
        fee=Decimal(fee),
        paid_by=paid_by,
        ce_hours=Decimal(fields.pop("hours", "3")),
        **fields,
    )
    for competency, level in competencies.items():
        OfferingCompetency.objects.create(offering=made, competency=competency, level=level)
    return made


def session(made, *, days=10, branch=None, online=False, **fields):
    from tests.learning.conftest import HOUR, future, make_session

    start = future(days)
    if online:
        fields["online_url"] = "https://meet.example.org/x"
    return make_session(made, [(start, start + 3 * HOUR)], venue_branch=branch, **fields)
