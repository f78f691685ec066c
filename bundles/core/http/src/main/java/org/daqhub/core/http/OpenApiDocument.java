package org.daqhub.core.http;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import javax.ws.rs.BeanParam;
import javax.ws.rs.CookieParam;
import javax.ws.rs.FormParam;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.MatrixParam;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An OpenAPI 3.0 document built from resource classes by their JAX-RS annotations: one operation per resource
 * method, its path and query parameters, a JSON request body for an entity parameter, and the response schema of
 * a record (snake_case, as {@link JsonProvider} writes it). Every error answer has the one error schema.
 */
public final class OpenApiDocument {
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    private final ObjectMapper json = new ObjectMapper();
    private final ObjectNode root = json.createObjectNode();
    private final ObjectNode paths;
    private final ObjectNode schemas;

    public OpenApiDocument(String title, String version) {
        root.put("openapi", "3.0.3");
        ObjectNode info = root.putObject("info");
        info.put("title", title);
        info.put("version", version);
        paths = root.putObject("paths");
        ObjectNode components = root.putObject("components");
        schemas = components.putObject("schemas");
        ObjectNode error = schemas.putObject("Error");
        error.put("type", "object");
        error.putArray("required").add("status").add("error");
        ObjectNode props = error.putObject("properties");
        props.putObject("status").put("type", "integer").put("format", "int32");
        props.putObject("error").put("type", "string");
        props.putObject("field").put("type", "string").put("description", "the body member or parameter at fault");
        // every route authenticates: a user of the Karaf realm (Basic) or an API token (Bearer)
        ObjectNode security = components.putObject("securitySchemes");
        security.putObject("basic").put("type", "http").put("scheme", "basic")
                .put("description", "a user of the Karaf JAAS realm");
        security.putObject("bearer").put("type", "http").put("scheme", "bearer")
                .put("description", "an API token (daqhub:token-create NAME ROLE)");
        ArrayNode anyOf = root.putArray("security");
        anyOf.addObject().putArray("basic");
        anyOf.addObject().putArray("bearer");
    }

