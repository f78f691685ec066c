package org.daqhub.notify.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.mail.AuthenticationFailedException;
import javax.mail.SendFailedException;
import javax.mail.internet.InternetAddress;

import org.daqhub.api.notify.DeliveryException;
import org.junit.jupiter.api.Test;

import com.sun.mail.smtp.SMTPAddressFailedException;

/** How SMTP's answers, as javax.mail reports them, decide between a retry and a final failure. */
class SmtpRepliesTest {
    /** As javax.mail reports refused recipients: one SendFailedException, each refusal chained behind it. */
    static SendFailedException refused(int... codes) throws Exception {
        SendFailedException top = new SendFailedException("Invalid Addresses");
        for (int i = 0; i < codes.length; i++) {
            top.setNextException(new SMTPAddressFailedException(new InternetAddress("r" + i + "@facility.example"), "RCPT TO",
                    codes[i], codes[i] + " mailbox says no")); // appended at the end of the chain
        }
        return top;
    }

    @Test
    void aLoginRefusedForNowIsRetriedAndForGoodIsFinal() {
        DeliveryException temporary = EmailChannel.classify(new AuthenticationFailedException("454 4.7.0 Temporary authentication failure"));
        assertFalse(temporary.permanent());
        assertEquals(454, temporary.status());
        DeliveryException bad = EmailChannel.classify(new AuthenticationFailedException("535 5.7.8 Authentication credentials invalid"));
        assertTrue(bad.permanent());
        assertEquals(535, bad.status());
        assertTrue(EmailChannel.classify(new AuthenticationFailedException("no code")).permanent());
    }

    @Test
    void aRefusedRecipientIsFinalButATemporaryOneAnywhereMakesARetry() throws Exception {
        assertTrue(EmailChannel.classify(refused(550)).permanent());
        assertEquals(550, EmailChannel.classify(refused(550)).status());
        DeliveryException full = EmailChannel.classify(refused(552));
        assertFalse(full.permanent(), "552 at RCPT counts as 452");
        assertEquals(452, full.status());
        DeliveryException mixed = EmailChannel.classify(refused(550, 451));
        assertFalse(mixed.permanent(), "one recipient greylisted: the whole message is retried");
    }

    @Test
    void noAnswerIsRetried() {
        DeliveryException e = EmailChannel.classify(new javax.mail.MessagingException("Could not connect to SMTP host",
                new java.net.ConnectException("Connection refused")));
        assertFalse(e.permanent());
        assertEquals(0, e.status());
    }
}
