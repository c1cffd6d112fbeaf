"""Shift reports for supervisors: calendar windows, PDF (reportlab) and CSV."""
