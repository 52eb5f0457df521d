"""Counts of people by gender and disability, as the program reports them (seed 001)."""

from django.db.models import Count, Q, QuerySet

from kotaku.lib.choices import Gender

# Who each count counts: (field, value) on a model with `gender` and `has_disability`
# (attendees, members). The total counts everyone.
COUNTED = {
    "men": ("gender", Gender.MALE),
    "women": ("gender", Gender.FEMALE),
    "disabled": ("has_disability", True),
}


def counts(*names: str) -> dict[str, Count]:
    """Aggregate expressions for the counts `names` ("total" and COUNTED's; all when none)."""
    expressions = {"total": Count("id")} | {
        key: Count("id", filter=Q(**{field: value})) for key, (field, value) in COUNTED.items()
    }
    return {name: expressions[name] for name in names or expressions}


def gender_totals(people: QuerySet) -> dict:
    """Total, women, men and people with disabilities among `people`, in one query."""
    return people.aggregate(**counts())
