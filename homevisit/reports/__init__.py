"""Reports (DESIGN §2): the supervisor's dashboard figures and read-model, XLSX and PDF
documents; headless where possible."""
