-- The clusters worksets run on (from etc/org.daqhub.worksets.cluster-<name>.cfg, utilisation as reported) and
-- every scheduling decision with the scores that made it.
CREATE TABLE workset_cluster (
    cluster_name            VARCHAR(255) PRIMARY KEY,
    availability_zone       VARCHAR(64) NOT NULL DEFAULT '',
    max_vcpus               INTEGER NOT NULL,
    max_memory_gb           DOUBLE PRECISION NOT NULL DEFAULT 0,
    max_concurrent_worksets INTEGER NOT NULL,
    cost_per_vcpu_hour      DOUBLE PRECISION NOT NULL,
    vcpus_used              INTEGER NOT NULL DEFAULT 0,
    memory_gb_used          DOUBLE PRECISION NOT NULL DEFAULT 0,
    configured              BOOLEAN NOT NULL DEFAULT true,
    updated_at              TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);

CREATE TABLE workset_schedule (
    decision_id         BIGSERIAL PRIMARY KEY,
    workset_id          VARCHAR(255) NOT NULL REFERENCES workset (workset_id) ON DELETE CASCADE,
    cluster_name        VARCHAR(255),
    should_create_cluster BOOLEAN NOT NULL,
    start_delay_minutes INTEGER NOT NULL,
    reason              TEXT NOT NULL,
    scores              JSONB NOT NULL,
    actor               VARCHAR(255) NOT NULL,
    at                  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
CREATE INDEX workset_schedule_of ON workset_schedule (workset_id, decision_id);
