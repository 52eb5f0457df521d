"""Counts of people by gender and disability, as the program reports them (seed 001)."""

from django.db.models import Count, Q, QuerySet

from kotaku.lib.choices import Gender


def gender_totals(people: QuerySet) -> dict:
    """Total, women, men and people with disabilities among `people`, in one query.

    `people` is a queryset of a model with `gender` and `has_disability` (attendees, members).
    """
    return people.aggregate(
        total=Count("id"),
        women=Count("id", filter=Q(gender=Gender.FEMALE)),
        men=Count("id", filter=Q(gender=Gender.MALE)),
        disabled=Count("id", filter=Q(has_disability=True)),
    )
