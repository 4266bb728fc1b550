"""Link networks: posts joined by the contacts they share and by the templates they copy.

The graph has two kinds of nodes, posts and *keys*: a linkable identifier (a valid phone
number, a handle, an e-mail address) or a template cluster of two or more posts. A post is tied
to each of its keys; a network is a connected component. Every tie keeps its reason, for the
report and for the network view (`Networks.graph`).

Two guards keep one stray value from welding unrelated networks together:

* **Shared infrastructure.** An identifier that appears in posts of at least `hub_groups` (25)
  different texts (template clusters, an unrelated ad counting as one) which between them give
  at least `hub_identifiers` (20) other contacts of their own is not a contact of one operation
  but of the platform (a site's help line, a booking service). It is listed (`Networks.hubs`) and
  shown, but links nothing. An operation that really uses one booking line for that many
  advertisers and numbers would be mistaken for a platform too: that is why flagged
  identifiers are reported for a person to look at.
* **One post is not enough.** Two keys are joined only when at least `min_support` posts
  carry both, or when the posts carrying both are at least half of the smaller key's posts. A
  template of 30 posts and a number used by 20 others do not become one network because one
  post of the template carries that number (a mis-read or mistyped number, a copied ad); that
  post stays with its own text, and the tie is kept as an unlinked edge for review. A number
  used once, in a post that also copies a template, does join it: it is all that number says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from baken.scan.arrays import sorted_unique
from baken.scan.grouping.clusters import renumber

TEMPLATE = "template"


@dataclass(frozen=True, slots=True)
class LinkPolicy:
    """The guards of linking (see the module docstring); the defaults are the benchmarked ones."""

    min_support: int = 2
    hub_groups: int = 25
    hub_identifiers: int = 20


@dataclass(frozen=True, slots=True)
class Edge:
    """A tie between a post and a key; `linked` is false for ties a guard set aside."""

    post: int
    key: str
    kind: str
    linked: bool
    reason: str


@dataclass(slots=True)
class Networks:
    """The network of every post (`labels`, numbered in the order of each network's first
    post), with the ties behind them."""

    labels: np.ndarray
    keys: list[str]
    key_kinds: list[str]
    tie_post: np.ndarray
    tie_key: np.ndarray
    tie_linked: np.ndarray
    hubs: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    _members: tuple[np.ndarray, np.ndarray] | None = None

    def members(self, network: int) -> np.ndarray:
        """Post indices of `network`, in post order."""
        if self._members is None:
            order = np.argsort(self.labels, kind="stable")
            starts = np.searchsorted(self.labels[order], np.arange(self.labels.max(initial=-1) + 2))
            self._members = (order, starts)
        order, starts = self._members
        return order[starts[network] : starts[network + 1]]

    def edges(self, network: int) -> list[Edge]:
        """The ties of the posts of `network`: to their identifiers and templates, with the
        reason of each, including the ties the guards set aside."""
        posts = self.members(network)
        # Ties are sorted by post: take each member's run.
        starts = np.searchsorted(self.tie_post, posts, side="left")
        ends = np.searchsorted(self.tie_post, posts, side="right")
        runs = [np.arange(a, b) for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]
        chosen = np.concatenate(runs) if runs else np.zeros(0, dtype=np.int64)
        out = []
        for post, key, linked in zip(
            self.tie_post[chosen], self.tie_key[chosen], self.tie_linked[chosen], strict=True
        ):
            name, kind = self.keys[key], self.key_kinds[key]
            out.append(Edge(int(post), name, kind, bool(linked), _reason(kind, name, linked, self)))
        return out

    def graph(self, network: int, post_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """`edges(network)` as plain data for a network view: nodes are posts (`post:<id>`),
        identifiers (`phone:+31…`, `handle:…`, `email:…`) and templates (`template:T…`)."""
        edges = self.edges(network)
        nodes: dict[str, dict[str, Any]] = {}
        links = []
        for edge in edges:
            post_node = f"post:{post_ids[edge.post]}"
            nodes.setdefault(post_node, {"id": post_node, "kind": "post"})
            nodes.setdefault(edge.key, {"id": edge.key, "kind": edge.kind})
            links.append(
                {
                    "source": post_node,
                    "target": edge.key,
                    "kind": edge.kind,
                    "linked": edge.linked,
                    "reason": edge.reason,
                }
            )
        for post in self.members(network):
            node = f"post:{post_ids[post]}"
            nodes.setdefault(node, {"id": node, "kind": "post"})
        return {"nodes": list(nodes.values()), "edges": links}


def _reason(kind: str, name: str, linked: bool, networks: Networks) -> str:
    value = name.split(":", 1)[1]
    if kind == TEMPLATE:
        return f"copy of template {value}" if linked else f"template {value} (not linked)"
    if name in networks.hubs:
        posts, groups, others = networks.hubs[name]
        return (
            f"shared infrastructure: {kind} {value} is in {posts} posts of {groups} texts "
            f"with {others} other contacts; not used to link"
        )
    if linked:
        return f"shares {kind} {value}"
    return f"{kind} {value} also used by another network, through this post only; not linked"


def link(
    n: int,
    post_of: np.ndarray,
    key_of: np.ndarray,
    keys: Sequence[str],
    kinds: Sequence[str],
    templates: np.ndarray,
    policy: LinkPolicy | None = None,
    template_names: Sequence[str] | None = None,
) -> Networks:
    """Networks of `n` posts. Post `post_of[k]` carries linkable identifier `key_of[k]` (an index
    into `keys`, e.g. "phone:+31612345678", of kind `kinds[...]`); `templates` is every post's
    template cluster (a cluster of one post is no key), named `template_names[cluster]` in the
    ties (the cluster number if not given)."""
    policy = policy or LinkPolicy()
    width = max(len(keys), 1)
    codes = sorted_unique(np.asarray(post_of, dtype=np.int64) * width + np.asarray(key_of))
    post_of, key_of = codes // width, codes % width  # one tie per post and identifier

    sizes = np.bincount(templates, minlength=n)
    in_template = np.flatnonzero(sizes[templates] >= 2)
    template_ids = sorted_unique(templates[in_template])
    all_keys = list(keys) + [
        f"{TEMPLATE}:{t if template_names is None else template_names[t]}" for t in template_ids
    ]
    all_kinds = list(kinds) + [TEMPLATE] * len(template_ids)
    tie_post = np.concatenate((post_of, in_template))
    tie_key = np.concatenate(
        (key_of, len(keys) + np.searchsorted(template_ids, templates[in_template]))
    )
    a, b, support = _key_pairs(tie_post, tie_key, len(all_keys))
    hubs, hub = _hubs(post_of, key_of, keys, len(all_keys), templates, a, b, policy)
    usable = ~hub[tie_key]
    key_posts = np.bincount(tie_key[usable], minlength=len(all_keys))
    smaller = np.minimum(key_posts[a], key_posts[b])
    joined = ~hub[a] & ~hub[b] & ((support >= policy.min_support) | (support * 2 >= smaller))
    key_component = _components(len(all_keys), a[joined], b[joined])
    labels, tie_linked = _post_networks(n, tie_post, tie_key, usable, key_component, len(keys))
    order = np.lexsort((tie_key, tie_post))
    return Networks(
        labels=labels,
        keys=all_keys,
        key_kinds=all_kinds,
        tie_post=tie_post[order],
        tie_key=tie_key[order],
        tie_linked=tie_linked[order],
        hubs=hubs,
    )


def _key_pairs(
    tie_post: np.ndarray, tie_key: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of keys carried by one post, `a < b`, with the number of posts carrying both."""
    order = np.lexsort((tie_key, tie_post))
    post, key = tie_post[order], tie_key[order]
    starts = np.flatnonzero(np.concatenate(([True], post[1:] != post[:-1])))
    lengths = np.diff(np.append(starts, len(post)))
    first: list[np.ndarray] = []
    second: list[np.ndarray] = []
    for width in range(2, int(lengths.max(initial=0)) + 1):
        rows = starts[lengths == width]  # posts with exactly `width` keys
        if len(rows) == 0:
            continue
        block = key[rows[:, None] + np.arange(width)[None, :]]
        for x in range(width):
            for y in range(x + 1, width):
                first.append(block[:, x])
                second.append(block[:, y])
    if not first:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    pair, support = np.unique(
        np.concatenate(first) * count + np.concatenate(second), return_counts=True
    )
    return pair // count, pair % count, support


