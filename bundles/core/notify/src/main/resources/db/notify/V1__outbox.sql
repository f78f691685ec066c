-- Notifications on their way to channels: written once per (key, channel), sent from here, never lost.
CREATE TABLE notify_outbox (
    notification_id BIGSERIAL PRIMARY KEY,
    dedup_key       VARCHAR(512) NOT NULL,
    channel         VARCHAR(255) NOT NULL,
    severity        VARCHAR(16) NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    happened_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    attributes      JSONB NOT NULL,
    state           VARCHAR(8) NOT NULL DEFAULT 'pending',   -- pending, sent, failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    last_error      TEXT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    sent_at         TIMESTAMP WITH TIME ZONE,
    UNIQUE (dedup_key, channel)
);
CREATE INDEX notify_due ON notify_outbox (channel, next_attempt_at) WHERE state = 'pending';

-- every attempt: when, which channel, the outcome and the service's status code
CREATE TABLE notify_attempt (
    attempt_id      BIGSERIAL PRIMARY KEY,
    notification_id BIGINT NOT NULL REFERENCES notify_outbox (notification_id) ON DELETE CASCADE,
    channel         VARCHAR(255) NOT NULL,
    at              TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
    outcome         VARCHAR(8) NOT NULL,                      -- sent, retry, failed
    status_code     INTEGER,
    error           TEXT
);
CREATE INDEX notify_attempt_of ON notify_attempt (notification_id, attempt_id);
