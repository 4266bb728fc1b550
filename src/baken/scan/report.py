"""`report.html`: the top networks of a scan on one self-contained page.

For each of the highest-scoring networks: its figures, the indicators its posts show (as
reasons to look, with their evidence level), the templates its posts copy with the varying
slots marked (`grouping.summary`), a picture of how its templates and contacts hang together
(inline SVG, drawn here, no scripts or external files) and a few of its posts. Post texts are
untrusted: every piece of text from the material goes through `html.escape`.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from datetime import UTC, datetime
from html import escape
from typing import Any

import numpy as np

from baken.scan.grouping.summary import TemplateSummary, summarise
from baken.scan.model import Identifier
from baken.scan.networks import TEMPLATE, Networks
from baken.scan.scoring import Lead

TEMPLATES_PER_NETWORK = 3
COPIES_PER_TEMPLATE = 8
SAMPLE_POSTS = 4
PICTURE_NODES = 14

STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:68rem;color:#1b1b1b}
body{padding:0 1rem}h1{font-size:1.6rem}
h2{font-size:1.25rem;margin-top:2.5rem;border-top:2px solid #154273;padding-top:1rem}
table{border-collapse:collapse;margin:.5rem 0}
td,th{text-align:left;padding:.2rem .8rem .2rem 0;vertical-align:top}
.template{background:#f3f6f9;padding:.6rem .8rem;border-left:4px solid #154273;line-height:1.7}
mark{border-radius:3px;padding:0 .2rem}mark.slot{background:#ffe08a}mark.ind{background:#d7ebff}
.kind{font-size:.7rem;color:#555;margin-left:.15rem}
.post{white-space:pre-wrap;border:1px solid #ddd;padding:.5rem;margin:.4rem 0}
.note{color:#555;font-size:.9rem}
"""


class Material:
    """Chooses the posts the report needs and keeps their text and identifiers as the posts
    file is written (`offer`), so that nothing has to be read twice."""

    def __init__(self, leads: list[Lead], templates: np.ndarray, linkage: Networks) -> None:
        self.leads = leads
        self.templates = templates
        self.linkage = linkage
        self.members: dict[int, np.ndarray] = {}
        self.clusters: dict[int, list[tuple[int, list[int]]]] = {}
        wanted: set[int] = set()
        sizes = np.bincount(templates) if len(templates) else np.zeros(0, dtype=np.int64)
        for lead in leads:
            members = linkage.members(lead.network)
            self.members[lead.network] = members
            counts = Counter(templates[members].tolist())
            chosen = [
                t for t, _ in sorted(counts.items(), key=lambda c: (-c[1], c[0])) if sizes[t] > 1
            ]
            self.clusters[lead.network] = []
            for cluster in chosen[:TEMPLATES_PER_NETWORK]:
                copies = members[templates[members] == cluster][:COPIES_PER_TEMPLATE].tolist()
                self.clusters[lead.network].append((cluster, copies))
                wanted.update(copies)
            wanted.update(members[:SAMPLE_POSTS].tolist())
        self.wanted = wanted
        self.posts: dict[int, dict[str, Any]] = {}

    def offer(self, index: int, line: str) -> None:
        if index in self.wanted:
            self.posts[index] = json.loads(line + "}")


def render(
    material: Material,
    post_ids: list[str],
    cluster_ids: list[str],
    network_ids: list[str],
    total_posts: int,
) -> str:
    labels = _labels()
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>Baken scan report</title><style>",
        STYLE,
        "</style></head><body><h1>Baken scan report</h1>",
        f"<p>{total_posts} posts, {len(cluster_ids)} template clusters (a post of its own "
        f"counts as one), {len(network_ids)} networks. The {len(material.leads)} networks with "
        f"the highest score are shown.</p>",
        "<p class='note'>The score orders review; it is not a finding that anyone is a victim "
        "or an offender. Indicators are reasons to look, each with the evidence behind it; "
        "contradicted indicators weigh nothing.</p>",
    ]
    if material.linkage.hubs:
        parts.append("<h2>Shared infrastructure (not used to link)</h2><ul>")
        for name, (posts, texts, others) in sorted(material.linkage.hubs.items()):
            parts.append(
                f"<li>{escape(name)}: in {posts} posts of {texts} different texts, beside "
                f"{others} other contacts</li>"
            )
        parts.append("</ul>")
    for lead in material.leads:
        parts.append(_network(material, lead, post_ids, cluster_ids, network_ids, labels))
    parts.append("</body></html>\n")
    return "".join(parts)


def _labels() -> dict[str, tuple[str, str]]:
    try:
        from baken.scan.catalogue import default_catalogue

        return {i.code: (i.label_en, i.evidence) for i in default_catalogue().indicators}
    except Exception:  # the report works without the catalogue's labels
        return {}


