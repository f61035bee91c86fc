-- When a pending task next needs the clock (a reminder or its time-out), so the clock
-- reads only the requests that are due instead of every pending one.
ALTER TABLE approval_tasks ADD COLUMN due_at BIGINT;
CREATE INDEX approval_tasks_due ON approval_tasks(state, due_at);
