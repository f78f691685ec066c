package org.daqhub.it;

import org.junit.runner.Result;
import org.junit.runner.notification.RunListener;

/** Stops the servers the tests started in the test JVM once every test class has run (failsafe listener). */
public class StopTestServers extends RunListener {
    @Override
    public void testRunFinished(Result result) throws Exception {
        TestPostgres.stop();
    }
}
