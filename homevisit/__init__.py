"""Homevisit (家访通): offline-first fieldwork app for student-aid home visits."""

__version__ = "0.1.0"
