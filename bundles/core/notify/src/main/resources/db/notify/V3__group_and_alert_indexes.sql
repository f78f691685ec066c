-- a group's last send (queue() looks it up for every row it queues), and what the repeats look at
CREATE INDEX notify_group_sent ON notify_outbox (channel, group_key, sent_at) WHERE state = 'sent';
CREATE INDEX notify_alert_firing ON notify_outbox (channel, notification_id)
    WHERE alert_id IS NOT NULL AND attributes->>'status' = 'firing';
CREATE INDEX notify_alert_any ON notify_outbox (alert_id, happened_at) WHERE alert_id IS NOT NULL;
-- retention deletes what is done and old
CREATE INDEX notify_done ON notify_outbox (channel, created_at) WHERE state <> 'pending';
