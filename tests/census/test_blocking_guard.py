"""The linkage's candidate pairs stay few whatever the listing: hosts found in the data, blocks capped.

Actors sharing a web domain the census does not know as a host (a town hall's site with a page
per association, `assoconnect.com`, `free.fr` pages) or a federation's phone used to make every
one of them a candidate of every other (quadratic: 13 GB for 19,500 actors). Benchmark:
`scripts/bench_linkage_hosts.py`.
"""

from __future__ import annotations

from maillage.census import comparisons
from maillage.census.link import CENSUS, link_records, pair
from maillage.census.records import normalise_fields

SEDAN, CHARLEVILLE = "08409", "08105"
SPORTS = ["judo", "tennis", "football", "escrime", "natation", "aviron", "boxe", "cyclisme", "rugby", "voile"]


def records(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    out = []
    for index, row in enumerate(rows):
        record = normalise_fields(row)
        record["uid"] = f"liste:{index}"
        out.append(record)
    return out


def club(index: int, site: str, **extra: str) -> dict[str, str]:
    """A distinct association of Sedan or Charleville: its name tells it apart."""
    commune = SEDAN if index % 2 else CHARLEVILLE
    return {"nom": f"Club de {SPORTS[index % 10]} numéro {index}", "commune": commune, "site_web": site, **extra}


def test_a_domain_shared_by_2000_names_is_a_host_and_a_shared_phone_block_is_left_out():
    rows = [club(i, f"https://www.mairie-sedan.fr/associations/club-{i}", telephone="03 24 27 20 00")
            for i in range(2000)]
    data = comparisons.frame(records(rows))
    # Each association keeps its own page as website; no two share a blocking key on it.
    assert data["domaine"][7] == "mairie-sedan.fr/associations/club-7"
    assert data["bloc_domaine"].nunique() == 2000
    # The federation's phone: one block of 2,000 records would be 2 million pairs; left out.
    assert data["bloc_telephone"].isna().all()
    warnings = data.attrs["avertissements"]
    assert any("mairie-sedan.fr" in w and "2000 noms différents" in w and "hébergeur" in w for w in warnings)
    assert any(w.startswith("avertissement : 2000 enregistrements ont « +33324272000 » (même téléphone)")
               and "au-delà de 300" in w for w in warnings)


def test_real_looking_hosts_keep_their_pages_apart_and_a_common_path_is_no_identity():
    rows = [club(i, f"https://www.assoconnect.com/c/club-{i}") for i in range(6)]
    rows += [club(10 + i, "https://monclub.wixsite.com/accueil") for i in range(6)]
    rows += [club(20 + i, "http://associations.free.fr/") for i in range(6)]
    rows += [club(30, "https://www.ardennes-theatre.fr")]
    data = comparisons.frame(records(rows))
    assert list(data["domaine"][:2]) == ["assoconnect.com/c/club-0", "assoconnect.com/c/club-1"]
    # One wix page or the bare free.fr host for six different names: nothing to compare on.
    assert data["domaine"][6:18].isna().all()
    # A domain given once stays an actor's identity.
    assert data["domaine"][18] == "ardennes-theatre.fr"
    assert sum("hébergeur" in w for w in data.attrs["avertissements"]) == 3


def test_linkage_of_2000_actors_on_one_domain_stays_small_and_still_finds_the_duplicates():
    rows = [club(i, f"https://www.mairie-sedan.fr/associations/club-{i}") for i in range(2000)]
    # Ten actors listed again by another source: same name and commune, no website.
    rows += [{"nom": rows[i]["nom"], "commune": rows[i]["commune"]} for i in range(10)]
    # Two different clubs giving the same page of the town hall's site are not merged on it.
    rows += [{"nom": "Harmonie municipale", "commune": SEDAN, "site_web": "https://www.mairie-sedan.fr/associations"},
             {"nom": "Ciné-club du Rivage", "commune": SEDAN, "site_web": "https://www.mairie-sedan.fr/associations"}]
    result = link_records(records(rows), linkage=CENSUS)
    # Candidate pairs above the review threshold: the planted duplicates, not millions.
    assert result.compared < 100
    found = {(link.uid_l, link.uid_r) for link in result.links if link.band != "distinct"}
    for i in range(10):
        assert pair(f"liste:{i}", f"liste:{2000 + i}") in found
    assert result.clusters["liste:2010"] != result.clusters["liste:2011"]
    assert any("mairie-sedan.fr" in w for w in result.warnings)
