package org.daqhub.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;

/** What every store benchmark shares: its test frames, the warm-up + repetitions loop, and the printed table. */
final class Comparison {
    /** One timed run; returns a rate (higher is better). {@code rep} is -1 for the warm-up. */
    interface Measure {
        double run(int rep) throws Exception;
    }

    private Comparison() {
    }

    /** {@code rows} rows as frames of {@code perFrame} rows on data.bench.adc: columns ch (int32) and v (float64). */
    static List<Frame> channelFrames(int rows, int perFrame) {
        List<Frame> frames = new ArrayList<>();
        for (int f = 0; f < rows / perFrame; f++) {
            int[] ch = new int[perFrame];
            double[] v = new double[perFrame];
            for (int i = 0; i < perFrame; i++) {
                ch[i] = i % 16;
                v[i] = i * 0.5;
            }
            frames.add(Frame.ofTable("data.bench.adc", "bench", f, 1_700_000_000_000_000_000L + f, 1,
                    Table.builder().addInt32("ch", ch).addFloat64("v", v).build()));
        }
        return frames;
    }

    /**
     * Medians of {@code raw} and {@code daqhub} over {@code reps} repetitions after one warm-up of each.
     * With {@code alternate}, every other repetition runs daqhub first (for disk writers, the second one
     * meets the first one's write-back).
     */
    static double[] medians(int reps, boolean alternate, Measure raw, Measure daqhub) throws Exception {
        double[] a = new double[reps];
        double[] b = new double[reps];
        for (int r = -1; r < reps; r++) {
            double x;
            double y;
            if (alternate && (r & 1) != 0) {
                y = daqhub.run(r);
                x = raw.run(r);
            } else {
                x = raw.run(r);
                y = daqhub.run(r);
            }
            if (r >= 0) {
                a[r] = x;
                b[r] = y;
            }
        }
        return new double[] {median(a), median(b)};
    }

    /** Prints the section: title, then the raw and daqhub rows with the ratio. */
    static void print(String title, String unit, String rawLabel, String daqLabel, double[] m, double scale) {
        System.out.println();
        System.out.println("## " + title);
        System.out.println("| path | " + unit + " | ratio |");
        System.out.println("|---|---:|---:|");
        System.out.printf(Locale.ROOT, "| %s | %,.0f | 1.00 |%n", rawLabel, m[0] * scale);
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %.2f |%n", daqLabel, m[1] * scale, m[1] / m[0]);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /**
     * A PostgreSQL 16 server. The binaries are on the class path twice (the zonky artifact and inside the
     * persistence bundle), which zonky's own lookup refuses: take the first.
     */
    static io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres() throws java.io.IOException {
        return io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setPgBinaryResolver((system, arch) -> Comparison.class.getResourceAsStream("/postgres-linux-x86_64.txz"))
                .start();
    }
}
