"""Admin for the monitoring app: importing the modules registers their pages."""

from monitoring.admin import checklists, rktl, targets, visits

__all__ = ["checklists", "rktl", "targets", "visits"]
