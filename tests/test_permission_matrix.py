"""Who gets what, for every view and API endpoint: one table, one test id per cell.

Rows are endpoints (a URL name, the HTTP method and the object the request points at), columns
are the principals: nobody (anonymous), each role of `Role` acting in an organisation of region
A, and the administrator and a care coordinator of region B. Every object a row points at lives
in region A, so the region-B columns prove that region scoping holds.

`test_every_url_pattern_has_a_matrix_row` walks the URL resolver: a new view cannot be added
without deciding here who may reach it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.accounts import policy
from baken.accounts.models import Membership, Municipality, Organisation, Region, User
from baken.accounts.policy import Action
from baken.accounts.roles import Role
from baken.audit.models import AuditAction, AuditEntry
from baken.audit.services import record
from baken.cases import opening
from baken.cases.models import Case
from baken.online.models import Lead, Scan, ScannedPost
from baken.people.models import MatchSuggestion, MergeEvent, Person, PersonRecord
from baken.signals.models import RoutingRule, Signal
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
)
from tests.signals.helpers import file_signal, make_desk, victim

ANONYMOUS = "anonymous"
OTHER_REGION_ADMIN = "administrator_other_region"
OTHER_REGION_COORDINATOR = "coordinator_other_region"
PRINCIPALS: tuple[str, ...] = (
    ANONYMOUS,
    *(role.value for role in Role),
    OTHER_REGION_ADMIN,
    OTHER_REGION_COORDINATOR,
)


@dataclass(frozen=True)
class Redirect:
    """A 302 to `path`; `with_next` demands a `next` parameter naming the requested path.
    `{pk}` in `path` stands for the primary key of the row's target."""

    path: str
    with_next: bool = False

    def __str__(self) -> str:
        return f"302{self.path}"


Expected = int | Redirect

LOGIN = Redirect("/accounts/login/", with_next=True)
TO_LOGIN = Redirect("/accounts/login/")
TO_DASHBOARD = Redirect("/dashboard/")
TO_2FA_SETUP = Redirect("/accounts/2fa/setup/")
TO_ADMIN_LOGIN = Redirect("/admin/login/", with_next=True)
TO_SIGNAL = Redirect("/signals/{pk}/")


def cells(default: Expected, **overrides: Expected) -> dict[str, Expected]:
    """One expectation per principal: `default`, except the principals named."""
    unknown = set(overrides) - set(PRINCIPALS)
    assert not unknown, f"not a principal: {unknown}"
    row = dict.fromkeys(PRINCIPALS, default)
    row.update(overrides)
    return row


def page(default: Expected, **overrides: Expected) -> dict[str, Expected]:
    """A page behind log-in: anonymous visitors are sent to the log-in page."""
    return cells(default, **{ANONYMOUS: LOGIN, **overrides})


def api(default: Expected, **overrides: Expected) -> dict[str, Expected]:
    """An API endpoint: anonymous callers get 401 with a WWW-Authenticate challenge."""
    return cells(default, **{ANONYMOUS: 401, **overrides})


ADMINS_ONLY = {Role.ADMINISTRATOR.value: 200, OTHER_REGION_ADMIN: 200}
TO_RULES = Redirect("/routing-rules/")
COORDINATORS = {Role.COORDINATOR.value: 200, OTHER_REGION_COORDINATOR: 200}
CASE_ROLES_A = {Role.COORDINATOR.value: 200, Role.CASE_WORKER.value: 200}
SCAN_VIEWERS_A = {Role.ONLINE_MONITOR.value: 200, Role.ADMINISTRATOR.value: 200}
RULE_ADMINS = {Role.ADMINISTRATOR.value: TO_RULES, OTHER_REGION_ADMIN: TO_RULES}
# The analyst works with aggregates only and the administrator manages: neither files a signal.
NOT_FILING = (Role.ANALYST.value, Role.ADMINISTRATOR.value, OTHER_REGION_ADMIN)


def except_non_filers(expected: Expected) -> dict[str, Expected]:
    return dict.fromkeys(NOT_FILING, expected)


