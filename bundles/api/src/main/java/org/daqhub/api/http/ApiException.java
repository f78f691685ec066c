package org.daqhub.api.http;

/**
 * A request daqhub refuses, and how: the HTTP status, the field (body member, path or query parameter) at fault
 * when there is one, and a message for the client. The same mistake has the same status on every route: 400 a body
 * or parameter that cannot be read, 401 no or bad credentials, 403 a role too small, 404 nothing there, 409 a
 * clash with what exists, 413 too large, 422 a readable value that is wrong.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String field;

    /** {@code field} may be null; the message is then {@code message} alone, else {@code "field: message"}. */
    public ApiException(int status, String field, String message) {
        super(field == null ? message : field + ": " + message);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("a client error is 4xx, got " + status);
        }
        this.status = status;
        this.field = field;
    }

    /** 400: a body or parameter that cannot be read (not JSON, not a number). */
    public static ApiException malformed(String field, String message) {
        return new ApiException(400, field, message);
    }

    /** 422: a value that can be read but is wrong (out of range, unknown name, missing). */
    public static ApiException invalid(String field, String message) {
        return new ApiException(422, field, message);
    }

    /** 404. */
    public static ApiException notFound(String what) {
        return new ApiException(404, null, what + " not found");
    }

    /** 409: the request clashes with what exists. */
    public static ApiException conflict(String field, String message) {
        return new ApiException(409, field, message);
    }

    /** 413. */
    public static ApiException tooLarge(String field, String message) {
        return new ApiException(413, field, message);
    }

    public int status() {
        return status;
    }

    /** The field at fault, or null. */
    public String field() {
        return field;
    }
}
