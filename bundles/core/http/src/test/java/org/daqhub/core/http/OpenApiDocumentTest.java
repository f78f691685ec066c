package org.daqhub.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.UriInfo;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

class OpenApiDocumentTest {
    record Item(long itemId, String name, boolean isActive, List<Item> children, Map<String, Double> scores) {
    }

    @Path("/api/v1/items")
    public static class ItemsResource {
        @GET
        public List<Item> list(@QueryParam("limit") String limit, @Context UriInfo uri) {
            return List.of();
        }

        @GET
        @Path("{id: [0-9]+}")
        public Item one(@PathParam("id") String id) {
            return null;
        }

        @POST
        public javax.ws.rs.core.Response create(JsonNode body) {
            return null;
        }

        @PUT
        @Path("/{id}")
        public Item update(@PathParam("id") String id, JsonNode body) {
            return null;
        }

        public void notARoute() {
        }
    }

    @Test
    void documentIsValidOpenApiWithEveryRoute() throws Exception {
        JsonNode doc = new OpenApiDocument("test", "1.0").add("/", ItemsResource.class).json();
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(doc.toString(), null, null);
        assertEquals(List.of(), parsed.getMessages(), doc.toPrettyString());
        assertEquals(List.of("GET /api/v1/items", "GET /api/v1/items/{id}", "POST /api/v1/items",
                "PUT /api/v1/items/{id}"), OpenApiDocument.routes(doc));
        var item = parsed.getOpenAPI().getComponents().getSchemas().get("Item");
        assertEquals(List.of("item_id", "name", "is_active", "children", "scores"),
                List.copyOf(item.getProperties().keySet()));
        assertEquals("integer", ((io.swagger.v3.oas.models.media.Schema<?>) item.getProperties().get("item_id")).getType());
        var list = parsed.getOpenAPI().getPaths().get("/api/v1/items").getGet();
        assertEquals(1, list.getParameters().size(), "@Context is no parameter");
        assertEquals("limit", list.getParameters().get(0).getName());
        assertTrue(parsed.getOpenAPI().getPaths().get("/api/v1/items").getPost().getRequestBody().getRequired());
        assertEquals(java.util.Set.of("basic", "bearer"), parsed.getOpenAPI().getComponents().getSecuritySchemes().keySet());
        assertEquals(2, parsed.getOpenAPI().getSecurity().size());
    }

    @Test
    void joinsBaseAndPaths() {
        assertEquals("/api/v1/x", OpenApiDocument.join("/", "/api/v1/x"));
        assertEquals("/a/b", OpenApiDocument.join("/a/", "b"));
        assertEquals("/", OpenApiDocument.join("", ""));
    }
}