    /** Adds every resource method of {@code resource}, served below {@code base} ("/" for the default application). */
    public OpenApiDocument add(String base, Class<?> resource) {
        String classPath = pathOf(resource.getAnnotation(Path.class));
        Method[] methods = resource.getMethods();
        java.util.Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method m : methods) {
            String verb = httpMethod(m);
            if (verb == null) {
                continue;
            }
            String path = join(join(base, classPath), pathOf(m.getAnnotation(Path.class)));
            ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
            item.set(verb.toLowerCase(java.util.Locale.ROOT), operation(resource, m, verb));
        }
        return this;
    }

    public ObjectNode json() {
        return root;
    }

    /** Every "METHOD /path" in the document, sorted. */
    public static List<String> routes(JsonNode document) {
        List<String> out = new java.util.ArrayList<>();
        document.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(verb -> out.add(verb.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey())));
        out.sort(null);
        return out;
    }

    private ObjectNode operation(Class<?> resource, Method m, String verb) {
        ObjectNode op = json.createObjectNode();
        op.put("operationId", resource.getSimpleName() + "_" + m.getName());
        op.put("summary", words(m.getName()));
        op.putArray("tags").add(resource.getSimpleName().replaceFirst("Resource$", ""));
        ArrayNode params = json.createArrayNode();
        for (Parameter p : m.getParameters()) {
            PathParam pp = p.getAnnotation(PathParam.class);
            QueryParam qp = p.getAnnotation(QueryParam.class);
            if (pp != null || qp != null) {
                ObjectNode n = params.addObject();
                n.put("name", pp != null ? pp.value() : qp.value());
                n.put("in", pp != null ? "path" : "query");
                n.put("required", pp != null);
                n.set("schema", schema(p.getParameterizedType()));
            } else if (!p.isAnnotationPresent(Context.class) && !p.isAnnotationPresent(HeaderParam.class)
                    && !p.isAnnotationPresent(CookieParam.class) && !p.isAnnotationPresent(MatrixParam.class)
                    && !p.isAnnotationPresent(FormParam.class) && !p.isAnnotationPresent(BeanParam.class)) {
                ObjectNode body = op.putObject("requestBody");
                body.put("required", true);
                body.putObject("content").putObject("application/json").set("schema", schema(p.getParameterizedType()));
            }
        }
        if (!params.isEmpty()) {
            op.set("parameters", params);
        }
        ObjectNode responses = op.putObject("responses");
        ObjectNode ok = responses.putObject("POST".equals(verb) ? "2XX" : "200");
        ok.put("description", "success");
        Type returned = m.getGenericReturnType();
        if (returned != javax.ws.rs.core.Response.class && returned != void.class) {
            ok.putObject("content").putObject("application/json").set("schema", schema(returned));
        }
        for (String code : List.of("4XX", "5XX")) {
            ObjectNode e = responses.putObject(code);
            e.put("description", code.startsWith("4") ? "the request is refused: see error and field"
                    : "the server failed: the log has the id in error");
            e.putObject("content").putObject("application/json").putObject("schema")
                    .put("$ref", "#/components/schemas/Error");
        }
        return op;
    }

    /** The JSON schema of a Java type; records become components, referenced. */
    private ObjectNode schema(Type type) {
        ObjectNode s = json.createObjectNode();
        if (type instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> raw) {
            if (Collection.class.isAssignableFrom(raw)) {
                s.put("type", "array");
                s.set("items", schema(pt.getActualTypeArguments()[0]));
                return s;
            }
            if (Map.class.isAssignableFrom(raw)) {
                s.put("type", "object");
                s.set("additionalProperties", schema(pt.getActualTypeArguments()[1]));
                return s;
            }
            return schema(raw);
        }
        if (!(type instanceof Class<?> c)) {
            return s; // any value
        }
        if (c == long.class || c == Long.class) {
            return s.put("type", "integer").put("format", "int64");
        }
        if (c == int.class || c == Integer.class || c == short.class || c == Short.class) {
            return s.put("type", "integer").put("format", "int32");
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            return s.put("type", "number");
        }
        if (c == boolean.class || c == Boolean.class) {
            return s.put("type", "boolean");
        }
        if (c == String.class || c.isEnum()) {
            return s.put("type", "string");
        }
        if (c == Instant.class) {
            return s.put("type", "string").put("format", "date-time");
        }
        if (JsonNode.class.isAssignableFrom(c) || c == Object.class) {
            return s; // any JSON value
        }
        if (c.isRecord()) {
            String name = c.getSimpleName();
            if (!schemas.has(name)) {
                ObjectNode r = schemas.putObject(name); // put first: a record may refer to itself
                r.put("type", "object");
                ObjectNode props = r.putObject("properties");
                for (RecordComponent rc : c.getRecordComponents()) {
                    props.set(SNAKE.translate(rc.getName()), schema(rc.getGenericType()));
                }
            }
            return s.put("$ref", "#/components/schemas/" + name);
        }
        if (Map.class.isAssignableFrom(c)) {
            return s.put("type", "object");
        }
        if (Collection.class.isAssignableFrom(c) || c.isArray()) {
            s.put("type", "array");
            s.set("items", c.isArray() ? schema(c.getComponentType()) : json.createObjectNode());
            return s;
        }
        return s.put("type", "object");
    }

    private static String httpMethod(Method m) {
        for (var a : m.getAnnotations()) {
            HttpMethod hm = a.annotationType().getAnnotation(HttpMethod.class);
            if (hm != null) {
                return hm.value();
            }
        }
        return null;
    }

    private static String pathOf(Path p) {
        return p == null ? "" : template(p.value());
    }

    /** A path template without regular expressions: {@code {id: .+}} becomes {@code {id}}. */
    static String template(String path) {
        return path.replaceAll("\\{\\s*([^}:\\s]+)\\s*:[^}]*}", "{$1}");
    }

    static String join(String a, String b) {
        String s = (a.endsWith("/") ? a.substring(0, a.length() - 1) : a) + (b.isEmpty() || b.startsWith("/") ? b : "/" + b);
        return s.isEmpty() ? "/" : s.startsWith("/") ? s : "/" + s;
    }

    private static String words(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}
