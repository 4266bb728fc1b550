"""Record linkage: which registrations of different organisations describe the same person.

A pure engine, no Django. `prepare` normalises a `Record` once; `blocking_keys` says which
other records it should be compared with; `score_pair` scores two prepared records with an
explanation (`Evidence` per field); `link` does all of it for a batch and clusters the
records into persons without letting a chain of weak links join people whose birth dates or
document numbers differ. Scores order work and explain themselves; people decide.
"""

from baken.people.matching.linkage import Linkage, link
from baken.people.matching.records import Name, PreparedRecord, Record, blocking_keys, prepare
from baken.people.matching.scoring import Evidence, PairScore, Thresholds, score_pair

__all__ = [
    "Evidence",
    "Linkage",
    "Name",
    "PairScore",
    "PreparedRecord",
    "Record",
    "Thresholds",
    "blocking_keys",
    "link",
    "prepare",
    "score_pair",
]
