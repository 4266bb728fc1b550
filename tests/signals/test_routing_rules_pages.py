"""The administrators' routing-rule pages: list, create, change, move, deactivate, audited."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from baken.accounts import policy
from baken.accounts.models import Organisation, OrganisationKind, User
from baken.accounts.policy import Action
from baken.accounts.roles import Role
from baken.audit.models import AuditAction, AuditEntry
from baken.signals import rules
from baken.signals.models import RoutingRule
from tests.factories import OrganisationFactory, RegionFactory

LIST = "signal_rules:list"


@pytest.fixture(autouse=True)
def _no_second_factor(settings: Any) -> None:
    # Enrolment of a second factor is tested in tests/accounts/test_login.py.
    settings.BAKEN_REQUIRE_2FA = False


@pytest.fixture
def admin(client_as: Callable[..., Client]) -> Client:
    return client_as(Role.ADMINISTRATOR)


def rule_at(position: int) -> RoutingRule:
    return RoutingRule.objects.get(position=position)


def audit_of(rule: RoutingRule) -> list[tuple[str, str]]:
    entries = AuditEntry.objects.filter(
        object_type="signals.routingrule", object_id=str(rule.pk)
    ).order_by("id")
    return [(entry.action, entry.reason) for entry in entries]


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Arbeidsuitbuiting → zorgcoördinatie",
        "position": "60",
        "themes": ["trafficking"],
        "exploitation_forms": ["labour"],
        "region": "",
        "minor": "",
        "to_coordination_desk": "on",
        "target_kind": "",
        "target_organisation": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_administrator_sees_the_rules_in_order_with_conditions_and_targets(admin: Client) -> None:
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = admin.get(reverse(LIST))
    assert response.status_code == 200
    rows = response.context["active"]
    assert [(row.rule.position, row.conditions, row.target) for row in rows] == [
        (10, ["Theme: Human trafficking"], "The region's coordination desk"),
        (20, ["Theme: Domestic violence"], "Veilig Thuis in the signal's region"),
        (30, ["Theme: Undermining"], "RIEC in the signal's region"),
        (40, ["Theme: Housing fraud"], "Municipality in the signal's region"),
        (50, ["A minor is involved"], "Youth care in the signal's region"),
    ]
    content = response.content.decode()
    assert content.index("Mensenhandel → regionale zorgcoördinatie") < content.index(
        "Minderjarige → jeugdzorg"
    )


def test_rule_list_speaks_dutch_by_default(admin: Client) -> None:
    response = admin.get(reverse(LIST))
    assert "Gemeente" in response.context["active"][3].target


def test_list_describes_every_condition_that_is_set(
    admin: Client, organisation: Organisation
) -> None:
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    RoutingRule.objects.create(
        name="Alles",
        position=60,
        themes=["trafficking", "undermining"],
        forms=["labour"],
        region=organisation.region,
        minor=False,
        target_organisation=organisation,
        stop=True,
    )
    RoutingRule.objects.create(name="Vangnet", position=70, to_coordination_desk=True)
    rows = admin.get(reverse(LIST)).context["active"]
    assert (rows[5].conditions, rows[5].target) == (
        [
            "Theme: Human trafficking, Undermining",
            "Form: Labour exploitation",
            f"Region: {organisation.region}",
            "No minor is involved",
        ],
        organisation.name,
    )
    assert rows[6].conditions == ["Every signal"]


def test_administrator_creates_a_rule_and_it_is_audited(admin: Client) -> None:
    response = admin.post(reverse("signal_rules:create"), form_data())
    assert response.status_code == 302
    rule = RoutingRule.objects.get(name="Arbeidsuitbuiting → zorgcoördinatie")
    assert (rule.position, rule.themes, rule.forms) == (60, ["trafficking"], ["labour"])
    assert (rule.minor, rule.region, rule.to_coordination_desk, rule.is_active) == (
        None,
        None,
        True,
        True,
    )
    assert audit_of(rule) == [(AuditAction.CREATE, "")]


def test_new_rule_form_proposes_a_position_after_the_last_rule(admin: Client) -> None:
    response = admin.get(reverse("signal_rules:create"))
    assert response.status_code == 200
    assert response.context["form"].initial["position"] == 60


def test_administrator_changes_a_rule_and_the_changed_fields_are_audited(
    admin: Client, organisation: Organisation
) -> None:
    rule = rule_at(30)
    edit = reverse("signal_rules:edit", kwargs={"pk": rule.pk})
    assert admin.get(edit).context["form"].initial["target_kind"] == "riec"
    region = organisation.region
    assert region is not None
    response = admin.post(
        edit,
        form_data(
            name="Ondermijning → RIEC",
            position="30",
            themes=["undermining"],
            exploitation_forms=[],
            region=str(region.pk),
            minor="no",
            to_coordination_desk=None,
            target_kind="riec",
            is_active="on",
        ),
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.region, rule.minor) == (region, False)
    assert audit_of(rule) == [(AuditAction.UPDATE, "changed: region, minor")]


def test_saving_an_unchanged_rule_writes_no_audit_entry(admin: Client) -> None:
    rule = rule_at(20)
    data = form_data(
        name=rule.name,
        position="20",
        themes=["domestic_violence"],
        exploitation_forms=[],
        to_coordination_desk=None,
        target_kind="veilig_thuis",
        is_active="on",
    )
    assert admin.post(reverse("signal_rules:edit", kwargs={"pk": rule.pk}), data).status_code == 302
    assert audit_of(rule) == []


def test_administrator_moves_a_rule_up_and_both_positions_are_audited(admin: Client) -> None:
    veilig_thuis, riec = rule_at(20), rule_at(30)
    response = admin.post(reverse("signal_rules:move", kwargs={"pk": riec.pk}), {"direction": "up"})
    assert response.status_code == 302
    riec.refresh_from_db()
    veilig_thuis.refresh_from_db()
    assert (riec.position, veilig_thuis.position) == (20, 30)
    assert audit_of(riec) == [(AuditAction.UPDATE, "position 30 → 20")]
    assert audit_of(veilig_thuis) == [(AuditAction.UPDATE, "position 20 → 30")]


def test_moving_down_past_an_equal_position_renumbers_the_rules(admin: Client) -> None:
    tied = RoutingRule.objects.create(name="Zelfde plek", position=20, target_kind="care")
    first = rule_at(10).pk
    veilig_thuis = RoutingRule.objects.get(position=20, name__startswith="Huiselijk")
    admin.post(reverse("signal_rules:move", kwargs={"pk": veilig_thuis.pk}), {"direction": "down"})
    order = list(RoutingRule.objects.filter(is_active=True).values_list("pk", "position"))
    assert [pk for pk, _ in order][:3] == [first, tied.pk, veilig_thuis.pk]
    assert len({position for _, position in order}) == len(order)


def test_moving_the_first_rule_up_changes_nothing(admin: Client) -> None:
    first = rule_at(10)
    admin.post(reverse("signal_rules:move", kwargs={"pk": first.pk}), {"direction": "up"})
    first.refresh_from_db()
    assert first.position == 10
    assert audit_of(first) == []


def test_administrator_deactivates_a_rule_which_stays_on_record(admin: Client) -> None:
    rule = rule_at(40)
    response = admin.post(reverse("signal_rules:deactivate", kwargs={"pk": rule.pk}))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.is_active is False
    assert audit_of(rule) == [(AuditAction.UPDATE, "deactivated")]
    listing = admin.get(reverse(LIST))
    assert rule not in [row.rule for row in listing.context["active"]]
    assert [row.rule for row in listing.context["inactive"]] == [rule]


def test_deactivated_rule_can_be_activated_again_by_editing(admin: Client) -> None:
    rule = rule_at(40)
    rule.is_active = False
    rule.save()
    data = form_data(
        name=rule.name,
        position="40",
        themes=["housing_fraud"],
        exploitation_forms=[],
        to_coordination_desk=None,
        target_kind="municipality",
        is_active="on",
    )
    admin.post(reverse("signal_rules:edit", kwargs={"pk": rule.pk}), data)
    rule.refresh_from_db()
    assert rule.is_active is True
    assert audit_of(rule) == [(AuditAction.UPDATE, "changed: is_active")]


def test_rule_may_name_one_organisation_as_target(admin: Client) -> None:
    comensha = cast(
        Organisation,
        OrganisationFactory(name="CoMensha", kind=OrganisationKind.COMENSHA, national=True),
    )
    data = form_data(to_coordination_desk=None, target_organisation=str(comensha.pk))
    assert admin.post(reverse("signal_rules:create"), data).status_code == 302
    assert RoutingRule.objects.get(position=60).target_organisation == comensha


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"target_kind": "veilig_thuis"}, "__all__"),  # desk and a kind
        ({"to_coordination_desk": None}, "__all__"),  # no target
        ({"themes": ["trafficking", "shoplifting"]}, "themes"),
        ({"exploitation_forms": ["sex_work"]}, "exploitation_forms"),
        ({"position": "-1"}, "position"),
        ({"target_kind": "bakery", "to_coordination_desk": None}, "target_kind"),
        ({"name": ""}, "name"),
    ],
)
def test_invalid_rule_is_refused_with_an_error(
    admin: Client, overrides: dict[str, Any], field: str
) -> None:
    response = admin.post(reverse("signal_rules:create"), form_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not RoutingRule.objects.filter(position=60).exists()
    assert not AuditEntry.objects.filter(object_type="signals.routingrule").exists()


def test_two_targets_error_is_shown_on_the_page(admin: Client) -> None:
    response = admin.post(reverse("signal_rules:create"), form_data(target_kind="veilig_thuis"))
    assert 'class="utrecht-alert utrecht-alert--error"' in response.content.decode()


@pytest.mark.parametrize("role", [Role.SIGNALER, Role.COORDINATOR, Role.ANALYST])
def test_other_roles_may_not_see_or_change_rules(
    client_as: Callable[..., Client], role: Role
) -> None:
    client = client_as(role)
    rule = rule_at(10)
    pk = {"pk": rule.pk}
    assert client.get(reverse(LIST)).status_code == 403
    assert client.get(reverse("signal_rules:create")).status_code == 403
    assert client.post(reverse("signal_rules:create"), form_data()).status_code == 403
    assert client.get(reverse("signal_rules:edit", kwargs=pk)).status_code == 403
    assert (
        client.post(reverse("signal_rules:move", kwargs=pk), {"direction": "down"}).status_code
        == 403
    )
    assert client.post(reverse("signal_rules:deactivate", kwargs=pk)).status_code == 403
    rule.refresh_from_db()
    assert (rule.position, rule.is_active) == (10, True)
    assert RoutingRule.objects.count() == 5


def test_anonymous_visitor_is_sent_to_log_in() -> None:
    response = Client().get(reverse(LIST))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_move_and_deactivate_take_only_post(admin: Client) -> None:
    pk = {"pk": rule_at(10).pk}
    assert admin.get(reverse("signal_rules:move", kwargs=pk)).status_code == 405
    assert admin.get(reverse("signal_rules:deactivate", kwargs=pk)).status_code == 405


def test_unknown_rule_is_not_found(admin: Client) -> None:
    assert admin.get(reverse("signal_rules:edit", kwargs={"pk": 999999})).status_code == 404


def test_policy_lets_only_administrators_manage_and_see_rules(
    make_user: Callable[..., User],
) -> None:
    other_region = OrganisationFactory(region=RegionFactory(code="zeeland"))
    for role in Role:
        user = make_user(role)
        allowed = role == Role.ADMINISTRATOR
        assert policy.can(user, Action.MANAGE_ROUTING_RULES) is allowed
        assert policy.visible_to(user, RoutingRule.objects.all()).count() == (5 if allowed else 0)
    admin_elsewhere = make_user(Role.ADMINISTRATOR, other_region)
    assert policy.visible_to(admin_elsewhere, RoutingRule.objects.all()).count() == 5


def test_rule_service_refuses_non_administrators_and_rules_without_one_target(
    make_user: Callable[..., User],
) -> None:
    fields = rules.RuleFields(name="Vangnet", position=99, to_coordination_desk=True)
    with pytest.raises(PermissionDenied):
        rules.create_rule(make_user(Role.COORDINATOR), fields)
    admin_user = make_user(Role.ADMINISTRATOR)
    with pytest.raises(ValidationError):
        rules.create_rule(admin_user, dataclasses.replace(fields, target_kind="riec"))
    with pytest.raises(ValidationError):
        rules.create_rule(admin_user, dataclasses.replace(fields, to_coordination_desk=False))
    assert not RoutingRule.objects.filter(name="Vangnet").exists()
