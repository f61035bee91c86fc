-- Training: the question bank (every version of a question kept, so an attempt is
-- always graded against the version it showed), papers, exams and the people they are
-- assigned to, attempts and their answers, and the log of regrades.
-- Times are epoch milliseconds (UTC); booleans are 0/1.

CREATE TABLE training_categories (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

CREATE TABLE training_questions (
    id           TEXT PRIMARY KEY,
    category_id  TEXT NOT NULL REFERENCES training_categories(id),
    kind         TEXT NOT NULL,
    difficulty   INTEGER NOT NULL,
    tags         TEXT NOT NULL,
    version      INTEGER NOT NULL,
    body         TEXT NOT NULL,
    archived     INTEGER NOT NULL DEFAULT 0,
    updated_at   INTEGER NOT NULL,
    updated_by   TEXT
);
CREATE INDEX training_questions_draw ON training_questions(category_id, kind, difficulty);

CREATE TABLE training_question_versions (
    question_id  TEXT NOT NULL REFERENCES training_questions(id),
    version      INTEGER NOT NULL,
    body         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    created_by   TEXT,
    PRIMARY KEY (question_id, version)
);

CREATE TABLE training_papers (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    parts       TEXT NOT NULL,
    total       REAL NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT
);

CREATE TABLE training_exams (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    paper_id    TEXT NOT NULL REFERENCES training_papers(id),
    settings    TEXT NOT NULL,
    opens_at    INTEGER NOT NULL,
    closes_at   INTEGER NOT NULL,
    total       REAL NOT NULL,
    pass_mark   REAL NOT NULL,
    retest_of   TEXT REFERENCES training_exams(id),
    created_at  INTEGER NOT NULL,
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
    attempt_no     INTEGER NOT NULL,
    status         TEXT NOT NULL,
    items          TEXT NOT NULL,
    started_at     INTEGER NOT NULL,
    deadline_at    INTEGER NOT NULL,
    last_saved_at  INTEGER,
    submitted_at   INTEGER,
    hand_in        TEXT,
    score          REAL,
    pending        INTEGER NOT NULL DEFAULT 0,
    passed         INTEGER,
    graded_at      INTEGER,
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
    slot        INTEGER NOT NULL,
    response    TEXT,
    client_at   INTEGER NOT NULL,
    op          TEXT NOT NULL,
    saved_at    INTEGER NOT NULL,
    score       REAL,
    grader_id   TEXT,
    comment     TEXT,
    graded_at   INTEGER,
    PRIMARY KEY (attempt_id, slot)
);

-- A regrade after a corrected key: which question, from which version to which, and
-- every score it changed.
CREATE TABLE training_regrades (
    id            TEXT PRIMARY KEY,
    question_id   TEXT NOT NULL REFERENCES training_questions(id),
    to_version    INTEGER NOT NULL,
    exam_id       TEXT REFERENCES training_exams(id),
    changed       INTEGER NOT NULL,
    at            INTEGER NOT NULL,
    regraded_by   TEXT
);
CREATE TABLE training_regrade_changes (
    regrade_id  TEXT NOT NULL REFERENCES training_regrades(id),
    attempt_id  TEXT NOT NULL REFERENCES training_attempts(id),
    slot        INTEGER NOT NULL,
    old_score   REAL,
    new_score   REAL,
    PRIMARY KEY (regrade_id, attempt_id, slot)
);
