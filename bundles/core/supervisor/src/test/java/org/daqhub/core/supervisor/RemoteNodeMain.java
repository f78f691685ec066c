package org.daqhub.core.supervisor;

import java.util.Map;

import org.daqhub.api.Frame;
import org.daqhub.core.bus.BusService;

/**
 * A second daqhub node for the cross-node test, run in its own JVM: a bus with TCP endpoints on the given
 * ports publishing {@code count} raw frames on {@code data.nodeA.adc} once a remote subscriber is there.
 */
public final class RemoteNodeMain {
    public static void main(String[] args) throws Exception {
        int pubPort = Integer.parseInt(args[0]);
        int subPort = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        BusService bus = new BusService();
        bus.activate(Map.of("tcp.pub.port", String.valueOf(pubPort), "tcp.sub.port", String.valueOf(subPort), "node.id", "nodeA"));
        System.out.println("READY");
        // wait for the remote subscription to reach our XPUB, so the test can check exactly-once from frame 0
        while (!bus.hasRemoteSubscribers()) {
            Thread.sleep(10);
        }
        System.out.println("SUBSCRIBED");
        // the test says GO once its store is in place
        new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
        for (int i = 0; i < count; i++) {
            bus.publish(Frame.ofRaw("data.nodeA.adc", "nodeA-sim", i, Frame.epochNanosNow(), 0, null, new byte[256]));
        }
        Thread.sleep(2000); // let the TCP-out queue drain
        System.out.println("SENT " + count);
        bus.deactivate();
    }
}
