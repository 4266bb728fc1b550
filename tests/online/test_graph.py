"""The network picture: drawn from the engine's ties when a scan stored them (set-aside ties
dotted, each with its reason in Dutch), else from the posts' identifiers and templates."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from baken.online import graph
from baken.online.models import ScannedPost


def _post(pk: int, post_id: str, cluster: str = "T000001", **extra: Any) -> ScannedPost:
    return ScannedPost(
        pk=pk, post_id=post_id, source="voorbeeld-ads.nl", cluster_id=cluster, **extra
    )


TIES = [
    {"post": "a", "key": "phone:+31623456789", "kind": "phone", "linked": True, "hub": False},
    {"post": "a", "key": "template:T000001", "kind": "template", "linked": True, "hub": False},
    {"post": "b", "key": "phone:+31623456789", "kind": "phone", "linked": True, "hub": False},
    {"post": "b", "key": "template:T000001", "kind": "template", "linked": True, "hub": False},
    {"post": "b", "key": "phone:+3188000000", "kind": "phone", "linked": False, "hub": True},
    {"post": "b", "key": "handle:lisa_nl", "kind": "handle", "linked": False, "hub": False},
    {"post": "gone", "key": "handle:x", "kind": "handle", "linked": True, "hub": False},
]


def _edges(items: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    labels = {
        item["data"]["id"]: item["data"]["label"] for item in items if "source" not in item["data"]
    }
    return {
        (item["data"]["source"], labels[item["data"]["target"]]): item["data"]
        for item in items
        if "source" in item["data"]
    }


def test_the_engine_ties_are_drawn_with_their_state_and_reason() -> None:
    posts = [_post(1, "a"), _post(2, "b")]
    with translation.override("nl"):
        items = graph.elements(posts, TIES)
        reasons = graph.set_aside(items)

    edges = _edges(items)
    assert set(edges) == {
        ("post:1", "+31623456789"),
        ("post:1", "T000001"),
        ("post:2", "+31623456789"),
        ("post:2", "T000001"),
        ("post:2", "+3188000000"),
        ("post:2", "lisa_nl"),
    }  # the tie of a post that is not stored with the network is left out
    assert edges[("post:1", "+31623456789")]["state"] == "linked"
    assert edges[("post:1", "+31623456789")]["why"] == "Deelt telefoonnummer +31623456789"
    assert edges[("post:1", "T000001")]["why"] == "Kopie van sjabloon T000001"
    assert edges[("post:2", "+3188000000")]["state"] == "set-aside"
    assert reasons == [
        "Gedeelde infrastructuur: telefoonnummer +3188000000 staat in berichten met heel veel "
        "verschillende teksten; niet gebruikt om te koppelen",
        "Account lisa_nl wordt ook door een ander netwerk gebruikt, via maar één bericht; niet "
        "gebruikt om te koppelen",
    ]
    kinds = {
        item["data"]["label"]: item["data"]["kind"] for item in items if "kind" in item["data"]
    }
    assert kinds["+31623456789"] == "phone"
    assert kinds["T000001"] == "template"
    assert kinds["lisa_nl"] == "handle"
    # One node per identifier, however many posts carry it.
    assert sum(1 for item in items if item["data"].get("label") == "+31623456789") == 1


@pytest.mark.parametrize("ties", [[], None])
def test_without_stored_ties_the_picture_comes_from_the_posts(ties: Any) -> None:
    phone = {"kind": "phone", "value": "+31623456789", "linkable": True}
    posts = [
        _post(1, "a", identifiers=[phone]),
        _post(2, "b", identifiers=[phone, {"kind": "place", "value": "Utrecht"}]),
    ]

    items = graph.elements(posts, ties or ())

    edges = _edges(items)
    assert set(edges) == {
        ("post:1", "+31623456789"),
        ("post:2", "+31623456789"),
        ("post:1", "T000001"),
        ("post:2", "T000001"),
    }
    assert all("state" not in edge for edge in edges.values())
    assert graph.set_aside(items) == []
