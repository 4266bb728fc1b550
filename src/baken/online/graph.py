"""The network picture of a lead: posts and the identifiers and templates that tie them, as
Cytoscape.js elements. Every line says why it is there.

A scan stores, for every network of two or more posts, the engine's own ties (`engine_ties`):
those that joined the network and those its guards set aside (an identifier on posts of very
many unrelated texts, or one shared with another network through a single post), so the
picture shows what the engine did, not what the posts happen to share. Scans stored before the
ties were kept are drawn from their posts' identifiers and templates, without that
distinction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from baken.online.models import ScannedPost
from baken.scan.chunks import LINKING_KINDS  # the kinds the engine links posts by

if TYPE_CHECKING:
    from baken.scan.pipeline import ScanSummary

MAX_POSTS = 300
SET_ASIDE = "set-aside"  # the state of a tie the guards set aside


def engine_ties(summary: ScanSummary) -> Callable[[str], list[dict[str, Any]]]:
    """The ties of a network (by its id in the scan's files) as the engine made them, for the
    network's first `MAX_POSTS` posts: post id, key (`phone:+31…`, `template:T…`), kind,
    whether the tie joined the network, and whether its identifier is shared infrastructure."""
    linkage = summary.linkage

    def ties(network_id: str) -> list[dict[str, Any]]:
        network = int(network_id[1:]) - 1
        shown = set(linkage.members(network)[:MAX_POSTS].tolist())
        return [
            {
                "post": summary.post_ids[edge.post],
                "key": edge.key,
                "kind": edge.kind,
                "linked": edge.linked,
                "hub": edge.key in linkage.hubs,
            }
            for edge in linkage.edges(network)
            if edge.post in shown
        ]

    return ties


def elements(posts: list[ScannedPost], ties: Sequence[dict[str, Any]] = ()) -> list[dict[str, Any]]:
    """The picture of a network's `posts`: from the engine's `ties` when the scan stored them."""
    if ties:
        return _from_ties(posts, ties)
    return _from_posts(posts)


def set_aside(items: list[dict[str, Any]]) -> list[str]:
    """Why each tie the guards set aside did not join the network, once each, in order."""
    reasons = [
        item["data"]["why"]
        for item in items
        if item["data"].get("state") == SET_ASIDE and item["data"].get("why")
    ]
    return list(dict.fromkeys(reasons))


def _post_node(post: ScannedPost) -> dict[str, Any]:
    return {
        "data": {
            "id": f"post:{post.pk}",
            "label": post.source[:30],
            "kind": "post",
            "post": post.pk,
        }
    }


def _from_ties(posts: list[ScannedPost], ties: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    by_id = {post.post_id: post for post in posts}
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    drawn: set[int] = set()
    keys: dict[str, str] = {}
    for tie in ties:
        post = by_id.get(str(tie.get("post", "")))
        key, kind = str(tie.get("key", "")), str(tie.get("kind", ""))
        if post is None or ":" not in key:
            continue  # a post no longer stored with this network
        if post.pk not in drawn:
            drawn.add(post.pk)
            nodes.append(_post_node(post))
        value = key.split(":", 1)[1]
        if key not in keys:
            keys[key] = f"key:{len(keys)}"
            nodes.append({"data": {"id": keys[key], "label": value, "kind": kind}})
        linked = bool(tie.get("linked"))
        edges.append(
            {
                "data": {
                    "id": f"e:post:{post.pk}:{keys[key]}",
                    "source": f"post:{post.pk}",
                    "target": keys[key],
                    "reason": kind,
                    "state": "linked" if linked else SET_ASIDE,
                    "why": _why(kind, value, linked, bool(tie.get("hub"))),
                }
            }
        )
    return nodes + edges


def _why(kind: str, value: str, linked: bool, hub: bool) -> str:
    if kind == "template":
        if linked:
            return _("Copy of template %(template)s") % {"template": value}
        return _("Template %(template)s: not used to link") % {"template": value}
    what = {"phone": _("phone number"), "handle": _("handle"), "email": _("e-mail address")}.get(
        kind, kind
    )
    if hub:
        return _(
            "Shared infrastructure: %(kind)s %(value)s is on posts of very many different "
            "texts; not used to link"
        ) % {"kind": what, "value": value}
    if linked:
        return _("Shares %(kind)s %(value)s") % {"kind": what, "value": value}
    return _(
        "%(kind)s %(value)s is also used by another network, through one post only; not used "
        "to link"
    ) % {"kind": what.capitalize(), "value": value}


def _from_posts(posts: list[ScannedPost]) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    identifier_nodes: dict[str, str] = {}
    clusters: dict[str, list[str]] = defaultdict(list)
    for post in posts[:MAX_POSTS]:
        post_node = f"post:{post.pk}"
        nodes.append(_post_node(post))
        clusters[post.cluster_id].append(post_node)
        for item in post.identifiers:
            kind = item.get("kind")
            if kind not in LINKING_KINDS or not item.get("linkable", kind != "phone"):
                continue
            key = f"{kind}:{item.get('value', '')}"
            if key not in identifier_nodes:
                identifier_nodes[key] = f"id:{len(identifier_nodes)}"
                nodes.append(
                    {
                        "data": {
                            "id": identifier_nodes[key],
                            "label": item.get("value", ""),
                            "kind": kind,
                        }
                    }
                )
            edges.append(
                {
                    "data": {
                        "id": f"e:{post_node}:{identifier_nodes[key]}",
                        "source": post_node,
                        "target": identifier_nodes[key],
                        "reason": kind,
                    }
                }
            )
    for cluster_id, members in clusters.items():
        if len(members) < 2:
            continue
        template = f"template:{cluster_id}"
        nodes.append({"data": {"id": template, "label": cluster_id, "kind": "template"}})
        edges.extend(
            {
                "data": {
                    "id": f"e:{member}:{template}",
                    "source": member,
                    "target": template,
                    "reason": "template",
                }
            }
            for member in members
        )
    return nodes + edges
