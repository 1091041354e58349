"""Reports (DESIGN §2): the supervisor's dashboard figures and read-model, and the documents
that leave the app: the PDF module (:mod:`homevisit.reports.pdf`, the visit record, the
help-desk slip) and XLSX exports (:mod:`homevisit.reports.xlsx`); headless."""
