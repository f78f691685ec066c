-- Wake waiting claimers on any change of a ready workset too (a claim may have skipped it while another
-- transaction held its row), still one NOTIFY per transaction. A slot freed under max.active does not NOTIFY
-- (that would cost every completion a notification); claimers held back by the cap look again every second.
DROP TRIGGER workset_ready ON workset;
CREATE TRIGGER workset_ready_inserted AFTER INSERT ON workset
    FOR EACH ROW WHEN (NEW.state = 'ready') EXECUTE FUNCTION workset_ready_notify();
CREATE TRIGGER workset_ready_changed AFTER UPDATE ON workset
    FOR EACH ROW WHEN (NEW.state = 'ready') EXECUTE FUNCTION workset_ready_notify();
