"""Importing KSMs with their members and products from a workbook or CSV files.

Three kinds of sheet, applied in this order so that members and products can belong to a KSM
the same file creates: KSM (or the "Quick Status" sheet of an export), Members, Products.
A KSM is found by its code when the row has one, otherwise by its name in its kelurahan;
members and products by their name in their KSM. So importing the same file twice changes
nothing the second time, and an exported workbook imports back as it is.

Imports only add and change: a member missing from the file is not deleted. They never create
places: a row whose kelurahan is unknown is refused, with the closest known names suggested.
Only KSMs in cities the user records in are touched (kotaku.access.cities_writable_by).
"""

import datetime
import difflib
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotaku.access import cities_writable_by
from kotaku.lib import sheets
from kotaku.lib.codes import ALPHABET, LENGTH
from kotaku.lib.importer import (
    Cells,
    Column,
    RowResult,
    SheetKind,
    labels,
    read_gender,
    required,
    save_row,
    snapshot,
)
from kotaku.lib.model_fields import largest_value
from kotaku.lib.positions import CoordinateField
from kotaku.lib.sheets import normalise
from kotaku.models import City, Kelurahan
from ksm.models import Ksm, Member, Product

CODE = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")
STAGE_ALIASES = {"i": 1, "ii": 2, "iii": 3, "tahap i": 1, "tahap ii": 2, "tahap iii": 3}

# Columns of the KSM sheet, in export order. Those without a reader below are export-only.
KSM_CODE = Column("code", gettext_lazy("KSM code"))
KSM_NAME = Column("name", gettext_lazy("KSM name"), required=True)
KSM_COLUMNS = [
    KSM_CODE,
    Column("province", gettext_lazy("Province")),
    Column("city_code", gettext_lazy("City code")),
    Column("city", gettext_lazy("City")),
    Column("kecamatan", gettext_lazy("Kecamatan"), required=True),
    Column("kelurahan", gettext_lazy("Kelurahan"), required=True),
    KSM_NAME,
    Column("type", gettext_lazy("Type")),
    Column("ppmk_stage", gettext_lazy("PPMK stage")),
    Column("maturity", gettext_lazy("Maturity")),
    Column("formed_on", gettext_lazy("Formed on")),
    Column("registered_on", gettext_lazy("Registered on")),
    Column("is_bdc_partner", gettext_lazy("BDC partner")),
    Column("chair_name", gettext_lazy("Chair")),
    Column("phone", gettext_lazy("Phone")),
]
# Read on import only (Quick Status does not export them): where the KSM is, for the maps.
KSM_IMPORT_COLUMNS = [
    *KSM_COLUMNS,
    Column("latitude", gettext_lazy("Latitude")),
    Column("longitude", gettext_lazy("Longitude")),
]
KSM_REF = [Column("ksm_code", KSM_CODE.label), Column("ksm_name", KSM_NAME.label)]
MEMBER_COLUMNS = [
    *KSM_REF,
    Column("name", gettext_lazy("Member name"), required=True),
    Column("gender", gettext_lazy("Gender"), required=True),
    Column("has_disability", gettext_lazy("Person with disability")),
    Column("business", gettext_lazy("Line of business")),
    Column("is_active", gettext_lazy("Active")),
]
PRODUCT_COLUMNS = [
    *KSM_REF,
    Column("name", gettext_lazy("Product name"), required=True),
    Column("category", gettext_lazy("Category"), required=True),
    Column("is_flagship", gettext_lazy("Flagship product")),
    Column("unit", gettext_lazy("Unit"), required=True),
    Column("price", gettext_lazy("Price (Rp)"), required=True),
    Column("monthly_capacity", gettext_lazy("Monthly capacity")),
    Column("permits", gettext_lazy("Permits")),
]

# The largest numbers the columns hold: a larger one is "too large", as in the product form.
PRICE_LARGEST = largest_value(Product._meta.get_field("price"))
CAPACITY_LARGEST = largest_value(Product._meta.get_field("monthly_capacity"))

KSM_FIELDS = [
    "name", "kelurahan_id", "type", "ppmk_stage", "maturity", "formed_on",
    "is_bdc_partner", "chair_name", "phone", "latitude", "longitude",
]  # fmt: skip
MEMBER_FIELDS = ["name", "gender", "has_disability", "business", "is_active"]
PRODUCT_FIELDS = [
    "name", "category", "is_flagship", "unit", "price", "monthly_capacity", "permits",
]  # fmt: skip


