"""Link networks: shared contacts and templates join posts; the guards keep one stray number or a
platform's help line from joining unrelated networks."""

from __future__ import annotations

import numpy as np

from baken.scan.networks import LinkPolicy, link


def networks_of(
    n: int,
    ties: list[tuple[int, str]],
    templates: list[int] | None = None,
    policy: LinkPolicy | None = None,
):  # type: ignore[no-untyped-def]
    keys = sorted({key for _, key in ties})
    return link(
        n,
        np.array([post for post, _ in ties], dtype=np.int64),
        np.array([keys.index(key) for _, key in ties], dtype=np.int64),
        keys,
        [key.split(":", 1)[0] for key in keys],
        np.array(templates if templates is not None else list(range(n)), dtype=np.int64),
        policy,
    )


def test_posts_sharing_a_phone_are_one_network_and_the_tie_says_why() -> None:
    result = networks_of(4, [(0, "phone:+31612345678"), (2, "phone:+31612345678")])

    assert result.labels.tolist() == [0, 1, 0, 2]
    reasons = {edge.reason for edge in result.edges(0)}
    assert reasons == {"shares phone +31612345678"}


def test_a_template_joins_posts_that_share_no_contact() -> None:
    result = networks_of(3, [(0, "handle:anna_x")], templates=[0, 0, 1])

    assert result.labels[0] == result.labels[1] != result.labels[2]
    assert any(edge.kind == "template" and edge.linked for edge in result.edges(0))


def test_phone_pools_join_an_operations_templates() -> None:
    ties = [(0, "phone:+31611111111"), (1, "phone:+31622222222")]
    ties += [(2, "phone:+31611111111"), (3, "phone:+31622222222")]
    # Posts 0, 1 copy template 0; posts 2, 3 copy template 1; both templates use both phones.
    result = networks_of(4, ties, templates=[0, 0, 1, 1])

    assert len(set(result.labels.tolist())) == 1


def test_one_misread_number_does_not_merge_two_networks() -> None:
    first = [(k, "phone:+31611111111") for k in range(10)]
    second = [(k, "phone:+31622222222") for k in range(10, 20)]
    # Post 9 copies the first network's template but carries the second network's number.
    ties = first[:9] + second + [(9, "phone:+31622222222")]
    templates = [0] * 10 + [1] * 10

    result = networks_of(20, ties, templates=templates)

    assert len(set(result.labels[:10].tolist())) == 1
    assert len(set(result.labels[10:].tolist())) == 1
    assert result.labels[0] != result.labels[10]
    stray = [e for e in result.edges(int(result.labels[9])) if e.post == 9 and not e.linked]
    assert [e.key for e in stray] == ["phone:+31622222222"]
    assert "through this post only" in stray[0].reason


def test_a_number_used_once_joins_the_template_it_appears_with() -> None:
    result = networks_of(3, [(2, "phone:+31633333333")], templates=[0, 0, 0])

    assert len(set(result.labels.tolist())) == 1


def test_a_help_line_in_many_unrelated_ads_is_flagged_and_links_nothing() -> None:
    helpline = "phone:+31201234567"
    ties = [(k, f"phone:+3161{k:07d}") for k in range(30)] + [(k, helpline) for k in range(30)]

    result = networks_of(30, ties, policy=LinkPolicy(hub_groups=10, hub_identifiers=10))

    assert len(set(result.labels.tolist())) == 30
    assert helpline in result.hubs
    assert result.hubs[helpline] == (30, 30, 30)
    edge = next(e for e in result.edges(0) if e.key == helpline)
    assert not edge.linked
    assert "shared infrastructure" in edge.reason


def test_a_busy_number_of_one_operation_is_not_taken_for_a_help_line() -> None:
    ties = [(k, "phone:+31644444444") for k in range(30)]

    result = networks_of(30, ties, policy=LinkPolicy(hub_groups=10, hub_identifiers=10))

    assert not result.hubs
    assert len(set(result.labels.tolist())) == 1


def test_graph_has_post_identifier_and_template_nodes_with_reasons() -> None:
    result = networks_of(3, [(0, "email:a@example.nl"), (1, "email:a@example.nl")], [0, 0, 1])
    ids = ["ad:x:1", "ad:x:2", "ad:x:3"]

    graph = result.graph(0, ids)

    nodes = {node["id"]: node["kind"] for node in graph["nodes"]}
    assert nodes == {
        "post:ad:x:1": "post",
        "post:ad:x:2": "post",
        "email:a@example.nl": "email",
        "template:0": "template",
    }
    assert all(edge["reason"] for edge in graph["edges"])
    assert {edge["target"] for edge in graph["edges"]} == {"email:a@example.nl", "template:0"}


def test_network_numbers_follow_the_order_of_each_first_post() -> None:
    result = networks_of(4, [(1, "handle:b"), (3, "handle:b")])

    assert result.labels.tolist() == [0, 1, 2, 1]
