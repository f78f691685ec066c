-- A holder's UPDATE ... WHERE workset_id = ? AND lock_owner = ? (or state = ?) must go by the primary key. The
-- partial indexes on "lock_owner IS NOT NULL" and on state matched those conditions too, and with statistics
-- taken while few worksets were leased the planner chose them and scanned every lease per update (the benchmark
-- fell to 200 claims/s). The sweep's indexes now name columns those lookups never test.
DROP INDEX workset_state;
DROP INDEX workset_lease;
DROP INDEX workset_retry;
CREATE INDEX workset_lease_expiry ON workset (lock_expires_at) WHERE lock_expires_at IS NOT NULL;
CREATE INDEX workset_retry_due ON workset (retry_after) WHERE retry_after IS NOT NULL;