@dataclass(frozen=True)
class Row:
    """One endpoint. `target` names the object in `World` the request points at ("" for none,
    "self" for the requester's own account); `form_field` puts its pk in the POST body instead
    of the URL."""

    name: str
    expected: Mapping[str, Expected]
    method: str = "get"
    target: str = ""
    form_field: str = ""
    data: tuple[tuple[str, str], ...] = ()
    # Further URL arguments besides the target's pk, e.g. the action of a case page.
    url_kwargs: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        target = f"[{self.target}]" if self.target else ""
        extra = "".join(f"[{key}={value}]" for key, value in self.url_kwargs)
        return f"{self.method.upper()}-{self.name}{target}{extra}"


MATRIX: tuple[Row, ...] = (
    # Portal.
    # "/" only forwards to the dashboard, which decides (anonymous: log-in page).
    Row("home", cells(TO_DASHBOARD)),
    Row("portal:dashboard", page(200)),
    Row("portal:health", cells(200)),
    # Log-in, log-out, second factor, role switch.
    Row("accounts:login", cells(TO_DASHBOARD, **{ANONYMOUS: 200})),
    Row("accounts:logout", cells(405)),
    Row("accounts:logout", cells(TO_LOGIN), method="post"),
    Row("accounts:logout-everywhere", cells(405)),
    Row("accounts:logout-everywhere", page(TO_LOGIN), method="post"),
    Row("accounts:password-change", page(200)),
    Row("accounts:2fa-verify", page(TO_2FA_SETUP)),
    Row("accounts:2fa-setup", page(200)),
    Row("accounts:switch-membership", cells(405)),
    Row(
        "accounts:switch-membership",
        page(TO_DASHBOARD),
        method="post",
        target="own_membership",
        form_field="membership",
    ),
    Row(
        "accounts:switch-membership",
        page(404),
        method="post",
        target="membership_a",
        form_field="membership",
    ),
    # Reference data: every member reads it, whatever the region.
    Row("accounts:organisation-list", page(200)),
    Row("accounts:organisation-detail", page(200), target="organisation_a"),
    # Users: administrators of the user's region; everyone sees their own account. Out of scope
    # is a 404, so the page does not confirm that the user exists.
    Row("accounts:user-list", page(403, **ADMINS_ONLY)),
    Row(
        "accounts:user-detail",
        page(404, **{Role.ADMINISTRATOR.value: 200}),
        target="user_a",
    ),
    Row("accounts:user-detail", page(200), target="self"),
    # The audit trail: administrators, each of their own region.
    Row("audit:entry-list", page(403, **ADMINS_ONLY)),
    # Persons: coordinators, for persons behind signals their organisation holds.
    Row("people:list", page(403, **COORDINATORS)),
    Row("people:suggestions", page(403, **COORDINATORS)),
    Row("people:detail", page(404, **{Role.COORDINATOR.value: 200}), target="person_a"),
    Row("people:suggestion-decide", cells(405), target="suggestion_a"),
    Row(
        "people:suggestion-decide",
        page(404, **{Role.COORDINATOR.value: Redirect("/persons/suggestions/")}),
        method="post",
        target="suggestion_a",
        data=(("decision", "reject"),),
    ),
    Row("people:merge", cells(405), target="person_a"),
    Row(
        "people:merge",
        page(404, **{Role.COORDINATOR.value: Redirect("/persons/{pk}/")}),
        method="post",
        target="person_a",
        data=(("other", "P-00000000"),),
    ),
    Row("people:merge-undo", cells(405), target="merge_a"),
    Row(
        "people:merge-undo",
        page(404, **{Role.COORDINATOR.value: Redirect("/persons/{merged}/")}),
        method="post",
        target="merge_a",
    ),
    # Routing rules: administrators of any region (the rules are national).
    Row("signal_rules:list", page(403, **ADMINS_ONLY)),
    Row("signal_rules:create", page(403, **ADMINS_ONLY)),
    Row("signal_rules:edit", page(403, **ADMINS_ONLY), target="rule_a"),
    Row("signal_rules:move", cells(405), target="rule_a"),
    Row(
        "signal_rules:move",
        page(403, **RULE_ADMINS),
        method="post",
        target="rule_a",
        data=(("direction", "down"),),
    ),
    Row("signal_rules:deactivate", cells(405), target="rule_a"),
    Row("signal_rules:deactivate", page(403, **RULE_ADMINS), method="post", target="rule_a"),
    # The language switch is open to everyone, also on the log-in page.
    Row(
        "set_language",
        cells(TO_DASHBOARD),
        method="post",
        data=(("language", "nl"), ("next", "/dashboard/")),
    ),
    # API.
    Row("api-root", api(200)),
    Row("api-me", api(200)),
    Row("region-list", api(200)),
    Row("region-detail", api(200), target="region_a"),
    Row("municipality-list", api(200)),
    Row("municipality-detail", api(200), target="municipality_a"),
    Row("organisation-list", api(200)),
    Row("organisation-detail", api(200), target="organisation_a"),
    Row("user-list", api(403, **ADMINS_ONLY)),
    Row(
        "user-detail",
        api(403, **{Role.ADMINISTRATOR.value: 200, OTHER_REGION_ADMIN: 404}),
        target="user_a",
    ),
    # The API has /api/me/ for the own account; /api/users/ is the administrators' list.
    Row("user-detail", api(403, **ADMINS_ONLY), target="self"),
    Row("audit-entry-list", api(403, **ADMINS_ONLY)),
    Row(
        "audit-entry-detail",
        api(403, **{Role.ADMINISTRATOR.value: 200, OTHER_REGION_ADMIN: 404}),
        target="entry_a",
    ),
    Row("api-schema", api(200)),
    Row("api-docs", api(200)),
    # Signals. Every role that files opens the intake (an empty POST shows the form's errors),
    # keeps a draft and follows its own signals; the inbox is the care coordinators'.
    Row("signals:intake", page(200, **except_non_filers(403))),
    Row("signals:intake", page(200, **except_non_filers(403)), method="post"),
    Row("signals:draft", cells(405)),
    Row(
        "signals:draft",
        page(200, **except_non_filers(403)),
        method="post",
        data=(("observation", "Synthetisch concept."),),
    ),
    Row("signals:mine", page(200, **except_non_filers(403))),
    Row(
        "signals:inbox",
        page(403, **{Role.COORDINATOR.value: 200, OTHER_REGION_COORDINATOR: 200}),
    ),
    # signal_a was filed by a signaler of region A and routed to region A's desk, where the
    # coordinator column works. Out of scope is a 404: the page does not confirm the signal.
    Row("signals:detail", page(404, **{Role.COORDINATOR.value: 200}), target="signal_a"),
    # own_signal: filed by the requesting principal (signal_a for those who cannot file).
    Row("signals:detail", page(200, **except_non_filers(404)), target="own_signal"),
    Row("signals:status", cells(405), target="signal_a"),
    Row(
        "signals:status",
        page(404, **{Role.COORDINATOR.value: TO_SIGNAL}),
        method="post",
        target="signal_a",
        data=(("status", "in_triage"), ("version", "1")),
    ),
    # The filer follows the status but does not set it (the coordinator of region A both filed
    # and holds it).
    Row(
        "signals:status",
        page(403, **except_non_filers(404), **{Role.COORDINATOR.value: TO_SIGNAL}),
        method="post",
        target="own_signal",
        data=(("status", "in_triage"), ("version", "1")),
    ),
    Row("signals:assign", cells(405), target="signal_a"),
    Row(
        "signals:assign",
        page(404, **{Role.COORDINATOR.value: TO_SIGNAL}),
        method="post",
        target="signal_a",
        data=(("assignee", ""), ("version", "1")),
    ),
    Row("signals:messages", cells(405), target="signal_a"),
    Row(
        "signals:messages",
        page(404, **{Role.COORDINATOR.value: TO_SIGNAL}),
        method="post",
        target="signal_a",
        data=(("body", "Een synthetische vraag."),),
    ),
    # The filer answers on their own signal.
    Row(
        "signals:messages",
        page(TO_SIGNAL, **except_non_filers(404)),
        method="post",
        target="own_signal",
        data=(("body", "Een synthetisch antwoord."),),
    ),
    Row("signal-list", api(200, **except_non_filers(403))),
    # An empty intake: the field errors.
    Row("signal-list", api(400, **except_non_filers(403)), method="post"),
    Row(
        "signal-detail",
        api(404, **except_non_filers(403), **{Role.COORDINATOR.value: 200}),
        target="signal_a",
    ),
    Row(
        "signal-transitions",
        api(404, **except_non_filers(403), **{Role.COORDINATOR.value: 200}),
        method="post",
        target="signal_a",
        data=(("status", "in_triage"), ("version", "1")),
    ),
    Row(
        "signal-assignment",
        api(404, **except_non_filers(403), **{Role.COORDINATOR.value: 200}),
        method="post",
        target="signal_a",
        data=(("user", ""), ("version", "1")),
    ),
    # Cases API. As for signals: roles that never work on cases are refused (403); a case
    # outside the caller's teams is a 404. case_a (version 1, no contact person) is led by
    # organisation_a, where the region-A coordinator manages it and the case worker works on it.
    Row("case-list", api(403, **CASE_ROLES_A, **{OTHER_REGION_COORDINATOR: 200})),
    # Opening from signal_a (held by organisation_a); a signal out of scope is "not available".
    Row(
        "case-list",
        api(403, **{Role.COORDINATOR.value: 201, OTHER_REGION_COORDINATOR: 400}),
        method="post",
        target="signal_a",
        form_field="signals",
    ),
    Row(
        "case-detail",
        api(403, **CASE_ROLES_A, **{OTHER_REGION_COORDINATOR: 404}),
        target="case_a",
    ),
    Row(
        "case-transitions",
        api(
            403,
            **{
                Role.COORDINATOR.value: 200,
                Role.CASE_WORKER.value: 403,
                OTHER_REGION_COORDINATOR: 404,
            },
        ),
        method="post",
        target="case_a",
        data=(("state", "closed"), ("close_reason", "other"), ("reason", "Test"), ("version", "1")),
    ),
    Row(
        "case-handover",
        api(403, **CASE_ROLES_A, **{OTHER_REGION_COORDINATOR: 404}),
        target="case_a",
    ),
    # Clearing the deputy manages the case.
    Row(
        "case-handover",
        api(
            403,
            **{
                Role.COORDINATOR.value: 200,
                Role.CASE_WORKER.value: 403,
                OTHER_REGION_COORDINATOR: 404,
            },
        ),
        method="post",
        target="case_a",
        data=(("deputy", ""), ("version", "1")),
    ),
    Row("case-b8", api(403, **CASE_ROLES_A, **{OTHER_REGION_COORDINATOR: 404}), target="case_a"),
    # The matrix sends a PATCH without a body: team members get the missing version (400).
    Row(
        "case-b8",
        api(403, **dict.fromkeys(CASE_ROLES_A, 400), **{OTHER_REGION_COORDINATOR: 404}),
        method="patch",
        target="case_a",
    ),
    Row(
        "case-decisions",
        api(403, **CASE_ROLES_A, **{OTHER_REGION_COORDINATOR: 404}),
        target="case_a",
    ),
    # Team members record decisions (a decision without its fields: the field errors).
    Row(
        "case-decisions",
        api(403, **dict.fromkeys(CASE_ROLES_A, 400), **{OTHER_REGION_COORDINATOR: 404}),
        method="post",
        target="case_a",
        data=(("version", "1"),),
    ),
    Row(
        "case-timeline",
        api(403, **CASE_ROLES_A, **{OTHER_REGION_COORDINATOR: 404}),
        target="case_a",
    ),
    # Case pages. Cases are need-to-know: coordinators and case workers of an organisation in
    # the case's team (case_a is led by organisation_a, where the region-A columns work).
    # Out of scope is a 404, so a page does not confirm that a case exists.
    Row("cases:list", page(403, **CASE_ROLES_A, **{OTHER_REGION_COORDINATOR: 200})),
    Row("cases:my-work", page(403, **CASE_ROLES_A, **{OTHER_REGION_COORDINATOR: 200})),
    Row("cases:overdue", page(403, **COORDINATORS)),
    # Opening starts from a signal the organisation holds (signal_a, at organisation_a).
    Row(
        "cases:open",
        # The log-in page's `next` keeps the query (?signal=...), hence no exact `next` check.
        cells(
            403,
            **{ANONYMOUS: TO_LOGIN, Role.COORDINATOR.value: 200},
            **{OTHER_REGION_COORDINATOR: 404},
        ),
        target="signal_a",
        form_field="signal",
    ),
    # A POST without any signal ticked: the form's errors.
    Row(
        "cases:open",
        page(403, **{Role.COORDINATOR.value: 400, OTHER_REGION_COORDINATOR: 404}),
        method="post",
        target="signal_a",
        form_field="from_signal",
    ),
    Row("cases:detail", page(404, **CASE_ROLES_A), target="case_a"),
    Row("cases:timeline", page(404, **CASE_ROLES_A), target="case_a"),
    Row("cases:timeline-pdf", page(404, **CASE_ROLES_A), target="case_a"),
    Row("cases:action", cells(405), target="case_a", url_kwargs=(("action", "note"),)),
    # Team members work on the case (an empty note: the form's errors) ...
    Row(
        "cases:action",
        page(404, **dict.fromkeys(CASE_ROLES_A, 400)),
        method="post",
        target="case_a",
        url_kwargs=(("action", "note"),),
    ),
    # ... the lead's coordinators (and the contact person) manage it.
    Row(
        "cases:action",
        page(404, **{Role.COORDINATOR.value: 400, Role.CASE_WORKER.value: 403}),
        method="post",
        target="case_a",
        url_kwargs=(("action", "transition"),),
    ),
    Row(
        "cases:action",
        page(404),
        method="post",
        target="case_a",
        url_kwargs=(("action", "no-such-action"),),
    ),
    # Online monitoring: online monitors of the scan's organisation work with it,
    # administrators of its region oversee it; nobody else sees raw online material.
    Row("online:scans", page(403, **SCAN_VIEWERS_A, **{OTHER_REGION_ADMIN: 200})),
    # An empty form: its errors, for the monitor; administrators do not start scans.
    Row("online:scans", page(403, **{Role.ONLINE_MONITOR.value: 400}), method="post"),
    Row("online:scan", page(404, **SCAN_VIEWERS_A), target="scan_a"),
    Row("online:lead", page(404, **SCAN_VIEWERS_A), target="lead_a"),
    Row("online:lead-signal", cells(405), target="lead_a"),
    Row(
        "online:lead-signal",
        page(
            404,
            **{Role.ONLINE_MONITOR.value: Redirect("/signals/new/")},
            **{Role.ADMINISTRATOR.value: 403},
        ),
        method="post",
        target="lead_a",
    ),
    # The technical admin: superusers with a verified second factor only, no role opens it.
    Row("admin:index", cells(TO_ADMIN_LOGIN)),
)


