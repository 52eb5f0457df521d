"""The API's visits and RKTL: lists with the pages' filters, details, and RKTL progress."""
