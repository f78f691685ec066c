package org.daqhub.fastmon;

/** Changes to a subscriber; null fields stay as they are. */
public record SubscriberChange(Double fraction, String description, Boolean active, String deliveryType,
        String destination) {
    /** subscribers.description TEXT: no length of its own, the request body's limit holds it */
    static final int DESCRIPTION_LENGTH = Integer.MAX_VALUE;

    void validate() {
        if (fraction != null && !(fraction >= 0 && fraction <= 1)) {
            throw new FieldException("fraction", "must be between 0 and 1, got " + fraction);
        }
        FieldException.checkText("description", description, DESCRIPTION_LENGTH);
        if (deliveryType != null && !deliveryType.equals("activemq")) {
            throw new FieldException("delivery_type", "only 'activemq' is supported, got '" + deliveryType + "'");
        }
        if (destination != null && !destination.matches("[A-Za-z0-9_.\\-]{1,200}")) {
            throw new FieldException("destination", "must be a topic name of letters, digits, '_', '.', '-'");
        }
    }
}
