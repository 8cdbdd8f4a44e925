"""A search without sectors: the sectors it infers from its neighbours order its results."""

from liaison.matching import MatchIndex

from .support import profile

GENERIC = "open source linux desktop program"
ASTRONOMY = [
    "astronomy telescope control",
    "telescope image stacking for astronomy",
    "star catalogue for astronomy",
    "astronomy ephemeris calculator",
    "planetarium sky chart for astronomy",
]
DESKTOP = [
    ("mail client", "mail"),
    ("text editor", "editors"),
    ("sound player", "sound"),
    ("image viewer", "graphics"),
    ("web browser", "web"),
    ("file manager", "utils"),
    ("arcade game", "games"),
    ("chess game", "games"),
    ("card game", "games"),
    ("disk backup", "admin"),
    ("font manager", "fonts"),
    ("video player", "video"),
]


def test_a_generic_profile_near_everything_does_not_pull_a_search_into_its_sector(words):
    # The nearest profile to the search is a generic desktop program filed under games: it
    # is near every desktop program (a hub), so its vote for the search's sector is
    # discounted, and the astronomy programs, on which the other neighbours agree, come first.
    index = MatchIndex.open(None, embedder=words)
    index.upsert_many(
        [profile(f"astro-{i}", kind="organization", text=t, sectors=("science",))
         for i, t in enumerate(ASTRONOMY)]
        + [profile(f"desk-{i}", kind="organization", text=f"{GENERIC} {what}", sectors=(sector,))
           for i, (what, sector) in enumerate(DESKTOP)]
        + [profile("generic", kind="organization", text=f"{GENERIC} astronomy", sectors=("games",))]
    )
    search = profile("q", kind="query", text="astronomy telescope program for the linux desktop")

    results = index.rank(search, k=6)

    assert [m.id for m in results[:5]] == [f"astro-{i}" for i in (0, 1, 2, 3, 4)]
    assert results[0].explanation["signals"]["sectors"] == ["science"]
    assert results[0].explanation["signals"]["sectors_inferred"] is True
    # the nearest by meaning alone is still the generic one
    assert max(results, key=lambda m: m.explanation["signals"]["dense"]).id == "generic"
