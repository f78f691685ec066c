package org.daqhub.notify.email;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import javax.mail.Address;
import javax.mail.AuthenticationFailedException;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.config.Settings;
import org.daqhub.api.config.UnknownKeys;
import org.daqhub.api.notify.ChannelRegistry;
import org.daqhub.api.notify.DeliveryException;
import org.daqhub.api.notify.Notification;
import org.daqhub.api.notify.NotificationChannel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.LoggerFactory;

import com.sun.mail.smtp.SMTPAddressFailedException;
import com.sun.mail.smtp.SMTPSendFailedException;
import com.sun.mail.smtp.SMTPSenderFailedException;

/**
 * etc/org.daqhub.notify.email-<name>.cfg: each notification as one plain-text e-mail. The Message-ID is derived from
 * the notification's key, so a mail system can drop the repeat of a send daqhub could not confirm. The SMTP
 * server's answer decides the retry: 5xx (unknown mailbox, bad login) is final, 4xx and no connection are retried.
 * All recipients or none: a refused address fails the message before any copy is sent, so a retry duplicates nothing.
 */
@Component(name = "org.daqhub.notify.email", configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = EmailChannelConfig.class, factory = true)
public class EmailChannel implements NotificationChannel {
    private final Config config;
    private final Session session;

    record Config(String host, int port, String security, String username, String password, InternetAddress from,
            InternetAddress[] to, String subjectPrefix, int timeoutSeconds) {
        @Override
        public String toString() {
            return "Config[" + host + ":" + port + ", security=" + security + ", username=" + username + ", password=(secret)]";
        }
    }

    private ChannelRegistry.Attachment attachment;

    /** As DS starts it: attached to the delivery, not registered as a service (whose properties anyone can list). */
    @Activate
    public EmailChannel(@Reference ChannelRegistry registry, Map<String, Object> props) {
        this(props);
        attachment = registry.attach(this, props);
    }

    @Deactivate
    void deactivate() {
        attachment.close();
    }

