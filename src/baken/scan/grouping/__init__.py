"""Template clusters: posts that are copies of one text with the names, ages, places and
contacts changed, and a summary of each template with its varying slots.

`group(flat, offsets)` clusters posts given as shingle sets (`baken.scan.minhash`);
`summarise(texts, masks)` describes one cluster's template. See `clusters` for the method and
its guards against chaining.
"""

from baken.scan.grouping.clusters import Grouping, GroupingPolicy, group

__all__ = ["Grouping", "GroupingPolicy", "group"]
