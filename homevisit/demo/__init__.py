"""The demo county: the embedded reference server on loopback, enrolled demo profiles, the
``homevisit demo`` runner and the screenshot run.

The only package that joins the client (``homevisit.gui``) and the server
(``homevisit.server``); it reaches Qt only through ``homevisit.gui`` (import-linter).
"""