    /** Without a container (tests, tools). */
    public EmailChannel(Map<String, Object> props) {
        for (String problem : UnknownKeys.of(props, UnknownKeys.declared(EmailChannelConfig.class))) {
            LoggerFactory.getLogger(EmailChannel.class).warn("notification channel {}: {}", Settings.instanceName(props), problem);
        }
        config = read(props);
        ClassLoader previous = withMailClassLoader();
        try {
            session = Session.getInstance(properties(config)); // a session of its own: getDefaultInstance is JVM-global
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /**
     * javax.mail finds its providers (javamail.default.providers) and the text/plain handler (mailcap) through the
     * context class loader: point it at the bundle that holds them, whichever bundle exports the javax.mail API.
     */
    private static ClassLoader withMailClassLoader() {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(com.sun.mail.smtp.SMTPTransport.class.getClassLoader());
        return previous;
    }

    static Config read(Map<String, ?> props) {
        Settings s = Settings.of(props);
        String host = s.string("smtp.host", "127.0.0.1");
        int port = s.intValue("smtp.port", 25, 1);
        String security = s.string("security", "starttls").toLowerCase(Locale.ROOT);
        if (!List.of("starttls", "ssl", "none").contains(security)) {
            throw new InvalidConfigException(s.instance(), "security", security, "is not one of starttls, ssl, none");
        }
        String user = s.string("username", "");
        String password = s.string("password", "");
        if (!user.isEmpty() && security.equals("none") && !loopback(host)) {
            throw new InvalidConfigException(s.instance(), "security", security,
                    "would send the password in plain text to " + host + "; use starttls or ssl");
        }
        InternetAddress from = address(s, "from", s.string("from", ""));
        String toList = s.string("to", "");
        if (toList.isBlank()) {
            throw new InvalidConfigException(s.instance(), "to", toList, "names no recipient");
        }
        InternetAddress[] to;
        try {
            to = InternetAddress.parse(toList, true);
        } catch (AddressException e) {
            throw new InvalidConfigException(s.instance(), "to", toList, "is not a list of addresses: " + e.getMessage());
        }
        return new Config(host, port, security, user.isEmpty() ? null : user, password, from, to,
                s.string("subject.prefix", "[daqhub]"), s.intValue("timeout.s", 10, 1));
    }

    private static InternetAddress address(Settings s, String key, String value) {
        try {
            return new InternetAddress(value, true);
        } catch (AddressException e) {
            throw new InvalidConfigException(s.instance(), key, value, "is not an e-mail address");
        }
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Properties properties(Config c) {
        Properties p = new Properties();
        String proto = c.security().equals("ssl") ? "smtps" : "smtp";
        p.put("mail.transport.protocol", proto);
        p.put("mail." + proto + ".host", c.host());
        p.put("mail." + proto + ".port", String.valueOf(c.port()));
        String ms = String.valueOf(c.timeoutSeconds() * 1000L);
        p.put("mail." + proto + ".connectiontimeout", ms);
        p.put("mail." + proto + ".timeout", ms);
        p.put("mail." + proto + ".writetimeout", ms);
        p.put("mail." + proto + ".auth", String.valueOf(c.username() != null));
        if (c.security().equals("starttls")) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (!c.security().equals("none")) {
            p.put("mail." + proto + ".ssl.checkserveridentity", "true");
        }
        return p;
    }

    @Override
    public void send(Notification n) throws Exception {
        ClassLoader previous = withMailClassLoader();
        try {
            MimeMessage m = message(n);
            Transport.send(m, m.getAllRecipients(), config.username(), config.password());
        } catch (MessagingException e) {
            throw classify(e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    MimeMessage message(Notification n) throws MessagingException {
        String key = n.attributes().get("notification_key");
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + (key == null ? Long.toHexString(System.nanoTime()) : sha256(key)) + "@daqhub>");
            }
        };
        m.setFrom(config.from());
        m.setRecipients(Message.RecipientType.TO, config.to());
        m.setSubject(config.subjectPrefix() + " " + n.severity().toUpperCase(Locale.ROOT) + ": " + n.subject(), "UTF-8");
        m.setHeader("X-Daqhub-Severity", n.severity());
        if (key != null) {
            m.setHeader("X-Daqhub-Notification-Key", key);
        }
        m.setText(text(n), "UTF-8");
        m.saveChanges();
        return m;
    }

    static String text(Notification n) {
        StringBuilder b = new StringBuilder(n.body() == null ? "" : n.body()).append("\n\n");
        b.append("severity: ").append(n.severity()).append('\n').append("time: ").append(n.time()).append('\n');
        new TreeMap<>(n.attributes()).forEach((k, v) -> {
            if (!k.equals("notification_key")) {
                b.append(k).append(": ").append(v).append('\n');
            }
        });
        return b.append("-- \ndaqhub notification ").append(n.attributes().getOrDefault("notification_key", "")).append('\n')
                .toString();
    }

    /**
     * 5xx is final; 4xx and anything without an answer (no connection, a timeout) are retried. A refused login is
     * final unless the server said it was temporary (454, RFC 4954). Where recipients got different answers, one
     * temporary refusal makes the whole message a retry; 552 at RCPT counts as 452 (RFC 5321 4.5.3.1.10).
     */
    static DeliveryException classify(MessagingException e) {
        if (e instanceof AuthenticationFailedException) {
            int code = leadingCode(e.getMessage());
            boolean temporary = code >= 400 && code < 500;
            return new DeliveryException("the SMTP server refused the login" + (code > 0 ? " (" + code + ")" : ""),
                    code > 0 ? code : 535, !temporary, null);
        }
        int worstFinal = -1;
        int firstTemporary = -1;
        String message = null;
        for (Exception x = e; x != null; x = x instanceof MessagingException me ? me.getNextException() : null) {
            int code = code(x);
            if (code == 552 && x instanceof SMTPAddressFailedException) {
                code = 452;
            }
            if (code >= 400 && code < 500 && firstTemporary < 0) {
                firstTemporary = code;
                message = "SMTP " + code + ": " + String.valueOf(x.getMessage()).trim() + recipients(x);
            } else if (code >= 500 && worstFinal < 0) {
                worstFinal = code;
                if (message == null) {
                    message = "SMTP " + code + ": " + String.valueOf(x.getMessage()).trim() + recipients(x);
                }
            }
        }
        if (firstTemporary > 0) {
            return new DeliveryException(message, firstTemporary, false, null);
        }
        if (worstFinal > 0) {
            return new DeliveryException(message, worstFinal, true, null);
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e.getNextException();
        return new DeliveryException("no answer from the SMTP server: " + e.getMessage()
                + (cause != null && cause != e ? " (" + cause + ")" : ""), 0, false, null);
    }

    /** The reply code a server's message starts with ("454 4.7.0 ..."), or -1. */
    static int leadingCode(String message) {
        if (message != null && message.length() >= 3 && message.substring(0, 3).chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(message.substring(0, 3));
        }
        return -1;
    }

    private static int code(Exception x) {
        if (x instanceof SMTPAddressFailedException a) {
            return a.getReturnCode();
        }
        if (x instanceof SMTPSenderFailedException f) {
            return f.getReturnCode();
        }
        if (x instanceof SMTPSendFailedException f) {
            return f.getReturnCode();
        }
        return -1;
    }

    private static String recipients(Exception x) {
        if (x instanceof SMTPAddressFailedException a) {
            return " (" + a.getAddress() + ")";
        }
        if (x instanceof javax.mail.SendFailedException f && f.getInvalidAddresses() != null) {
            StringBuilder b = new StringBuilder(" (");
            for (Address a : f.getInvalidAddresses()) {
                b.append(a).append(' ');
            }
            return b.toString().trim() + ")";
        }
        return "";
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
