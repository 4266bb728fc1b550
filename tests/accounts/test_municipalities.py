"""Loading municipalities from CSV: the shipped list, idempotence, and refusal of bad files."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from baken.accounts import services
from baken.accounts.demo import MUNICIPALITIES_CSV
from baken.accounts.models import Municipality, Region
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

POLICE_REGIONS = {
    "noord-nederland",
    "oost-nederland",
    "midden-nederland",
    "noord-holland",
    "amsterdam",
    "den-haag",
    "rotterdam",
    "zeeland-west-brabant",
    "oost-brabant",
    "limburg",
}
HEADER = "cbs_code,name,region_code,region_name\n"


def shipped_text() -> str:
    return MUNICIPALITIES_CSV.read_text(encoding="utf-8")


def write_csv(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "gemeenten.csv"
    path.write_text(text, encoding=encoding)
    return path


def load_command(path: Path) -> str:
    out = StringIO()
    call_command("load-municipalities", str(path), stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple[str, str, str]]:
    return list(Municipality.objects.values_list("cbs_code", "name", "region__code"))


def test_shipped_csv_gives_at_least_40_municipalities_in_the_ten_police_regions() -> None:
    result = services.load_municipalities(shipped_text())

    assert result.created >= 40
    assert Municipality.objects.count() == result.created
    assert set(Region.objects.values_list("code", flat=True)) == POLICE_REGIONS
    for region in Region.objects.all():
        assert region.municipalities.count() >= 4, region.code


@pytest.mark.parametrize(
    ("cbs_code", "name", "region_code"),
    [
        ("GM0096", "Vlieland", "noord-nederland"),
        ("GM0088", "Schiermonnikoog", "noord-nederland"),
        ("GM0277", "Rozendaal", "oost-nederland"),
        ("GM0339", "Renswoude", "midden-nederland"),
        ("GM0437", "Ouder-Amstel", "amsterdam"),
        ("GM0744", "Baarle-Nassau", "zeeland-west-brabant"),
        ("GM1695", "Noord-Beveland", "zeeland-west-brabant"),
        ("GM0944", "Mook en Middelaar", "limburg"),
        ("GM1900", "Súdwest-Fryslân", "noord-nederland"),
    ],
)
def test_shipped_csv_places_small_municipalities_in_their_police_region(
    cbs_code: str, name: str, region_code: str
) -> None:
    services.load_municipalities(shipped_text())

    municipality = Municipality.objects.select_related("region").get(cbs_code=cbs_code)
    assert (municipality.name, municipality.region.code) == (name, region_code)


def test_loading_the_same_file_again_changes_nothing() -> None:
    first = services.load_municipalities(shipped_text())
    before = snapshot()

    second = services.load_municipalities(shipped_text())

    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert snapshot() == before


def test_a_renamed_municipality_is_updated_not_duplicated() -> None:
    services.load_municipalities(HEADER + "GM0096,Vlie,noord-nederland,Noord-Nederland\n")

    result = services.load_municipalities(
        HEADER + "GM0096,Vlieland,noord-nederland,Noord-Nederland\n"
    )

    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert list(Municipality.objects.values_list("name", flat=True)) == ["Vlieland"]


def test_command_reports_created_updated_and_unchanged(tmp_path: Path) -> None:
    path = write_csv(tmp_path, shipped_text())
    count = len(shipped_text().strip().splitlines()) - 1

    assert load_command(path).strip() == f"created {count}, updated 0, unchanged 0"
    assert load_command(path).strip() == f"created 0, updated 0, unchanged {count}"


def test_command_reads_a_file_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path, HEADER + "GM1900,Súdwest-Fryslân,noord-nederland,Noord-Nederland\n", "utf-8-sig"
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    assert "created 1" in load_command(path)
    assert Municipality.objects.get(cbs_code="GM1900").name == "Súdwest-Fryslân"


def test_bad_code_on_line_3_fails_naming_the_line_and_writes_nothing(tmp_path: Path) -> None:
    MunicipalityFactory(cbs_code="GM0014", name="Groningen")
    before, regions_before = snapshot(), Region.objects.count()
    path = write_csv(
        tmp_path,
        HEADER
        + "GM0096,Vlieland,noord-nederland,Noord-Nederland\n"
        + "G0088,Schiermonnikoog,noord-nederland,Noord-Nederland\n",
    )

    with pytest.raises(CommandError, match=r"gemeenten\.csv: line 3: 'G0088' is not a CBS code"):
        load_command(path)

    assert snapshot() == before
    assert Region.objects.count() == regions_before


def test_bad_code_fails_in_the_service_with_the_line_number() -> None:
    text = HEADER + "GM0096,Vlieland,a,A\nGM12345,Te lang,a,A\n"

    with pytest.raises(services.MunicipalityFileError, match="line 3"):
        services.load_municipalities(text)

    assert not Municipality.objects.exists()
    assert not Region.objects.exists()


def test_missing_column_is_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "cbs_code,name,region_code\nGM0096,Vlieland,noord-nederland\n")

    with pytest.raises(CommandError, match=r"line 1: missing column\(s\) region_name"):
        load_command(path)
    with pytest.raises(services.MunicipalityFileError, match="region_name"):
        services.load_municipalities(path.read_text(encoding="utf-8"))
    assert not Municipality.objects.exists()


def test_duplicate_code_names_both_lines(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        HEADER
        + "GM0096,Vlieland,noord-nederland,Noord-Nederland\n"
        + "GM0088,Schiermonnikoog,noord-nederland,Noord-Nederland\n"
        + "GM0096,Vlieland,noord-nederland,Noord-Nederland\n",
    )

    with pytest.raises(CommandError, match="line 4: GM0096 already on line 2"):
        load_command(path)
    assert not Municipality.objects.exists()


def test_unreadable_file_is_a_command_error_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "bestaat-niet.csv"
    with pytest.raises(CommandError, match=r"bestaat-niet\.csv: cannot read"):
        load_command(missing)

    latin1 = write_csv(tmp_path, HEADER + "GM0096,Vlieland,n,Fryslân\n", encoding="latin-1")
    with pytest.raises(CommandError, match=r"gemeenten\.csv: cannot read"):
        load_command(latin1)
    assert not Municipality.objects.exists()


def test_hyphenated_command_is_found_by_django() -> None:
    assert get_commands()["load-municipalities"] == "baken.accounts"
