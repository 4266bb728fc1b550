"""The network picture of a lead: posts and the identifiers that link them, as Cytoscape.js
elements. Every edge says why it is there (a shared phone, handle, e-mail or template)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from baken.online.models import ScannedPost
from baken.scan.chunks import LINKING_KINDS  # the kinds the engine links posts by

MAX_POSTS = 300


def elements(posts: list[ScannedPost]) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    identifier_nodes: dict[str, str] = {}
    clusters: dict[str, list[str]] = defaultdict(list)
    for post in posts[:MAX_POSTS]:
        post_node = f"post:{post.pk}"
        nodes.append(
            {"data": {"id": post_node, "label": post.source[:30], "kind": "post", "post": post.pk}}
        )
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
