-- Job monitoring (monitoring SDK + sidecar): apps, jobs, subjobs and the events that built them.
CREATE TABLE app (
    app_id      VARCHAR(64) PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    version     VARCHAR(64) NOT NULL DEFAULT '',
    inserted_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
CREATE INDEX app_name ON app (name);

-- one row per job (entity id), however many events it sends
CREATE TABLE job (
    job_id       VARCHAR(64) PRIMARY KEY,
    app_id       VARCHAR(64) NOT NULL REFERENCES app (app_id),
    site_id      VARCHAR(255) NOT NULL,
    job_key      VARCHAR(255),
    status       VARCHAR(16) NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE,
    ended_at     TIMESTAMP WITH TIME ZONE,
    duration_s   DOUBLE PRECISION,
    cpu_user_s   DOUBLE PRECISION,
    cpu_system_s DOUBLE PRECISION,
    mem_max_mb   DOUBLE PRECISION,
    progress     DOUBLE PRECISION,
    metadata     TEXT NOT NULL DEFAULT '{}',
    inserted_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
CREATE INDEX job_started ON job (started_at);
CREATE INDEX job_status ON job (status);

CREATE TABLE subjob (
    subjob_id    VARCHAR(64) PRIMARY KEY,
    job_id       VARCHAR(64),
    app_id       VARCHAR(64) NOT NULL REFERENCES app (app_id),
    site_id      VARCHAR(255) NOT NULL,
    sub_key      VARCHAR(255),
    status       VARCHAR(16) NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE,
    ended_at     TIMESTAMP WITH TIME ZONE,
    duration_s   DOUBLE PRECISION,
    cpu_user_s   DOUBLE PRECISION,
    cpu_system_s DOUBLE PRECISION,
    mem_max_mb   DOUBLE PRECISION,
    progress     DOUBLE PRECISION,
    metadata     TEXT NOT NULL DEFAULT '{}',
    inserted_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
CREATE INDEX subjob_job ON subjob (job_id);
CREATE INDEX subjob_started ON subjob (started_at);

CREATE TABLE event (
    event_id        BIGSERIAL PRIMARY KEY,
    idempotency_key VARCHAR(255) NOT NULL UNIQUE,
    at              TIMESTAMP WITH TIME ZONE NOT NULL,
    entity_type     VARCHAR(16) NOT NULL,
    entity_id       VARCHAR(64) NOT NULL,
    app_id          VARCHAR(64) NOT NULL,
    site_id         VARCHAR(255) NOT NULL,
    kind            VARCHAR(16) NOT NULL,
    status          VARCHAR(16),
    payload         TEXT NOT NULL,
    inserted_at     TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
CREATE INDEX event_entity ON event (entity_id);
CREATE INDEX event_at ON event (at);
