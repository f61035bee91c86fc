-- Indexes for the reads made on every page view.

-- The to-do count (requests waiting for a person) reads the index alone, in
-- request order, so COUNT(DISTINCT instance_id) needs no temporary table.
CREATE INDEX approval_tasks_pending ON approval_tasks(assignee_id, state, instance_id);

-- Whether someone heads a department (the session lookup asks on every page).
CREATE INDEX departments_head ON departments(head_id);