def _network(
    material: Material,
    lead: Lead,
    post_ids: list[str],
    cluster_ids: list[str],
    network_ids: list[str],
    labels: dict[str, tuple[str, str]],
) -> str:
    name = network_ids[lead.network]
    rows = [
        ("Score", f"{lead.score:.1f}"),
        ("Posts", str(lead.posts)),
        ("Phones", ", ".join(lead.phones) or "-"),
        ("Handles", ", ".join(lead.handles) or "-"),
        ("Cities", ", ".join(lead.cities) or "-"),
        ("Names advertised", str(lead.names)),
        ("Seen", f"{_day(lead.first_seen)} to {_day(lead.last_seen)}"),
    ]
    indicators = [
        f"{escape(code)} {escape(labels.get(code, ('', ''))[0])} "
        f"<span class='note'>({escape(labels.get(code, ('', '?'))[1])})</span>"
        for code in lead.top_indicators
    ]
    rows.append(("Top indicators", "; ".join(indicators) or "-"))
    parts = [f"<section><h2 id='{escape(name)}'>Network {escape(name)}</h2><table>"]
    parts.extend(
        f"<tr><th>{escape(k)}</th><td>{v if k == 'Top indicators' else escape(v)}</td></tr>"
        for k, v in rows
    )
    parts.append("</table>")
    parts.append(_picture(material, lead, cluster_ids))
    for cluster, copies in material.clusters.get(lead.network, []):
        texts, found = [], []
        for index in copies:
            post = material.posts.get(index)
            if post is not None:
                texts.append(post["text"])
                found.append(_identifiers(post))
        summary = summarise(texts, found)
        size = int((material.templates == cluster).sum())
        parts.append(
            f"<h3>Template {escape(cluster_ids[cluster])} ({size} posts)</h3>"
            f"<div class='template'>{_template_html(summary)}</div>"
        )
    parts.append("<h3>Posts</h3>")
    for index in material.members[lead.network][:SAMPLE_POSTS].tolist():
        post = material.posts.get(index)
        if post is not None:
            parts.append(
                f"<div class='post'><b>{escape(post_ids[index])}</b> · "
                f"{escape(str(post.get('source', '')))}\n{_marked(post)}</div>"
            )
    parts.append("</section>")
    return "".join(parts)


def _identifiers(post: dict[str, Any]) -> list[Identifier]:
    return [
        Identifier(
            i["kind"],
            i["value"],
            i["raw"],
            i["start"],
            i["end"],
            i["linkable"],
            i["obscured"],
            i.get("field", ""),
        )
        for i in post.get("identifiers", [])
    ]


def _template_html(summary: TemplateSummary) -> str:
    out = []
    for segment in summary.segments:
        if segment.slot:
            title = " / ".join(segment.examples)
            out.append(
                f"<mark class='slot' title='{escape(title)}'>{escape(segment.text)}"
                f"<span class='kind'>{escape(segment.kind)}</span></mark>"
            )
        else:
            out.append(escape(segment.text))
    return " ".join(out)


def _marked(post: dict[str, Any]) -> str:
    """The post's text, escaped, with its indicator spans marked."""
    text = str(post.get("text", ""))
    spans = sorted(
        (h["start"], h["end"], h["code"])
        for h in post.get("indicators", [])
        if not h.get("field") and 0 <= h["start"] < h["end"] <= len(text)
    )
    out, at = [], 0
    for start, end, code in spans:
        if start < at:
            continue
        out.append(escape(text[at:start]))
        out.append(f"<mark class='ind' title='{escape(code)}'>{escape(text[start:end])}</mark>")
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def _day(seconds: float) -> str:
    if math.isnan(seconds):
        return "?"
    return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()


def _picture(material: Material, lead: Lead, cluster_ids: list[str]) -> str:
    """Templates (and posts without one) on the left, contacts on the right, a line where
    posts carry a contact; thicker for more posts, dashed where a guard kept it from linking."""
    linkage = material.linkage
    members = material.members[lead.network]
    sizes = np.bincount(material.templates)
    left_of = {
        int(p): (f"{cluster_ids[t]} ({sizes[t]})" if sizes[t] > 1 else "single posts")
        for p, t in zip(members.tolist(), material.templates[members].tolist(), strict=True)
    }
    chosen = np.isin(linkage.tie_post, members)
    lines: defaultdict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for post, key, linked in zip(
        linkage.tie_post[chosen].tolist(),
        linkage.tie_key[chosen].tolist(),
        linkage.tie_linked[chosen].tolist(),
        strict=True,
    ):
        if linkage.key_kinds[key] == TEMPLATE:
            continue
        lines[(left_of[post], linkage.keys[key])][0 if linked else 1] += 1
    left = [name for name, _ in Counter(left_of.values()).most_common(PICTURE_NODES)]
    right = [k for k, _ in Counter(k for _, k in lines).most_common(PICTURE_NODES)]
    height = 40 + 30 * max(len(left), len(right), 1)
    y_left = {name: 30 + 30 * k for k, name in enumerate(left)}
    y_right = {name: 30 + 30 * k for k, name in enumerate(right)}
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='760' height='{height}' "
        f"role='img' aria-label='network picture'>"
    ]
    for (a, b), (linked, unlinked) in sorted(lines.items()):
        if a not in y_left or b not in y_right:
            continue
        width = 1 + math.log2(1 + linked + unlinked)
        dash = "" if linked else " stroke-dasharray='4 3'"
        colour = "#154273" if linked else "#999"
        parts.append(
            f"<line x1='230' y1='{y_left[a]}' x2='520' y2='{y_right[b]}' stroke='{colour}' "
            f"stroke-width='{width:.1f}' opacity='0.7'{dash}/>"
        )
    for name, y in y_left.items():
        parts.append(
            f"<circle cx='230' cy='{y}' r='6' fill='#f0a500'/><text x='220' y='{y + 4}' "
            f"text-anchor='end' font-size='12'>{escape(name)}</text>"
        )
    for name, y in y_right.items():
        parts.append(
            f"<rect x='514' y='{y - 6}' width='12' height='12' fill='#154273'/>"
            f"<text x='534' y='{y + 4}' font-size='12'>{escape(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