@dataclass
class World:
    """Objects of region A that the rows point at, and the organisation of region B."""

    region_a: Region
    organisation_a: Organisation
    municipality_a: Municipality
    user_a: User
    membership_a: Membership
    entry_a: AuditEntry
    organisation_b: Organisation
    signal_a: Signal
    rule_a: RoutingRule
    person_a: Person
    suggestion_a: MatchSuggestion
    merge_a: MergeEvent
    case_a: Case
    scan_a: Scan
    lead_a: Lead


@pytest.fixture
def world(organisation: Organisation) -> World:
    membership_a = MembershipFactory(role=Role.SIGNALER, organisation=organisation)
    user_a: User = membership_a.user
    region_b = RegionFactory(code="noord-holland", name="Noord-Holland")
    assert organisation.region is not None
    # organisation_a is region A's coordination desk: every signal of region A lands there.
    make_desk(organisation.region, organisation)
    municipality_a = MunicipalityFactory(region=organisation.region)
    return World(
        region_a=organisation.region,
        organisation_a=organisation,
        municipality_a=municipality_a,
        user_a=user_a,
        membership_a=membership_a,
        # Through the real write path: the entry takes user_a's organisation (region A).
        entry_a=record(user_a, AuditAction.LOGIN, user_a),
        organisation_b=OrganisationFactory(region=region_b),
        signal_a=file_signal(user_a, municipality_a),
        # Opened through the real service by a coordinator of organisation_a from a signal of
        # its own (signal_a stays free to open a case from).
        case_a=opening.open_case(
            MembershipFactory(role=Role.COORDINATOR, organisation=organisation).user,
            [file_signal(user_a, municipality_a)],
        ),
        # A default rule from migration 0003 (routing rules are national, not per region).
        rule_a=RoutingRule.objects.order_by("position").first(),
        **_people_of_region_a(user_a, municipality_a),
        **_scan_of_region_a(organisation, user_a),
    )


