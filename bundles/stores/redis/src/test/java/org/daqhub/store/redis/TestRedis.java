package org.daqhub.store.redis;

import java.io.File;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

/** A real Redis server (embedded-redis ships the binary), persisting to an append-only file so it survives a restart. */
final class TestRedis {
    final int port;
    private final File dir;
    private RedisServer server;

    TestRedis(File dir) throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        this.dir = dir;
        dir.mkdirs();
        start();
    }

    void start() throws Exception {
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("appendonly yes").setting("appendfsync always")
                .setting("dir " + dir.getAbsolutePath()).build();
        server.start();
    }

    void stop() throws Exception {
        server.stop();
    }
}
