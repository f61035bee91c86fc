-- What the workbench shows waiting for a person: their unsent drafts, latest first.
CREATE INDEX form_drafts_employee ON form_drafts(employee_id, updated_at);

-- Whether a task can be approved from the to-do list (an approver's task whose step
-- edits no field), written with the rest of the task projection so the list need not
-- decode each request's state. NULL on rows written before this column: the list
-- decodes those.
ALTER TABLE approval_tasks ADD COLUMN quick INTEGER;