def _scan_of_region_a(organisation: Organisation, user_a: User) -> dict[str, object]:
    """A finished scan of organisation_a with one lead (set up directly: the matrix tests
    access; tests/online test running scans)."""
    scan = Scan.objects.create(
        organisation=organisation, started_by=user_a, title="Synthetische scan", status="done"
    )
    lead = Lead.objects.create(scan=scan, network_id="N1", score=3.0, posts=1)
    ScannedPost.objects.create(
        scan=scan,
        post_id="ad:test:1",
        source="test",
        text="Synthetisch.",
        cluster_id="C1",
        network_id="N1",
    )
    return {"scan_a": scan, "lead_a": lead}


def _people_of_region_a(user_a: User, municipality_a: Municipality) -> dict[str, object]:
    """A person behind a region-A signal, a suggestion and a merge around it (set up
    directly: the matrix tests access, the registry tests the linking)."""
    named = file_signal(user_a, municipality_a, victims=[victim(name="Ana Test", age=30)])
    other = file_signal(user_a, municipality_a, victims=[victim(name="Bo Test", age=50)])
    record_a = PersonRecord.objects.get(victim__signal=named)
    record_b = PersonRecord.objects.get(victim__signal=other)
    return {
        "person_a": record_a.person,
        "suggestion_a": MatchSuggestion.objects.create(left=record_a, right=record_b, score=5),
        "merge_a": MergeEvent.objects.create(
            kept=record_a.person, merged=record_b.person, moved_records=[]
        ),
    }


