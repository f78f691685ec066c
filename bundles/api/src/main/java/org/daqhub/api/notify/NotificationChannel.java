package org.daqhub.api.notify;

/**
 * A notification channel (e-mail, chat, pager...). Alert rules in the platform decide what reaches it;
 * retries with backoff and the audit of every send are the platform's job. Throwing means "not sent".
 */
public interface NotificationChannel {
    void send(Notification notification) throws Exception;
}
