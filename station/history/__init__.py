"""Inspection history: every part recorded, flagged parts reviewed, every decision audited."""
