"""Documents that leave the app: the PDF module (:mod:`homevisit.reports.pdf`), the visit
record, XLSX exports (:mod:`homevisit.reports.xlsx`) and the dashboard's figures. No Qt."""
