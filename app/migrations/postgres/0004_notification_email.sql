-- Email for notifications: when each was mailed (claimed before sending, so several
-- servers never send one twice).
ALTER TABLE notifications ADD COLUMN emailed_at BIGINT;
CREATE INDEX notifications_unsent ON notifications(emailed_at, created_at);