@pytest.fixture
def login_as(
    make_user: Callable[..., User], world: World
) -> Callable[[str], tuple[Client, User | None]]:
    def login(principal: str) -> tuple[Client, User | None]:
        client = Client()
        if principal == ANONYMOUS:
            return client, None
        if principal == OTHER_REGION_ADMIN:
            user = make_user(Role.ADMINISTRATOR, world.organisation_b)
        elif principal == OTHER_REGION_COORDINATOR:
            user = make_user(Role.COORDINATOR, world.organisation_b)
        else:
            user = make_user(Role(principal))
        client.force_login(user)
        return client, user

    return login


def _target(row: Row, world: World, user: User | None) -> object | None:
    if not row.target:
        return None
    if row.target == "self":
        return user or world.user_a
    if row.target == "own_membership":
        return user.memberships.get() if user else world.membership_a
    if row.target == "own_signal":
        if user is not None and policy.can(user, Action.FILE_SIGNAL):
            return file_signal(user, world.municipality_a)
        return world.signal_a
    return getattr(world, row.target)


def _cells() -> Iterator[object]:
    for row in MATRIX:
        for principal in PRINCIPALS:
            expected = row.expected[principal]
            yield pytest.param(row, principal, id=f"{row.label}-{principal}-{expected}")


@pytest.mark.parametrize(("row", "principal"), list(_cells()))
def test_permission_matrix(
    row: Row,
    principal: str,
    world: World,
    login_as: Callable[[str], tuple[Client, User | None]],
    settings: pytest.FixtureRequest,
) -> None:
    # Enrolment of a second factor is tested in tests/accounts/test_login.py; here it would
    # turn every page of the roles that see personal data into a redirect.
    settings.BAKEN_REQUIRE_2FA = False  # type: ignore[attr-defined]
    client, user = login_as(principal)
    target = _target(row, world, user)
    data = dict(row.data)
    if target is not None and row.form_field:
        data[row.form_field] = str(target.pk)  # type: ignore[attr-defined]
        url = reverse(row.name)
    elif target is not None:
        kwargs = {"pk": target.pk, **dict(row.url_kwargs)}  # type: ignore[attr-defined]
        url = reverse(row.name, kwargs=kwargs)
    else:
        url = reverse(row.name)

    response = getattr(client, row.method)(url, data) if data else getattr(client, row.method)(url)

    expected = row.expected[principal]
    if isinstance(expected, Redirect):
        assert response.status_code == 302, (url, response.status_code)
        location = urlsplit(response["Location"])
        wanted = expected.path.format(
            pk=getattr(target, "pk", ""), merged=getattr(target, "merged_id", "")
        )
        assert location.path == wanted, response["Location"]
        if expected.with_next:
            assert parse_qs(location.query).get("next") == [url], response["Location"]
    else:
        assert response.status_code == expected, (url, response.status_code)
        if expected == 401:
            assert response.has_header("WWW-Authenticate"), "a 401 must say how to authenticate"


