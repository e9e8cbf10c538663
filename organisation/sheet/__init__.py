"""The organisation sheet: regions, teams (with their A/B posts) and staff imported from one XLSX or CSV sheet with
Chinese column names — columns (what each holds, reading files, the sample), check (errors by line and the plan),
apply (the one-transaction import service)."""
