-- Forms: definitions with published versions, people's drafts, submissions, uploads.
-- Definitions and values are JSON text; times are epoch milliseconds (UTC).

CREATE TABLE forms (
    id              TEXT PRIMARY KEY,
    name_zh         TEXT NOT NULL,
    name_en         TEXT NOT NULL DEFAULT '',
    description_zh  TEXT NOT NULL DEFAULT '',
    description_en  TEXT NOT NULL DEFAULT '',
    category        TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    draft           TEXT NOT NULL,
    latest_version  BIGINT NOT NULL DEFAULT 0,
    template_key    TEXT,
    created_by      TEXT REFERENCES employees(id),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX forms_template ON forms(template_key);

CREATE TABLE form_versions (
    form_id       TEXT NOT NULL REFERENCES forms(id),
    version       BIGINT NOT NULL,
    definition    TEXT NOT NULL,
    published_by  TEXT REFERENCES employees(id),
    published_at  BIGINT NOT NULL,
    PRIMARY KEY (form_id, version)
);

CREATE TABLE form_drafts (
    form_id       TEXT NOT NULL REFERENCES forms(id),
    employee_id   TEXT NOT NULL REFERENCES employees(id),
    version       BIGINT NOT NULL,
    field_values  TEXT NOT NULL,
    revision      BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (form_id, employee_id)
);

CREATE TABLE form_submissions (
    id               TEXT PRIMARY KEY,
    serial           TEXT NOT NULL UNIQUE,
    form_id          TEXT NOT NULL REFERENCES forms(id),
    version          BIGINT NOT NULL,
    submitter_id     TEXT NOT NULL REFERENCES employees(id),
    department_id    TEXT NOT NULL REFERENCES departments(id),
    status           TEXT NOT NULL,
    field_values     TEXT NOT NULL,
    idempotency_key  TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    UNIQUE (submitter_id, idempotency_key)
);
CREATE INDEX form_submissions_form_time ON form_submissions(form_id, created_at);
CREATE INDEX form_submissions_submitter_time ON form_submissions(submitter_id, created_at);

-- Per-scope counters (e.g. submission serials per day), incremented inside the write.
CREATE TABLE serial_counters (
    scope       TEXT PRIMARY KEY,
    last_value  BIGINT NOT NULL
);

-- Uploaded files live in the database, so every server instance can serve them.
CREATE TABLE uploads (
    id            TEXT PRIMARY KEY,
    owner_id      TEXT NOT NULL REFERENCES employees(id),
    name          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    content       BYTEA NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX uploads_owner ON uploads(owner_id);
