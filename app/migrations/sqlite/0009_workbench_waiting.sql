-- What the workbench shows waiting for a person: their unsent drafts, latest first.
CREATE INDEX form_drafts_employee ON form_drafts(employee_id, updated_at);
