-- Monitoring events on their way to integrations: one row per committed ingestion batch and integration, written
-- in the batch's own transaction, deleted once the integration took it.
CREATE TABLE export_outbox (
    batch_id        BIGSERIAL PRIMARY KEY,
    integration     VARCHAR(255) NOT NULL,
    events          TEXT NOT NULL,              -- JSON array of MonitoringEvent.toMap(); text: never queried inside, cheaper to write
    event_count     INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    last_error      TEXT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
CREATE INDEX export_next ON export_outbox (integration, batch_id);