# Different unknown kelurahan names of one file for which close names are suggested.
MAX_SUGGESTED = 300


def unknown_kelurahan(
    city: City, kecamatan: str, kelurahan: str, places: list[tuple[str, str]]
) -> str:
    """Why a row's kelurahan is refused, with the city's known kelurahan closest to it.

    `places` holds the city's (kelurahan, kecamatan) names. A kelurahan of that name in
    another kecamatan is suggested first (the kecamatan was misspelt), then the names
    difflib finds close ("Yosodadii" -> "Yosodadi").
    """
    wanted = normalise(kelurahan)
    same_name = [(kel, kec) for kel, kec in places if normalise(kel) == wanted]
    if same_name:
        close = same_name
    else:
        by_name = {normalise(kel): (kel, kec) for kel, kec in places}
        matches = difflib.get_close_matches(wanted, list(by_name), n=3, cutoff=0.7)
        close = [by_name[m] for m in matches]
    place = {"kelurahan": kelurahan, "kecamatan": kecamatan, "city": city}
    if not close:
        return (
            _('Unknown kelurahan: "%(kelurahan)s", kecamatan %(kecamatan)s, %(city)s. Only '
              "Pusat adds kelurahan: correct the name or ask them to add it.") % place
        )  # fmt: skip
    suggestions = ", ".join(f'"{kel}" ({_("kecamatan")} {kec})' for kel, kec in close)
    return _(
        'Unknown kelurahan: "%(kelurahan)s", kecamatan %(kecamatan)s, %(city)s. Did you '
        "mean %(suggestions)s?"
    ) % {**place, "suggestions": suggestions}