def _hubs(
    post_of: np.ndarray,
    key_of: np.ndarray,
    keys: Sequence[str],
    count: int,
    templates: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    policy: LinkPolicy,
) -> tuple[dict[str, tuple[int, int, int]], np.ndarray]:
    """Identifiers that are shared infrastructure: name → (posts, texts, other contacts), and
    a mask over all `count` keys (identifiers first, then templates, which are never hubs)."""
    identifiers = len(keys)
    flagged = np.zeros(count, dtype=bool)
    posts = np.bincount(key_of, minlength=identifiers)
    span = int(templates.max(initial=0)) + 1
    texts = np.bincount(
        sorted_unique(key_of * span + templates[post_of]) // span, minlength=identifiers
    )
    both = (a < identifiers) & (b < identifiers)
    others = np.bincount(np.concatenate((a[both], b[both])), minlength=identifiers)
    hubs: dict[str, tuple[int, int, int]] = {}
    chosen = np.flatnonzero((texts >= policy.hub_groups) & (others >= policy.hub_identifiers))
    for key in chosen.tolist():
        hubs[keys[key]] = (int(posts[key]), int(texts[key]), int(others[key]))
        flagged[key] = True
    return hubs, flagged


def _components(count: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    graph = sp.coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(count, count))
    return connected_components(graph, directed=False)[1].astype(np.int64)


def _post_networks(
    n: int,
    tie_post: np.ndarray,
    tie_key: np.ndarray,
    usable: np.ndarray,
    key_component: np.ndarray,
    identifier_count: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The network of each post and whether each tie counts. A post whose keys fall in
    different components (a tie a guard refused) goes with its template if it has one, else
    with its key carried by most posts."""
    key_posts = np.bincount(tie_key[usable], minlength=len(key_component))
    # Preference per tie: usable ties, template ties, keys carried by more posts, lower key.
    is_template = tie_key >= identifier_count
    order = np.lexsort((tie_key, -key_posts[tie_key], ~is_template, ~usable, tie_post))
    post_sorted = tie_post[order]
    first = np.concatenate(([True], post_sorted[1:] != post_sorted[:-1]))[: len(order)]
    primary = order[first]
    primary = primary[usable[primary]]
    component = np.full(n, -1, dtype=np.int64)
    component[tie_post[primary]] = key_component[tie_key[primary]]
    linked = usable & (key_component[tie_key] == component[tie_post])
    # Posts without a usable key are networks of their own.
    lonely = np.flatnonzero(component < 0)
    chosen = component.copy()
    chosen[lonely] = len(key_component) + np.arange(len(lonely))
    return renumber(chosen), linked
