-- Wake waiting claimers also when a lease ends (a slot under max.active frees up) and on any change of a
-- ready workset (a claim may have skipped it while another transaction held its row): still one NOTIFY per
-- transaction, since PostgreSQL folds equal notifications.
DROP TRIGGER workset_ready ON workset;
CREATE TRIGGER workset_ready_inserted AFTER INSERT ON workset
    FOR EACH ROW WHEN (NEW.state = 'ready') EXECUTE FUNCTION workset_ready_notify();
CREATE TRIGGER workset_ready_or_freed AFTER UPDATE ON workset
    FOR EACH ROW WHEN (NEW.state = 'ready' OR (OLD.state IN ('locked', 'in_progress')
        AND NEW.state NOT IN ('locked', 'in_progress'))) EXECUTE FUNCTION workset_ready_notify();
