"""`crews.prepared.ByIds`: a list page's rows read a few ids at a time by SQL written once (on both databases;
prepared on PostgreSQL's connections)."""

from crews.ledgers import agreements_shown
from crews.prepared import ByIds
from missions.models import Agreement, Mission
from missions.tests.factories import AgreementFactory


def test_every_id_asked_for_is_read_once_in_chunks_and_one_deleted_is_left_out(world):
    missions = [world.soyuz_mission(f"Soyuz TM-{n}", f"{1990 + n}-01-10", None) for n in range(8)]
    read = ByIds(lambda *keys: Mission.objects.filter(pk__in=keys).select_related("spacecraft").order_by(), 3)
    keys = [m.pk for m in missions]
    found = read([*keys, 10**9])  # three chunks; the last id: deleted meanwhile
    assert sorted(m.pk for m in found) == sorted(keys)
    assert {m.spacecraft.name for m in found} == {world.soyuz.name}
    assert read([]) == []


def test_the_agreements_of_a_page_come_with_their_parties(world, django_assert_num_queries):
    agreements = [
        AgreementFactory(agency_a=world.nasa, agency_b=world.esa, name=f"Barter {n}") for n in range(30)
    ]
    keys = [a.pk for a in agreements]
    with django_assert_num_queries(2):  # 25 and 5
        found = agreements_shown(keys)
        names = {(a.name, a.agency_a.short_name, a.agency_b.short_name) for a in found}
    assert names == {(a.name, "NASA", "ESA") for a in Agreement.objects.filter(pk__in=keys)}
