package org.daqhub.store.csv;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.driver.Pacer;

/**
 * Run in a child JVM by {@link CsvStoreTest}: writes batches to a compressed CSV file, flushing after each and saying
 * so on stdout, then waits to be killed (-9) without closing anything.
 */
public final class CsvKillTarget {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        CsvStore s = new CsvStore(CsvSettings.read(Map.of("service.pid", "org.daqhub.store.csv~kill", "out.dir", dir.toString(),
                "file.name", "kill.csv", "compression", args[1]), dir));
        for (int flush = 0; flush < 5; flush++) {
            for (int i = 0; i < 200; i++) {
                long seq = flush * 200L + i;
                s.write(List.of(Frame.ofTable("data.k.x", "k", seq, seq, 0, Table.builder().addInt64("v", new long[] {seq}).build())));
            }
            s.flush();
            System.out.println("flushed " + flush);
            System.out.flush();
        }
        Pacer pace = new Pacer(100); // a steady trickle of rows until the test kills this JVM
        for (long seq = 1000; ; seq++) { // rows taken but never flushed: what a kill loses, and only those
            s.write(List.of(Frame.ofTable("data.k.x", "k", seq, seq, 0, Table.builder().addInt64("v", new long[] {seq}).build())));
            pace.await();
        }
    }
}
