"""Quoting what people typed back to them in error messages."""

SHOWN_LENGTH = 40


def shown(value) -> str:
    """`value` as an error message quotes it: cut short, since a spreadsheet cell can hold
    32,767 characters and a workbook can repeat one such text in every cell at no cost."""
    text = str(value)
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"
