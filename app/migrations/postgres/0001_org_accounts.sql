-- Organisation, accounts, sessions, sign-in throttling, activity events, API tokens, audit log.
-- Times are epoch milliseconds (UTC); ids are text UUID v7.

CREATE TABLE departments (
    id          TEXT PRIMARY KEY,
    parent_id   TEXT REFERENCES departments(id),
    name        TEXT NOT NULL,
    sort_order  BIGINT NOT NULL DEFAULT 0,
    head_id     TEXT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX departments_parent ON departments(parent_id);
CREATE UNIQUE INDEX departments_sibling_name ON departments(COALESCE(parent_id, ''), name);

CREATE TABLE employees (
    id                 TEXT PRIMARY KEY,
    employee_no        TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL,
    phone              TEXT UNIQUE,
    email              TEXT UNIQUE,
    department_id      TEXT NOT NULL REFERENCES departments(id),
    position           TEXT NOT NULL DEFAULT '',
    supervisor_id      TEXT REFERENCES employees(id),
    status             TEXT NOT NULL CHECK (status IN ('invited', 'active', 'disabled')),
    password_hash      TEXT,
    hired_on           TEXT,
    invite_code_hash   TEXT UNIQUE,
    invite_expires_at  BIGINT,
    activated_at       BIGINT,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
CREATE INDEX employees_department ON employees(department_id);
CREATE INDEX employees_supervisor ON employees(supervisor_id);

CREATE TABLE employee_roles (
    employee_id  TEXT NOT NULL REFERENCES employees(id),
    role         TEXT NOT NULL,
    PRIMARY KEY (employee_id, role)
);

CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    employee_id   TEXT NOT NULL REFERENCES employees(id),
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL
);
CREATE INDEX sessions_employee ON sessions(employee_id);

CREATE TABLE sign_in_failures (
    account_key      TEXT PRIMARY KEY,
    failures         BIGINT NOT NULL,
    last_failure_at  BIGINT NOT NULL,
    locked_until     BIGINT NOT NULL
);

CREATE TABLE activity_events (
    id             BIGSERIAL PRIMARY KEY,
    employee_id    TEXT NOT NULL,
    department_id  TEXT NOT NULL,
    module         TEXT NOT NULL,
    action         TEXT NOT NULL,
    occurred_at    BIGINT NOT NULL
);
CREATE INDEX activity_events_time ON activity_events(occurred_at);
CREATE INDEX activity_events_employee_time ON activity_events(employee_id, occurred_at);

CREATE TABLE api_tokens (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    employee_id   TEXT NOT NULL REFERENCES employees(id),
    created_by    TEXT NOT NULL REFERENCES employees(id),
    created_at    BIGINT NOT NULL,
    last_used_at  BIGINT,
    revoked_at    BIGINT
);

CREATE TABLE audit_log (
    id           BIGSERIAL PRIMARY KEY,
    actor_id     TEXT,
    action       TEXT NOT NULL,
    target       TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    occurred_at  BIGINT NOT NULL
);
CREATE INDEX audit_log_time ON audit_log(occurred_at);
