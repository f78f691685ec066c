package org.daqhub.notify.email;

import org.daqhub.api.notify.ChannelRunnerConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "daqhub e-mail channel", description = "Notifications as e-mail through an SMTP server")
interface EmailChannelConfig extends ChannelRunnerConfig {
    @AttributeDefinition(defaultValue = "127.0.0.1", description = "SMTP server")
    String smtp_host();

    @AttributeDefinition(defaultValue = "25", min = "1", max = "65535", description = "SMTP port (587 submission, 465 SMTPS)")
    int smtp_port();

    @AttributeDefinition(defaultValue = "starttls", description = "starttls: required (refuses a server that does not offer it); "
            + "ssl: SMTPS from the first byte; none: plain text, only to a server on this machine when a password is set",
            options = { @Option(label = "STARTTLS", value = "starttls"), @Option(label = "SMTPS", value = "ssl"),
                    @Option(label = "none", value = "none") })
    String security();

    @AttributeDefinition(required = false, description = "SMTP login; empty: no authentication")
    String username();

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false, description = "SMTP password; never logged")
    String password();

    @AttributeDefinition(description = "Sender address")
    String from();

    @AttributeDefinition(description = "Recipients, comma-separated")
    String to();

    @AttributeDefinition(defaultValue = "[daqhub]", description = "Put before every subject (an inbox filter can match it)")
    String subject_prefix();

    @AttributeDefinition(defaultValue = "10", min = "1", description = "Seconds to connect, and to wait for each answer")
    int timeout_s();
}