class KsmImport:
    """What one import run knows: the user's cities, and the records rows have touched."""

    def __init__(self, user):
        self.user = user
        cities = list(cities_writable_by(user))
        self.cities = {c.code: c for c in cities}
        self.cities_by_name = {normalise(c.full_name): c for c in cities}
        self.touched: dict[tuple, int] = {}  # (model, pk) -> the row that touched it
        self.ksms_in_file: dict[str, list[Ksm]] = {}  # normalised name -> KSMs of this file
        self.changeable = Ksm.objects.changeable_by(user)
        self.known_places: dict[int, list[tuple[str, str]]] = {}
        self.unknown: dict[tuple, str] = {}  # (city, kecamatan, kelurahan) -> the refusal

    # The KSM sheet --------------------------------------------------------------------------

    def city(self, row: Cells) -> City | None:
        code = row.read("city_code", sheets.text, max_length=10)
        name = row.read("city", sheets.text, max_length=120)
        city = self.cities.get(code) if code else self.cities_by_name.get(normalise(name))
        if city is None and (code or name):
            known = City.objects.filter(code=code).exists() if code else False
            message = (
                _("The city %(city)s is outside your area.")
                if known
                else _("Unknown city: %(city)s.")
            )
            row.result.fail(message % {"city": code or name})
        elif city is None:
            row.result.fail(_("The city is missing: give its code or its name."))
        return city

    def kelurahan(self, city: City, kecamatan: str, kelurahan: str, result: RowResult):
        """The kelurahan by its kecamatan's and its own name (any case), or None with the
        row failed. Imports never create places: only Pusat adds kelurahan (in the admin), so
        a misspelt name is not a new kelurahan; the row says which known names are close."""
        kel = (
            Kelurahan.objects.filter(
                kecamatan__city=city, kecamatan__name__iexact=kecamatan, name__iexact=kelurahan
            )
            .order_by("pk")
            .first()
        )
        if kel is None:
            key = (city.pk, normalise(kecamatan), normalise(kelurahan))
            if key not in self.unknown:
                # Past a few hundred different unknown names, no more suggestions are looked
                # for: each is a comparison with every kelurahan of the city.
                places = self.places(city) if len(self.unknown) < MAX_SUGGESTED else []
                self.unknown[key] = unknown_kelurahan(city, kecamatan, kelurahan, places)
            result.fail(self.unknown[key])
        return kel

    def places(self, city: City) -> list[tuple[str, str]]:
        """(kelurahan, kecamatan) names of the city, read once per import (one query)."""
        if city.pk not in self.known_places:
            self.known_places[city.pk] = list(
                Kelurahan.objects.filter(kecamatan__city=city)
                .order_by("name")
                .values_list("name", "kecamatan__name")
            )
        return self.known_places[city.pk]

    def find_ksm(self, code: str, kelurahan: Kelurahan, name: str, result: RowResult):
        if code:
            if not CODE.match(code):
                result.fail(_("%(code)s is not a KSM code.") % {"code": code})
                return None
            ksm = self.changeable.filter(code=code).first()
            if ksm is None and Ksm.objects.filter(code=code).exists():
                result.fail(_("The KSM with code %(code)s is outside your area.") % {"code": code})
                return None
            return ksm or Ksm(code=code)
        return Ksm.objects.filter(kelurahan=kelurahan, name__iexact=name).first() or Ksm()

    def apply_ksm(self, number: int, cells: dict) -> RowResult:
        result = RowResult(number)
        row = Cells(cells, result, KSM_IMPORT_COLUMNS)
        name = row.required_text("name", max_length=150, message=_("The KSM name is missing."))
        result.label = name
        city = self.city(row)
        kec = row.required_text("kecamatan", max_length=100, message=_("The kecamatan is missing."))
        kel = row.required_text("kelurahan", max_length=100, message=_("The kelurahan is missing."))
        code = (row.read("code", sheets.text, max_length=20) or "").upper()
        values = {
            "type": row.read("type", sheets.choice, Ksm.Type.choices),
            "ppmk_stage": row.read(
                "ppmk_stage", sheets.choice, Ksm.PpmkStage.choices, aliases=STAGE_ALIASES
            ),
            "maturity": row.read("maturity", sheets.choice, Ksm.Maturity.choices),
        }
        formed_on = row.read("formed_on", sheets.date)
        registered_on = row.read("registered_on", sheets.date)
        chair = row.read("chair_name", sheets.text, max_length=150)
        phone = row.read("phone", sheets.text, max_length=30)
        position = self.position(row)
        if result.errors:
            return result
        kelurahan = self.kelurahan(city, kec, kel, result)
        if kelurahan is None:
            return result
        ksm = self.find_ksm(code, kelurahan, name, result)
        if ksm is None or self.duplicate(ksm, result):
            return result
        before = snapshot(ksm, KSM_FIELDS) if ksm.pk else None
        ksm.name, ksm.kelurahan, ksm.city = name, kelurahan, city
        for field, value in values.items():
            if value is not None:
                setattr(ksm, field, value)
        if row.has("formed_on"):
            ksm.formed_on = formed_on
        if registered_on and not ksm.pk:
            # Kept from the source, so that a KSM without a formation date stays in the same
            # years' Quick Status files after moving to another installation.
            ksm.created_at = timezone.make_aware(
                datetime.datetime.combine(registered_on, datetime.time(12))
            )
        if row.has("is_bdc_partner"):
            ksm.is_bdc_partner = row.read("is_bdc_partner", sheets.yes_no, default=False)
        if row.has("chair_name"):
            ksm.chair_name = chair
        if row.has("phone"):
            ksm.phone = phone
        if position is not None:
            ksm.latitude, ksm.longitude = position
        if result.errors:
            return result
        names = labels(KSM_IMPORT_COLUMNS, kelurahan_id=_("Kelurahan"))
        if save_row(ksm, result, names, before=before):
            self.touched[(Ksm, ksm.pk)] = number
            self.ksms_in_file.setdefault(normalise(ksm.name), []).append(ksm)
        return result

    def position(self, row: Cells) -> tuple | None:
        """(latitude, longitude) when the file has those columns, read as the KSM form reads
        them ("-5,1134" too): both filled in, or both empty to clear the position. None when
        the file has neither column, so that a Quick Status file leaves positions alone."""
        if not (row.has("latitude") or row.has("longitude")):
            return None
        values = []
        for key, limit in (("latitude", 90), ("longitude", 180)):
            try:
                values.append(CoordinateField(limit=limit).clean(row.raw(key)))
            except ValidationError as error:
                row.result.fail(f"{row.labels[key]}: {' '.join(error.messages)}")
                return None
        if (values[0] is None) != (values[1] is None):
            row.result.fail(_("Give both latitude and longitude, or neither."))
            return None
        return tuple(values)

    def duplicate(self, record, result: RowResult) -> bool:
        earlier = self.touched.get((type(record), record.pk)) if record.pk else None
        if earlier:
            result.fail(_("Duplicate: row %(row)s already has this record.") % {"row": earlier})
        return bool(earlier)

    # Members and products ---------------------------------------------------------------------

    def ksm_of(self, row: Cells) -> Ksm | None:
        """The KSM a member or product row belongs to: by code, else by name."""
        code = (row.read("ksm_code", sheets.text, max_length=20) or "").upper()
        name = row.read("ksm_name", sheets.text, max_length=150) or ""
        if code:
            ksm = self.changeable.filter(code=code).first()
            if ksm is None:
                row.result.fail(_("Unknown KSM code: %(code)s.") % {"code": code})
            return ksm
        if not name:
            row.result.fail(_("The KSM is missing: give its code or its name."))
            return None
        matches = self.ksms_in_file.get(normalise(name)) or list(
            self.changeable.filter(name__iexact=name)[:2]
        )
        if len(matches) > 1:
            row.result.fail(
                _("Several KSMs are named %(name)s: give the KSM code.") % {"name": name}
            )
            return None
        if not matches:
            row.result.fail(_("Unknown KSM: %(name)s.") % {"name": name})
            return None
        return matches[0]

    def apply_member(self, number: int, cells: dict) -> RowResult:
        result = RowResult(number)
        row = Cells(cells, result, MEMBER_COLUMNS)
        ksm = self.ksm_of(row)
        name = row.required_text("name", max_length=150, message=_("The member's name is missing."))
        result.label = f"{name} ({ksm})" if ksm else name
        gender = read_gender(row)
        if result.errors:
            return result
        member = Member.objects.filter(ksm=ksm, name__iexact=name).first() or Member(ksm=ksm)
        if self.duplicate(member, result):
            return result
        before = snapshot(member, MEMBER_FIELDS) if member.pk else None
        member.name, member.gender = name, gender
        if row.has("has_disability"):
            member.has_disability = row.read("has_disability", sheets.yes_no, default=False)
        if row.has("business"):
            member.business = row.read("business", sheets.text, max_length=200)
        if row.has("is_active"):
            member.is_active = row.read("is_active", sheets.yes_no, default=True)
        if not result.errors and save_row(member, result, labels(MEMBER_COLUMNS), before=before):
            self.touched[(Member, member.pk)] = number
        return result

    def apply_product(self, number: int, cells: dict) -> RowResult:
        result = RowResult(number)
        row = Cells(cells, result, PRODUCT_COLUMNS)
        ksm = self.ksm_of(row)
        name = row.required_text("name", max_length=150, message=_("The product name is missing."))
        result.label = f"{name} ({ksm})" if ksm else name
        category = required(row, "category", sheets.choice, Product.Category.choices)
        unit = row.required_text("unit", max_length=30, message=_("The unit is missing."))
        price = required(row, "price", sheets.whole_number, PRICE_LARGEST)
        if result.errors:
            return result
        product = Product.objects.filter(ksm=ksm, name__iexact=name).first() or Product(ksm=ksm)
        if self.duplicate(product, result):
            return result
        before = snapshot(product, PRODUCT_FIELDS) if product.pk else None
        product.name, product.category, product.unit, product.price = name, category, unit, price
        if row.has("is_flagship"):
            product.is_flagship = row.read("is_flagship", sheets.yes_no, default=False)
        if row.has("monthly_capacity"):
            product.monthly_capacity = (
                row.read("monthly_capacity", sheets.whole_number, CAPACITY_LARGEST) or 0
            )
        if row.has("permits"):
            product.permits = row.read("permits", sheets.text, max_length=200)
        if not result.errors and save_row(product, result, labels(PRODUCT_COLUMNS), before=before):
            self.touched[(Product, product.pk)] = number
        return result

    def kinds(self) -> list[SheetKind]:
        return [
            SheetKind(
                "ksm",
                gettext_lazy("KSM"),
                KSM_IMPORT_COLUMNS,
                self.apply_ksm,
                aliases=("Quick Status", "QS"),
                marker="kelurahan",
            ),
            SheetKind(
                "members",
                gettext_lazy("Members"),
                MEMBER_COLUMNS,
                self.apply_member,
                aliases=("Anggota KSM",),
                marker="gender",
            ),
            SheetKind(
                "products",
                gettext_lazy("Products"),
                PRODUCT_COLUMNS,
                self.apply_product,
                aliases=("Produk KSM",),
                marker="price",
            ),
        ]
