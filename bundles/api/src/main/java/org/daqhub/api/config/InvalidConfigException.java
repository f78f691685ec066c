package org.daqhub.api.config;

/** A configuration value that cannot be used. The message names the instance and the key. */
public class InvalidConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String instance;
    private final String key;

    public InvalidConfigException(String instance, String key, Object value, String reason) {
        super("instance '" + instance + "': " + key + "=" + (value == null ? "(missing)" : "'" + value + "'") + " " + reason);
        this.instance = instance;
        this.key = key;
    }

    public String instance() {
        return instance;
    }

    public String key() {
        return key;
    }
}
