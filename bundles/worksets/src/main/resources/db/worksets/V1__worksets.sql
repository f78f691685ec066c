-- Worksets (the Daylily workset monitor): units of work a fleet of workers claims, one holder at a time.
-- Every lease time is the database's now(), never a node's clock.
CREATE TABLE workset (
    workset_id        VARCHAR(255) PRIMARY KEY,
    state             VARCHAR(16) NOT NULL,
    priority          VARCHAR(8) NOT NULL,
    priority_rank     SMALLINT NOT NULL,           -- 0 urgent, 1 normal, 2 low: the queue's first key
    bucket            VARCHAR(1024),
    prefix            VARCHAR(4096),
    metadata          JSONB NOT NULL DEFAULT '{}',
    estimated_cost    DOUBLE PRECISION,            -- metadata.estimated_cost_usd, else metadata.estimated_cost
    lock_owner        VARCHAR(255),
    lock_acquired_at  TIMESTAMP WITH TIME ZONE,
    lock_expires_at   TIMESTAMP WITH TIME ZONE,
    fencing_token     BIGINT NOT NULL DEFAULT 0,   -- grows with every acquisition; a holder's writes carry it
    error_details     TEXT,
    error_category    VARCHAR(16),
    failed_step       VARCHAR(255),
    retry_count       INTEGER NOT NULL DEFAULT 0,
    max_retries       INTEGER NOT NULL,
    retry_after       TIMESTAMP WITH TIME ZONE,
    preferred_cluster VARCHAR(255),
    cluster_name      VARCHAR(255),
    metrics           JSONB NOT NULL DEFAULT '{}',
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
-- the queue's order: urgent > normal > low, then cheapest (unknown cost last), then oldest
CREATE INDEX workset_queue ON workset (priority_rank, estimated_cost NULLS LAST, created_at) WHERE state = 'ready';
CREATE INDEX workset_state ON workset (state);
CREATE INDEX workset_lease ON workset (lock_expires_at) WHERE lock_owner IS NOT NULL;
CREATE INDEX workset_retry ON workset (retry_after) WHERE state = 'retrying';

-- append-only: every state a workset went through, in order, with why and who
CREATE TABLE workset_history (
    history_id    BIGSERIAL PRIMARY KEY,
    workset_id    VARCHAR(255) NOT NULL REFERENCES workset (workset_id) ON DELETE CASCADE,
    state         VARCHAR(16) NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    actor         VARCHAR(255) NOT NULL,
    fencing_token BIGINT NOT NULL,
    at            TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX workset_history_of ON workset_history (workset_id, history_id);
