"""The demo's network services: members of every kind, a workshop planned in several regions,
advisory requests in each channel, the temp agency with placements; a second seed adds nothing."""

from __future__ import annotations

from django.utils import timezone

from ladder.demo.personas import seed_demo
from ladder.learning.models import Offering, Session
from ladder.network import membership
from ladder.network.models import AdvisoryRequest, TempPlacement, TempRequest, TempWorker
from ladder.orgs.models import Library, Membership, Network

MODELS = [
    Library,
    Membership,
    Offering,
    Session,
    AdvisoryRequest,
    TempWorker,
    TempRequest,
    TempPlacement,
]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_network_services_story_and_a_second_seed_adds_nothing(db):
    seed_demo()
    network = Network.objects.get(slug="ohio-valley")
    today = timezone.localdate()

    # members of several kinds, a former member and libraries that never joined
    kinds = {k.kind for k in membership.members_by_kind(network) if k.members}
    assert {"public", "academic", "school", "medical", "special"} <= kinds
    assert "Harmon Law Library" in {m.library.name for m in membership.former_members(network)}
    outside = {lib.name for lib in membership.non_members(network)}
    assert {"Lakeview Academy Library", "Riverton Engineering Corporate Library"} <= outside

    # a workshop planned in several regions
    sessions = Session.objects.filter(offering__title="Managing volunteers")
    assert sessions.count() == 3
    assert len({s.region_id for s in sessions}) >= 2

    # advisory requests in each channel, answered and open
    requests = AdvisoryRequest.objects.filter(network=network)
    assert set(requests.values_list("channel", flat=True)) == {"email", "phone", "in_person"}
    assert requests.filter(status="answered").exists()
    assert requests.filter(status="new").exists()

    # temp workers at the three levels, a current and a past placement, an open request
    assert set(TempWorker.objects.filter(network=network).values_list("level", flat=True)) == {
        "non_professional",
        "paraprofessional",
        "professional",
    }
    placements = TempPlacement.objects.filter(is_cancelled=False)
    assert placements.filter(starts_on__lte=today, ends_on__gte=today).count() == 1
    assert placements.filter(ends_on__lt=today).count() == 1
    assert TempRequest.objects.filter(status="open").count() == 1

    before = _counts()
    seed_demo()
    assert _counts() == before
