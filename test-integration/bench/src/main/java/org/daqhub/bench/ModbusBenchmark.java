package org.daqhub.bench;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.daqhub.core.bus.LocalFrameBus;
import org.daqhub.core.supervisor.DriverSupervisor;
import org.daqhub.core.supervisor.StoreSupervisor;
import org.daqhub.driver.modbus.ModbusDriver;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;

/**
 * Modbus TCP driver vs j2mod's master polling the same j2mod slave on loopback, in one run: polls per second
 * with 20 holding registers (8 int16, 4 float32, 2 int32 scaled) in one request per poll. The device's answer
 * time dominates both; the ratio shows what decoding, the frame and the bus add.
 */
final class ModbusBenchmark {
    private static final String REGISTERS = "a0:holding:0:int16,a1:holding:1:int16,a2:holding:2:int16,a3:holding:3:int16,"
            + "a4:holding:4:int16,a5:holding:5:int16,a6:holding:6:int16,a7:holding:7:int16,f0:holding:8:float32,"
            + "f1:holding:10:float32,f2:holding:12:float32,f3:holding:14:float32,l0:holding:16:int32:0.01,l1:holding:18:int32:0.01";

    private ModbusBenchmark() {
    }

    static void run() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SimpleProcessImage image = new SimpleProcessImage(1);
        for (int i = 0; i < 20; i++) {
            image.addRegister(new SimpleRegister(i * 100));
        }
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
        slave.addProcessImage(1, image);
        slave.open();
        try {
            int p = port;
            double[] m = Comparison.medians(5, true, r -> raw(p, 3.0), r -> daqhub(p, 3.0));
            System.out.println();
            System.out.println("## modbus: polls/s of 20 holding registers (one request each), j2mod slave on loopback, 3 s per repetition, median of 5");
            System.out.println("| raw j2mod master polls/s | daqhub Modbus driver polls/s (frames on the bus) | ratio |");
            System.out.println("|---:|---:|---:|");
            System.out.printf(Locale.ROOT, "| %,.0f | %,.0f | %.2f |%n", m[0], m[1], m[1] / m[0]);
        } finally {
            ModbusSlaveFactory.close();
        }
    }

    /** j2mod alone: read and decode the same 20 registers in a loop. */
    static double raw(int port, double seconds) throws Exception {
        ModbusTCPMaster master = new ModbusTCPMaster("127.0.0.1", port, 3000, false);
        master.connect();
        try {
            long n = 0;
            long sink = 0;
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                Register[] regs = master.readMultipleRegisters(1, 0, 20);
                for (int i = 0; i < 8; i++) {
                    sink += regs[i].toShort();
                }
                for (int i = 8; i < 20; i += 2) {
                    sink += Float.intBitsToFloat(regs[i].toUnsignedShort() << 16 | regs[i + 1].toUnsignedShort()) > 0 ? 1 : 0;
                }
                n++;
            }
            if (sink == 42) {
                System.out.print("");
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            master.disconnect();
        }
    }

    /** The driver under the supervisor, frames through the bus into a counting store. */
    static double daqhub(int port, double seconds) throws Exception {
        LocalFrameBus bus = new LocalFrameBus("bench");
        StoreSupervisor stores = new StoreSupervisor(bus, () -> Map.of("sink", List.of("data.*")));
        DriverSupervisor drivers = new DriverSupervisor(bus, stores);
        java.nio.file.Path state = Files.createTempDirectory("daqhub-bench-modbus");
        drivers.activate(Map.of("sequence.dir", state.toString()));
        stores.activate(Map.of("sequence.dir", state.toString()));
        Benchmarks.NullStore store = new Benchmarks.NullStore();
        stores.addStore(store, Map.of("service.pid", "null~sink", "topics", "data.*"));
        Map<String, Object> cfg = new HashMap<>(Map.of("service.pid", "org.daqhub.driver.modbus~plc", "port", String.valueOf(port),
                "rate", "0", "registers", REGISTERS));
        ModbusDriver driver = new ModbusDriver();
        driver.activate(cfg);
        drivers.addDriver(driver, cfg);
        try {
            Thread.sleep(500); // connect and warm-up
            long f0 = store.frames.get();
            long t0 = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            return (store.frames.get() - f0) / ((System.nanoTime() - t0) / 1e9);
        } finally {
            drivers.deactivate();
            stores.deactivate();
        }
    }
}
