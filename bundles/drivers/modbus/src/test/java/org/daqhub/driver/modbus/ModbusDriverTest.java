package org.daqhub.driver.modbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.daqhub.api.ColumnType;
import org.daqhub.api.Table;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.driver.DriverContext;
import org.daqhub.api.driver.FramePublisher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;

/** The driver against j2mod's own Modbus TCP slave on a local port. */
class ModbusDriverTest {
    private static ModbusSlave slave;
    private static SimpleProcessImage image;
    private static int port;

    /** Collects what the driver publishes and stops it after {@code max} frames. */
    static final class Recorder implements DriverContext, FramePublisher {
        final List<Table> frames = new CopyOnWriteArrayList<>();
        final int max;

        Recorder(int max) {
            this.max = max;
        }

        @Override public String instance() { return "plc"; }
        @Override public FramePublisher publisher(String stream) { return this; }
        @Override public boolean stopping() { return frames.size() >= max; }
        @Override public void heartbeat() { }
        @Override public void runNumber(long runNumber) { }
        @Override public String topic() { return "data.plc.registers"; }
        @Override public void publish(Table table) { frames.add(table); }
        @Override public void publish(byte[] payload, String contentType) { throw new AssertionError("raw frame"); }
        @Override public long nextSequence() { return frames.size(); }
    }

