package org.daqhub.core.control;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.daqhub.api.Column;
import org.daqhub.api.Frame;
import org.daqhub.api.http.ApiException;
import org.daqhub.api.http.HttpSurface;
import org.daqhub.api.http.QueryParams;
import org.daqhub.api.store.RecentFrames;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The newest frames a memory store holds (feature daqhub-store-memory), as JSON: the quickest way to look at live
 * data over HTTP. Viewer role, like every GET. Tables come column by column with their values; raw frames with
 * their size and first 64 bytes in hex.
 */
@Component(service = PeekResource.class)
@JaxrsResource
@JaxrsName("peek")
@JaxrsExtensionSelect({ HttpSurface.JSON, HttpSurface.ERRORS, HttpSurface.AUTH })
@Path("/api/v1/peek")
@Produces(MediaType.APPLICATION_JSON)
public class PeekResource {
    static final int DEFAULT_FRAMES = 10;
    private static final int HEAD_BYTES = 64;
    private final List<RecentFrames> stores = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStore(RecentFrames store) {
        stores.add(store);
    }

    void removeStore(RecentFrames store) {
        stores.remove(store);
    }

    /** The topics memory stores hold. */
    public record TopicList(List<String> items, int count) {
    }

    /** One frame: its header, then either {@code columns} (name → values) or the raw payload's size and head. */
    public record FrameView(long sequence, long timestampNs, long runNumber, String source, String contentType, Integer rows,
            Map<String, Object> columns, Long bytes, String headHex) {
    }

    /** The newest frames of one topic, oldest first. */
    public record TopicFrames(String topic, List<FrameView> items, int count) {
    }

    @GET
    public TopicList topics() {
        List<String> all = new ArrayList<>(heldTopics());
        return new TopicList(all, all.size());
    }

    @GET
    @Path("{topic}")
    public TopicFrames frames(@PathParam("topic") String topic, @QueryParam("limit") String limit) {
        int n = QueryParams.limit(limit, DEFAULT_FRAMES);
        if (stores.isEmpty()) {
            throw ApiException.notFound("memory store (feature:install daqhub-store-memory and configure one for topic " + topic + ")");
        }
        List<Frame> newest = newest(stores, topic, n);
        if (newest.isEmpty()) {
            throw ApiException.notFound("topic '" + topic + "' in a memory store (held: " + String.join(", ", heldTopics()) + ")");
        }
        List<FrameView> out = newest.stream().map(PeekResource::view).toList();
        return new TopicFrames(topic, out, out.size());
    }

    private SortedSet<String> heldTopics() {
        SortedSet<String> all = new TreeSet<>();
        for (RecentFrames s : stores) {
            all.addAll(s.topics());
        }
        return all;
    }

    /** The newest {@code n} frames of the topic across every memory store; a frame two stores hold appears once. */
    static List<Frame> newest(List<RecentFrames> stores, String topic, int n) {
        for (RecentFrames s : stores) {
            List<Frame> f = s.newest(topic, n);
            if (!f.isEmpty()) {
                return f; // one store is enough: stores subscribed to the same topic hold the same frames
            }
        }
        return List.of();
    }

    static FrameView view(Frame f) {
        if (!f.isTable()) {
            byte[] raw = f.raw();
            String head = HexFormat.of().formatHex(raw, 0, Math.min(raw.length, HEAD_BYTES));
            return new FrameView(f.sequence(), f.timestampNanos(), f.runNumber(), f.source(), f.contentType(), null, null,
                    (long) raw.length, head);
        }
        Map<String, Object> cols = new LinkedHashMap<>();
        for (Column c : f.table().columns()) {
            cols.put(c.name(), c.array()); // Jackson writes int[], long[], double[], String[] as JSON arrays
        }
        return new FrameView(f.sequence(), f.timestampNanos(), f.runNumber(), f.source(), f.contentType(), f.table().rowCount(),
                cols, null, null);
    }
}
