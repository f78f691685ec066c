package org.daqhub.sdk;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU and peak memory of this process. On Linux from /proc/self (user and system CPU separately, peak RSS);
 * elsewhere the JVM's process CPU time counts as user time and peak memory is the heap in use.
 */
record ResourceUsage(double cpuUserSeconds, double cpuSystemSeconds, double memMaxMb) {
    private static final Path STAT = Path.of("/proc/self/stat");
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final double CLOCK_TICKS = 100.0; // USER_HZ; 100 on every Linux platform the JVM runs on

    static ResourceUsage now() {
        try {
            String stat = Files.readString(STAT);
            // fields after the command name (which may contain spaces), see proc(5): utime is 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double user = Long.parseLong(f[11]) / CLOCK_TICKS;
            double system = Long.parseLong(f[12]) / CLOCK_TICKS;
            double peakKb = 0;
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    peakKb = Double.parseDouble(line.replaceAll("[^0-9]", ""));
                }
            }
            return new ResourceUsage(user, system, peakKb / 1024);
        } catch (IOException | RuntimeException e) {
            double cpu = 0;
            try {
                if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                    cpu = os.getProcessCpuTime() / 1e9;
                }
            } catch (NoClassDefFoundError notOnThisJvm) {
                // a JVM (or an OSGi framework) without com.sun.management: CPU time stays 0
            }
            double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
            return new ResourceUsage(cpu, 0, heap);
        }
    }

    ResourceUsage since(ResourceUsage start) {
        return new ResourceUsage(cpuUserSeconds - start.cpuUserSeconds, cpuSystemSeconds - start.cpuSystemSeconds,
                memMaxMb);
    }
}
