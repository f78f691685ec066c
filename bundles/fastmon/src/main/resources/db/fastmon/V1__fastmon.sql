-- Fast monitoring bookkeeping (ePIC swf-fastmon-agent model). Names follow the seed's tables.
CREATE TABLE runs (
    run_id          BIGSERIAL PRIMARY KEY,
    run_number      BIGINT NOT NULL UNIQUE,
    start_time      TIMESTAMP WITH TIME ZONE NOT NULL,
    end_time        TIMESTAMP WITH TIME ZONE,
    run_conditions  TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE stf_files (
    file_id          VARCHAR(36) PRIMARY KEY,
    run_id           BIGINT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    machine_state    VARCHAR(64) NOT NULL DEFAULT 'physics',
    file_url         VARCHAR(1024) NOT NULL UNIQUE,
    file_size_bytes  BIGINT,
    checksum         VARCHAR(64),
    creation_time    TIMESTAMP WITH TIME ZONE NOT NULL,
    status           VARCHAR(16) NOT NULL,
    metadata         TEXT NOT NULL DEFAULT '{}',
    stf_identifier   VARCHAR(255)
);
CREATE INDEX stf_files_run ON stf_files (run_id);
CREATE INDEX stf_files_status ON stf_files (status);
CREATE INDEX stf_files_identifier ON stf_files (stf_identifier);

-- a TF sample: a contiguous block of time frames of one STF
CREATE TABLE tf_files (
    tf_file_id       VARCHAR(36) PRIMARY KEY,
    stf_file_id      VARCHAR(36) NOT NULL REFERENCES stf_files (file_id) ON DELETE CASCADE,
    run_id           BIGINT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    tf_filename      VARCHAR(1024) NOT NULL,
    file_size_bytes  BIGINT NOT NULL,
    tf_first         INTEGER NOT NULL,
    tf_last          INTEGER NOT NULL,
    tf_count         INTEGER NOT NULL,
    status           VARCHAR(16) NOT NULL,
    creation_time    TIMESTAMP WITH TIME ZONE NOT NULL
);
-- unique per STF, not globally: STF files of the same name in two directories each get their samples
CREATE UNIQUE INDEX tf_files_stf_name ON tf_files (stf_file_id, tf_filename);
CREATE INDEX tf_files_run ON tf_files (run_id);

CREATE TABLE subscribers (
    subscriber_id    BIGSERIAL PRIMARY KEY,
    subscriber_name  VARCHAR(255) NOT NULL UNIQUE,
    fraction         DOUBLE PRECISION NOT NULL CHECK (fraction >= 0 AND fraction <= 1),
    description      TEXT NOT NULL DEFAULT '',
    is_active        BOOLEAN NOT NULL DEFAULT TRUE,
    delivery_type    VARCHAR(16) NOT NULL DEFAULT 'activemq',
    destination      VARCHAR(255) NOT NULL,
    messages_sent    BIGINT NOT NULL DEFAULT 0,
    messages_dropped BIGINT NOT NULL DEFAULT 0,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE message_queue_dispatches (
    dispatch_id      VARCHAR(36) PRIMARY KEY,
    stf_file_id      VARCHAR(36) NOT NULL REFERENCES stf_files (file_id) ON DELETE CASCADE,
    tf_file_id       VARCHAR(36),
    subscriber_id    BIGINT REFERENCES subscribers (subscriber_id) ON DELETE SET NULL,
    destination      VARCHAR(255) NOT NULL,
    dispatch_time    TIMESTAMP WITH TIME ZONE NOT NULL,
    message_content  TEXT NOT NULL,
    is_successful    BOOLEAN,
    error_message    TEXT
);
CREATE INDEX dispatches_stf ON message_queue_dispatches (stf_file_id);
CREATE INDEX dispatches_subscriber ON message_queue_dispatches (subscriber_id);
