-- Approvals: flows attached to forms (a draft and published versions), running
-- instances with their state and event log, the task projection the inbox reads,
-- and in-app notifications. Times are epoch milliseconds (UTC).

CREATE TABLE approval_flows (
    form_id            TEXT PRIMARY KEY REFERENCES forms(id),
    draft              TEXT NOT NULL,
    published_version  INTEGER NOT NULL DEFAULT 0,
    updated_at         INTEGER NOT NULL,
    updated_by         TEXT
);

CREATE TABLE approval_flow_versions (
    form_id       TEXT NOT NULL REFERENCES forms(id),
    version       INTEGER NOT NULL,
    definition    TEXT NOT NULL,
    published_at  INTEGER NOT NULL,
    published_by  TEXT,
    PRIMARY KEY (form_id, version)
);

-- One per submission that has a flow; the id is the submission's.
CREATE TABLE approval_instances (
    id             TEXT PRIMARY KEY REFERENCES form_submissions(id),
    form_id        TEXT NOT NULL REFERENCES forms(id),
    flow_version   INTEGER NOT NULL,
    initiator_id   TEXT NOT NULL REFERENCES employees(id),
    department_id  TEXT NOT NULL,
    status         TEXT NOT NULL,
    state          TEXT NOT NULL,
    version        INTEGER NOT NULL,
    submitted_at   INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    finished_at    INTEGER
);
CREATE INDEX approval_instances_initiator ON approval_instances(initiator_id, submitted_at);
CREATE INDEX approval_instances_status ON approval_instances(status, updated_at);

-- The log: one row per event; (instance, seq) is unique, so two writers can never
-- both append the same step.
CREATE TABLE approval_events (
    instance_id  TEXT NOT NULL REFERENCES approval_instances(id),
    seq          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    actor_id     TEXT,
    event        TEXT NOT NULL,
    at           INTEGER NOT NULL,
    PRIMARY KEY (instance_id, seq)
);

-- Every task of every instance (current and earlier rounds), rewritten with the state.
CREATE TABLE approval_tasks (
    instance_id   TEXT NOT NULL REFERENCES approval_instances(id),
    task_id       TEXT NOT NULL,
    form_id       TEXT NOT NULL,
    flow_version  INTEGER NOT NULL,
    node_id       TEXT NOT NULL,
    kind          TEXT NOT NULL,
    assignee_id   TEXT NOT NULL,
    state         TEXT NOT NULL,
    automatic     INTEGER NOT NULL DEFAULT 0,
    arrived_at    INTEGER,
    acted_at      INTEGER,
    PRIMARY KEY (instance_id, task_id)
);
CREATE INDEX approval_tasks_assignee ON approval_tasks(assignee_id, state, arrived_at);
CREATE INDEX approval_tasks_form_time ON approval_tasks(form_id, acted_at);

CREATE TABLE notifications (
    id           TEXT PRIMARY KEY,
    employee_id  TEXT NOT NULL REFERENCES employees(id),
    kind         TEXT NOT NULL,
    instance_id  TEXT,
    actor_id     TEXT,
    created_at   INTEGER NOT NULL,
    read_at      INTEGER
);
CREATE INDEX notifications_employee ON notifications(employee_id, created_at);
