-- Routing: which route queued a row, the group it joins (rows of one group are sent together), and how often a
-- still-firing alert is repeated; alert_id ties the firing and resolved rows of one platform alert together.
ALTER TABLE notify_outbox ADD COLUMN route VARCHAR(255) NOT NULL DEFAULT 'root';
ALTER TABLE notify_outbox ADD COLUMN group_key VARCHAR(1024);
UPDATE notify_outbox SET group_key = route || '|' || dedup_key;
ALTER TABLE notify_outbox ALTER COLUMN group_key SET NOT NULL;
ALTER TABLE notify_outbox ADD COLUMN repeat_s DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE notify_outbox ADD COLUMN alert_id VARCHAR(512);
ALTER TABLE notify_outbox ADD COLUMN silence_id BIGINT;
CREATE INDEX notify_group ON notify_outbox (channel, group_key, state);
CREATE INDEX notify_alert ON notify_outbox (channel, alert_id, notification_id) WHERE alert_id IS NOT NULL;

-- Silences: what matches them between starts_at and ends_at is recorded as silenced, not sent.
CREATE TABLE notify_silence (
    silence_id  BIGSERIAL PRIMARY KEY,
    matchers    JSONB NOT NULL,
    starts_at   TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    ends_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(255) NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
CREATE INDEX notify_silence_active ON notify_silence (ends_at);
