package org.daqhub.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import javax.ws.rs.Consumes;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.ext.MessageBodyReader;
import javax.ws.rs.ext.MessageBodyWriter;

import org.daqhub.api.http.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsMediaType;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.metatype.annotations.Designate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * The one JSON reader and writer of every daqhub route. Bodies are read under {@link StreamReadConstraints} (413
 * beyond {@code max.body.bytes}); a body that is not JSON is 400 naming {@code body}. Response records are written
 * with snake_case names ({@code runNumber} → {@code run_number}), the seeds' wire style.
 */
@Component(service = { MessageBodyReader.class, MessageBodyWriter.class }, configurationPid = HttpConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HttpConfig.class)
@JaxrsExtension
@JaxrsName(JsonProvider.NAME)
@JaxrsMediaType(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class JsonProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {
    /** Resources require this extension by name, so none is served before JSON is. */
    public static final String NAME = "daqhub.json";

    private final ObjectMapper json;
    private final long maxBodyBytes;

    @Activate
    public JsonProvider(HttpConfig config, java.util.Map<String, Object> props) {
        this(config.max_body_bytes(), config.max_nesting_depth());
        for (String problem : org.daqhub.api.config.UnknownKeys.of(props,
                org.daqhub.api.config.UnknownKeys.declared(HttpConfig.class))) {
            org.slf4j.LoggerFactory.getLogger(JsonProvider.class).warn("etc/{}.cfg: {}", HttpConfig.PID, problem);
        }
    }

    public JsonProvider(long maxBodyBytes, int maxNestingDepth) {
        this.maxBodyBytes = maxBodyBytes;
        json = mapper(maxBodyBytes, maxNestingDepth);
    }

    /** The mapper every route reads and writes with (tests and the OpenAPI document use it too). */
    public static ObjectMapper mapper(long maxBodyBytes, int maxNestingDepth) {
        return new ObjectMapper(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxDocumentLength(maxBodyBytes).maxNestingDepth(maxNestingDepth).build()).build())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type != String.class && type != InputStream.class;
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> headers, InputStream in) throws IOException {
        String length = headers.getFirst("Content-Length");
        if (length != null && length.chars().allMatch(Character::isDigit) && !length.isEmpty()
                && Long.parseLong(length) > maxBodyBytes) {
            throw tooLarge();
        }
        try {
            return json.readValue(in, json.constructType(genericType));
        } catch (StreamConstraintsException e) {
            if (e.getMessage() != null && e.getMessage().contains("nesting depth")) {
                throw ApiException.malformed("body", "nested deeper than the limit (max.nesting.depth in etc/"
                        + HttpConfig.PID + ".cfg)");
            }
            throw tooLarge();
        } catch (MismatchedInputException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("No content to map")) {
                throw ApiException.malformed("body", "empty; send a JSON document");
            }
            throw ApiException.malformed("body", "not the expected JSON: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ApiException.malformed("body", "not valid JSON: " + e.getOriginalMessage());
        }
    }

    private ApiException tooLarge() {
        return ApiException.tooLarge("body", "larger than " + maxBodyBytes + " bytes (max.body.bytes in etc/"
                + HttpConfig.PID + ".cfg); send smaller batches");
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type != String.class && !InputStream.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        json.writeValue(out, value);
    }

    public ObjectMapper json() {
        return json;
    }
}
