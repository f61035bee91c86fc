-- Adoption: per-person rollups of the activity events, points (rules, ledger,
-- balances), the reward catalogue and redemptions, the rollout campaign, the
-- scoring weights and the monthly best department.
-- Days are numbered in China time (UTC+8) from 1970-01-01 = 0.

-- What an event is about (an exam, a request…), so an act is recognised once.
ALTER TABLE activity_events ADD COLUMN subject TEXT;

-- How far the rollups and points have read the events; one row.
CREATE TABLE adoption_cursor (
    id             INTEGER PRIMARY KEY,
    last_event_id  INTEGER NOT NULL,
    -- When the reader first met a hole in the ids just past the cursor; NULL if none.
    gap_seen_at    INTEGER,
    updated_at     INTEGER NOT NULL
);
INSERT INTO adoption_cursor (id, last_event_id, updated_at) VALUES (1, 0, 0);

-- One row per person per day, week (from Monday) and month with any activity;
-- `features` is the set of core features used (bits, see analytics::rules).
CREATE TABLE adoption_activity (
    period        TEXT NOT NULL CHECK (period IN ('d', 'w', 'm')),
    period_start  INTEGER NOT NULL,
    employee_id   TEXT NOT NULL,
    features      INTEGER NOT NULL,
    -- Days with activity (on week and month rows; 1 on day rows).
    days          INTEGER NOT NULL,
    -- Points earned in the period.
    points        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (period, period_start, employee_id)
);
CREATE INDEX adoption_activity_employee ON adoption_activity(employee_id, period, period_start);

-- Scoring weights and other settings of the board; one row of JSON.
CREATE TABLE adoption_settings (
    id          INTEGER PRIMARY KEY,
    settings    TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT
);

-- The rollout campaign: phases, pilot departments and targets as JSON.
CREATE TABLE adoption_campaigns (
    id          TEXT PRIMARY KEY,
    plan        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- The best department of each finished month and the figures it won with.
CREATE TABLE adoption_monthly_best (
    month_start    INTEGER PRIMARY KEY,
    department_id  TEXT NOT NULL,
    score          REAL NOT NULL,
    figures        TEXT NOT NULL,
    decided_at     INTEGER NOT NULL
);

CREATE TABLE points_rules (
    code         TEXT PRIMARY KEY,
    points       INTEGER NOT NULL CHECK (points >= 0),
    limit_per    TEXT NOT NULL CHECK (limit_per IN ('day', 'ever')),
    limit_count  INTEGER NOT NULL CHECK (limit_count >= 1),
    enabled      INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

-- A person's balance is the sum of their ledger; kept here too so a spend is one
-- conditional update that can never take it below zero.
CREATE TABLE points_accounts (
    employee_id  TEXT PRIMARY KEY REFERENCES employees(id),
    balance      INTEGER NOT NULL CHECK (balance >= 0),
    earned       INTEGER NOT NULL
);

-- Every award and spend; (employee, entry_key) is unique, so an act is awarded once.
CREATE TABLE points_ledger (
    id             TEXT PRIMARY KEY,
    employee_id    TEXT NOT NULL REFERENCES employees(id),
    entry_key      TEXT NOT NULL,
    rule_code      TEXT,
    redemption_id  TEXT,
    points         INTEGER NOT NULL,
    day            INTEGER NOT NULL,
    occurred_at    INTEGER NOT NULL,
    UNIQUE (employee_id, entry_key)
);
CREATE INDEX points_ledger_rule_day ON points_ledger(employee_id, rule_code, day);
CREATE INDEX points_ledger_day ON points_ledger(day);

CREATE TABLE rewards (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL,
    cost         INTEGER NOT NULL CHECK (cost > 0),
    stock        INTEGER NOT NULL CHECK (stock >= 0),
    active       INTEGER NOT NULL,
    sort_order   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE redemptions (
    id            TEXT PRIMARY KEY,
    reward_id     TEXT NOT NULL REFERENCES rewards(id),
    employee_id   TEXT NOT NULL REFERENCES employees(id),
    cost          INTEGER NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'fulfilled', 'rejected')),
    requested_at  INTEGER NOT NULL,
    decided_at    INTEGER,
    decided_by    TEXT,
    note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX redemptions_status ON redemptions(status, requested_at);
CREATE INDEX redemptions_employee ON redemptions(employee_id, requested_at);
CREATE INDEX approval_instances_finished ON approval_instances(finished_at);
