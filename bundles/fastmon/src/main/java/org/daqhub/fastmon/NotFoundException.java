package org.daqhub.fastmon;

/** No such run, file or subscriber; the REST layer answers 404. */
public class NotFoundException extends org.daqhub.api.http.ApiException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String what) {
        super(404, null, what + " not found");
    }
}
