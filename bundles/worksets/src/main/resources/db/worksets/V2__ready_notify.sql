-- A workset that becomes ready (registered, released, expired, retry due) wakes idle claimers on every node:
-- one NOTIFY per transaction (PostgreSQL folds equal notifications), so a bulk insert is one wake-up.
CREATE FUNCTION workset_ready_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('daqhub_worksets_ready', '');
    RETURN NULL;
END $$;

CREATE TRIGGER workset_ready AFTER INSERT OR UPDATE OF state ON workset
    FOR EACH ROW WHEN (NEW.state = 'ready') EXECUTE FUNCTION workset_ready_notify();