def _named_patterns(patterns: list[object], namespace: str = "", prefix: str = "") -> set[str]:
    """Every routable URL by its (namespaced) name, or by its route if it has no name."""
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            route = prefix + str(pattern.pattern)
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            if inner == "admin":
                # The admin's own pages are Django's; its index stands for the whole site.
                names.add("admin:index")
                continue
            names |= _named_patterns(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if route.startswith(("static/", "media/")):
                continue
            if pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
            else:
                names.add(f"<unnamed route {route}>")
    return names


def test_every_url_pattern_has_a_matrix_row() -> None:
    routed = _named_patterns(get_resolver().url_patterns)
    in_matrix = {row.name for row in MATRIX}
    assert routed - in_matrix == set(), "URL patterns without a row in the permission matrix"
    assert in_matrix - routed == set(), "matrix rows for URL names that no longer exist"


def test_every_matrix_row_decides_for_every_principal() -> None:
    for row in MATRIX:
        assert set(row.expected) == set(PRINCIPALS), row.label


def test_matrix_rows_are_unique() -> None:
    labels = [row.label for row in MATRIX]
    assert len(labels) == len(set(labels))


def test_other_region_administrator_lists_no_users_or_audit_entries_of_region_a(
    world: World, login_as: Callable[[str], tuple[Client, User | None]]
) -> None:
    """A list must never show what the detail forbids (404 in the matrix)."""
    client, admin_b = login_as(OTHER_REGION_ADMIN)
    assert admin_b is not None

    users = client.get("/api/users/").json()["results"]
    assert {u["id"] for u in users} == {admin_b.pk}
    entries = client.get("/api/audit/").json()["results"]
    assert world.entry_a.pk not in {e["id"] for e in entries}
    assert all(e["organisation"] == world.organisation_b.pk for e in entries)

    user_page = client.get("/accounts/users/")
    assert world.user_a not in list(user_page.context["page"])
    audit_page = client.get("/audit/")
    assert world.entry_a not in list(audit_page.context["page"])


def test_administrator_lists_users_and_audit_entries_of_own_region(
    world: World, login_as: Callable[[str], tuple[Client, User | None]]
) -> None:
    client, _admin = login_as(Role.ADMINISTRATOR.value)
    users = client.get("/api/users/").json()["results"]
    assert world.user_a.pk in {u["id"] for u in users}
    entries = client.get("/api/audit/").json()["results"]
    assert world.entry_a.pk in {e["id"] for e in entries}


def test_admin_site_opens_for_superuser_only_after_second_factor(db: None) -> None:
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)
    refused = client.get("/admin/")
    assert refused.status_code == 302
    assert urlsplit(refused["Location"]).path == "/admin/login/"

    device = TOTPDevice.objects.create(user=superuser, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert client.get("/admin/").status_code == 200
