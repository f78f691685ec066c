package org.daqhub.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** What the HTTP API reads of a request: JSON up to a size, named errors beyond. */
class IngestBodyTest {
    static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBodyWithinTheLimitIsRead() throws Exception {
        assertEquals(2, IngestServlet.readBody(text("[{\"a\":1},{\"b\":2}]"), -1, JobEvents.boundedJson(1024), 1024).size());
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeReading() {
        BadEventException e = assertThrows(BadEventException.class,
                () -> IngestServlet.readBody(text("{}"), 5000, JobEvents.boundedJson(1024), 1024));
        assertEquals(413, e.status());
        assertEquals("body", e.field());
    }

    @Test
    void aChunkedBodyIsCutOffAtTheLimit() {
        // no Content-Length (chunked): the limit applies while reading (Jackson checks it per buffer of 8 KB)
        String big = "[" + "{\"pad\":\"" + "x".repeat(100_000) + "\"}" + "]";
        BadEventException e = assertThrows(BadEventException.class, () -> IngestServlet.readBody(text(big), -1, JobEvents.boundedJson(1024), 1024));
        assertEquals(413, e.status());
    }

    @Test
    void malformedAndEmptyBodiesAre400() {
        assertEquals(400, assertThrows(BadEventException.class, () -> IngestServlet.readBody(text("[{"), -1, JobEvents.boundedJson(1024), 1024)).status());
        assertEquals(400, assertThrows(BadEventException.class, () -> IngestServlet.readBody(text(""), -1, JobEvents.boundedJson(1024), 1024)).status());
    }
}
