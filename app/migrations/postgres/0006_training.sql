-- Training: the question bank (every version of a question kept, so an attempt is
-- always graded against the version it showed), papers, exams and the people they are
-- assigned to, attempts and their answers, and the log of regrades.
-- Times are epoch milliseconds (UTC); booleans are 0/1.

CREATE TABLE training_categories (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);

CREATE TABLE training_questions (
    id           TEXT PRIMARY KEY,
    category_id  TEXT NOT NULL REFERENCES training_categories(id),
    kind         TEXT NOT NULL,
    difficulty   BIGINT NOT NULL,
    tags         TEXT NOT NULL,
    version      BIGINT NOT NULL,
    body         TEXT NOT NULL,
    archived     BIGINT NOT NULL DEFAULT 0,
    updated_at   BIGINT NOT NULL,
    updated_by   TEXT
);
CREATE INDEX training_questions_draw ON training_questions(category_id, kind, difficulty);

CREATE TABLE training_question_versions (
    question_id  TEXT NOT NULL REFERENCES training_questions(id),
    version      BIGINT NOT NULL,
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    created_by   TEXT,
    PRIMARY KEY (question_id, version)
);

CREATE TABLE training_papers (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    parts       TEXT NOT NULL,
    total       DOUBLE PRECISION NOT NULL,
    updated_at  BIGINT NOT NULL,
    updated_by  TEXT
);

CREATE TABLE training_exams (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    paper_id    TEXT NOT NULL REFERENCES training_papers(id),
    settings    TEXT NOT NULL,
    opens_at    BIGINT NOT NULL,
    closes_at   BIGINT NOT NULL,
    total       DOUBLE PRECISION NOT NULL,
    pass_mark   DOUBLE PRECISION NOT NULL,
    retest_of   TEXT REFERENCES training_exams(id),
    created_at  BIGINT NOT NULL,
    created_by  TEXT
);
CREATE INDEX training_exams_window ON training_exams(closes_at);

-- The audience resolved to people when the exam is saved.
CREATE TABLE training_assignees (
    exam_id        TEXT NOT NULL REFERENCES training_exams(id),
    employee_id    TEXT NOT NULL REFERENCES employees(id),
    department_id  TEXT NOT NULL,
    PRIMARY KEY (exam_id, employee_id)
);
CREATE INDEX training_assignees_employee ON training_assignees(employee_id);

CREATE TABLE training_attempts (
    id             TEXT PRIMARY KEY,
    exam_id        TEXT NOT NULL REFERENCES training_exams(id),
    employee_id    TEXT NOT NULL REFERENCES employees(id),
    department_id  TEXT NOT NULL,
    attempt_no     BIGINT NOT NULL,
    status         TEXT NOT NULL,
    items          TEXT NOT NULL,
    started_at     BIGINT NOT NULL,
    deadline_at    BIGINT NOT NULL,
    last_saved_at  BIGINT,
    submitted_at   BIGINT,
    hand_in        TEXT,
    score          DOUBLE PRECISION,
    pending        BIGINT NOT NULL DEFAULT 0,
    passed         BIGINT,
    graded_at      BIGINT,
    UNIQUE (exam_id, employee_id, attempt_no)
);
-- One active attempt per person per exam: a second device resumes the same one.
CREATE UNIQUE INDEX training_attempts_active ON training_attempts(exam_id, employee_id)
    WHERE status = 'in_progress';
CREATE INDEX training_attempts_due ON training_attempts(status, deadline_at);
CREATE INDEX training_attempts_employee ON training_attempts(employee_id, exam_id);

-- One row per slot; a save replaces it only when it is newer (client_at, op).
CREATE TABLE training_answers (
    attempt_id  TEXT NOT NULL REFERENCES training_attempts(id),
    slot        BIGINT NOT NULL,
    response    TEXT,
    client_at   BIGINT NOT NULL,
    op          TEXT NOT NULL,
    saved_at    BIGINT NOT NULL,
    score       DOUBLE PRECISION,
    grader_id   TEXT,
    comment     TEXT,
    graded_at   BIGINT,
    PRIMARY KEY (attempt_id, slot)
);

-- A regrade after a corrected key: which question, from which version to which, and
-- every score it changed.
CREATE TABLE training_regrades (
    id            TEXT PRIMARY KEY,
    question_id   TEXT NOT NULL REFERENCES training_questions(id),
    to_version    BIGINT NOT NULL,
    exam_id       TEXT REFERENCES training_exams(id),
    changed       BIGINT NOT NULL,
    at            BIGINT NOT NULL,
    regraded_by   TEXT
);
CREATE TABLE training_regrade_changes (
    regrade_id  TEXT NOT NULL REFERENCES training_regrades(id),
    attempt_id  TEXT NOT NULL REFERENCES training_attempts(id),
    slot        BIGINT NOT NULL,
    old_score   DOUBLE PRECISION,
    new_score   DOUBLE PRECISION,
    PRIMARY KEY (regrade_id, attempt_id, slot)
);