    @BeforeAll
    static void startSlave() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        image = new SimpleProcessImage(1);
        // holding 0: int16 -1234; 1: uint16 50000; 2-3: int32 -100000 (high word first); 4-5: float32 2.5 (low word first)
        int i32 = -100000;
        int f32 = Float.floatToIntBits(2.5f);
        int[] holding = {(short) -1234 & 0xFFFF, 50000, i32 >>> 16, i32 & 0xFFFF, f32 & 0xFFFF, f32 >>> 16, 0, 0};
        for (int v : holding) {
            image.addRegister(new SimpleRegister(v));
        }
        for (int v : new int[] {215, 4000}) { // input 0: 21.5 degrees in tenths; 1: 4000
            image.addInputRegister(new SimpleInputRegister(v));
        }
        for (boolean b : new boolean[] {false, true, false}) {
            image.addDigitalOut(new SimpleDigitalOut(b));
        }
        image.addDigitalIn(new SimpleDigitalIn(true));
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
        slave.addProcessImage(1, image);
        slave.open();
    }

    @AfterAll
    static void stopSlave() {
        ModbusSlaveFactory.close();
    }

    private static ModbusSettings settings(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.pid", "org.daqhub.driver.modbus~plc");
        m.put("port", String.valueOf(port));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return ModbusSettings.read(m);
    }

    @Test
    void everyTypeAndAreaDecodesIntoTypedColumns() throws Exception {
        Recorder r = new Recorder(3);
        new ModbusDriver(settings("rate", "0", "rows", "2", "registers",
                "a:holding:0:int16, b:holding:1:uint16, c:holding:2:int32, temp:input:0:int16:0.1, d:input:1, "
                        + "pump:coil:1, valve:coil:2:bool, door:discrete:0")).run(r);
        assertEquals(3, r.frames.size());
        Table t = r.frames.get(0);
        assertEquals(2, t.rowCount());
        assertEquals(List.of("time_ns", "a", "b", "c", "temp", "d", "pump", "valve", "door"), t.columns().stream().map(c -> c.name()).toList());
        assertEquals(ColumnType.INT32, t.column("a").type());
        assertEquals(ColumnType.FLOAT64, t.column("temp").type());
        for (int row = 0; row < 2; row++) {
            assertEquals(-1234, t.column("a").getLong(row));
            assertEquals(50000, t.column("b").getLong(row));
            assertEquals(-100000, t.column("c").getLong(row));
            assertEquals(21.5, t.column("temp").getDouble(row), 1e-9);
            assertEquals(4000, t.column("d").getLong(row));
            assertEquals(1, t.column("pump").getLong(row));
            assertEquals(0, t.column("valve").getLong(row));
            assertEquals(1, t.column("door").getLong(row));
            assertTrue(t.column("time_ns").getLong(row) > 1_600_000_000_000_000_000L);
        }
    }

    @Test
    void wordOrderAndUnsigned32BitValues() throws Exception {
        Recorder r = new Recorder(1);
        new ModbusDriver(settings("rate", "0", "word.order", "little", "registers", "f:holding:4:float32, u:holding:2:uint32")).run(r);
        Table t = r.frames.get(0);
        assertEquals(ColumnType.FLOAT32, t.column("f").type());
        assertArrayEquals(new float[] {2.5f}, (float[]) t.column("f").array());
        // registers 2,3 = 0xFFFE, 0x7960 read low word first: 0x7960FFFE
        assertEquals(ColumnType.INT64, t.column("u").type());
        assertEquals(0x7960FFFEL, t.column("u").getLong(0));
    }

    @Test
    void aChangedRegisterShowsInTheNextPolls() throws Exception {
        Recorder r = new Recorder(Integer.MAX_VALUE);
        ModbusDriver d = new ModbusDriver(settings("rate", "50", "registers", "setpoint:holding:6"));
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                d.run(r);
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        t.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !r.frames.isEmpty());
            assertEquals(0, last(r));
            image.getRegister(6).setValue(777);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(777, last(r)));
        } finally {
            t.interrupt();
            t.join(10_000);
            image.getRegister(6).setValue(0);
        }
        assertTrue(failed.get() instanceof InterruptedException, String.valueOf(failed.get()));
    }

    private static long last(Recorder r) {
        return r.frames.get(r.frames.size() - 1).column("setpoint").getLong(0);
    }

    @Test
    void anAddressTheDeviceDoesNotHaveEndsTheRunNamingTheRequest() {
        IOException e = assertThrows(IOException.class, () -> new ModbusDriver(settings("rate", "0", "registers", "x:holding:100")).run(new Recorder(1)));
        assertTrue(e.getMessage().contains("holding 100..100") && e.getMessage().contains("127.0.0.1:" + port + " unit 1"), e.getMessage());
    }

    @Test
    void aDeviceThatIsNotThereIsAConnectError() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Map<String, Object> m = new HashMap<>(Map.of("service.pid", "org.daqhub.driver.modbus~plc", "port", String.valueOf(closed),
                "registers", "x:holding:0", "timeout.ms", "500"));
        IOException e = assertThrows(IOException.class, () -> new ModbusDriver(ModbusSettings.read(m)).run(new Recorder(1)));
        assertTrue(e.getMessage().startsWith("cannot connect to Modbus device 127.0.0.1:" + closed), e.getMessage());
    }

    @Test
    void adjacentAddressesAreReadInOneRequestAndGapsAreNot() {
        List<RegisterSpec> specs = settings("registers", "a:holding:0, b:holding:1:int32, c:holding:3, far:holding:10, i:input:0, k:coil:0, k2:coil:1")
                .registers();
        assertEquals("[holding 0..3, holding 10..10, input 0..0, coil 0..1]", ReadPlan.of(specs).toString());
        List<RegisterSpec> many = new java.util.ArrayList<>();
        for (int i = 0; i < 130; i++) {
            many.add(RegisterSpec.parse("r" + i + ":holding:" + i));
        }
        assertEquals("[holding 0..124, holding 125..129]", ReadPlan.of(many).toString());
    }

    @Test
    void badRegisterSpecsNameTheKeyAndWhatIsWrong() {
        assertBad("registers", "is needed", "registers", "");
        assertBad("registers", "area 'flash' is not holding, input, coil or discrete", "registers", "x:flash:0");
        assertBad("registers", "type 'int64' is not", "registers", "x:holding:0:int64");
        assertBad("registers", "coils are bool", "registers", "x:coil:0:int16");
        assertBad("registers", "address 65535 is outside 0..65534", "registers", "x:holding:65535:float32");
        assertBad("registers", "names column x a second time", "registers", "x:holding:0, x:holding:1");
        assertBad("registers", "time_ns is reserved", "registers", "time_ns:holding:0");
        assertBad("registers", "scale 'abc' is not a finite number", "registers", "x:holding:0:int16:abc");
        assertBad("unit.id", "must be 0..255", "registers", "x:holding:0", "unit.id", "256");
        assertBad("word.order", "is not one of big, little", "registers", "x:holding:0", "word.order", "mixed");
    }

    private static void assertBad(String key, String reason, Object... kv) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> settings(kv));
        assertEquals(key, e.key());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
