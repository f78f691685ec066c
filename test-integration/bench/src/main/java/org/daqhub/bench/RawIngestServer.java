package org.daqhub.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The raw path the ingestion benchmark holds daqhub against: a plain servlet in the Jetty that daqhub runs on
 * (9.4, as pax-web 8), Jackson's tree reader and JDBC from a HikariCP pool, writing the same rows as
 * {@link IngestionBenchmark.RawClient}: per event an event insert and a job upsert, one transaction per request.
 * No validation, no idempotency answer, no integrations: the floor of what an HTTP ingestion can cost here.
 */
final class RawIngestServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Server server;
    private final HikariDataSource pool;
    final String base;

    RawIngestServer(String jdbcUrl, String user, String password) throws Exception {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl);
        c.setUsername(user);
        c.setPassword(password);
        c.setMaximumPoolSize(20);
        c.setAutoCommit(false);
        pool = new HikariDataSource(c);
        try (Connection conn = pool.getConnection(); var st = conn.createStatement()) {
            st.execute("INSERT INTO app (app_id, name, version) VALUES ('bench-raw', 'bench', '1') ON CONFLICT DO NOTHING");
            conn.commit();
        }
        server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setHost("127.0.0.1");
        http.setPort(0);
        server.addConnector(http);
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.addServlet(new ServletHolder(new IngestServlet()), "/raw/*");
        server.setHandler(ctx);
        server.start();
        base = "http://127.0.0.1:" + http.getLocalPort();
    }

    private final class IngestServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            JsonNode body = JSON.readTree(req.getInputStream());
            JsonNode events = body.isArray() ? body : JSON.createArrayNode().add(body);
            try (Connection c = pool.getConnection()) {
                store(c, events);
            } catch (SQLException e) {
                resp.sendError(500, e.getMessage());
                return;
            }
            resp.setStatus(200);
            resp.setContentType("application/json");
            resp.getOutputStream().write(("{\"ok\":true,\"accepted\":" + events.size() + "}").getBytes());
        }
    }

    static void store(Connection c, JsonNode events) throws SQLException {
        try (PreparedStatement event = c.prepareStatement(IngestionBenchmark.RawClient.EVENT_SQL);
                PreparedStatement job = c.prepareStatement(IngestionBenchmark.RawClient.JOB_SQL)) {
            for (JsonNode e : events) {
                IngestionBenchmark.RawClient.bind(event, job, e, "rawhttp-");
            }
            event.executeBatch();
            job.executeBatch();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
        pool.close();
    }
}
