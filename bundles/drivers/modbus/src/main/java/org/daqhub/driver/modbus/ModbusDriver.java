package org.daqhub.driver.modbus;

import java.util.List;
import java.util.Map;

import org.daqhub.api.Frame;
import org.daqhub.api.Table;
import org.daqhub.api.config.InvalidConfigException;
import org.daqhub.api.driver.Driver;
import org.daqhub.api.driver.DriverContext;
import org.daqhub.api.driver.FramePublisher;
import org.daqhub.api.driver.Pacer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;

/**
 * Polls a Modbus TCP device with j2mod. Each poll reads the configured registers (adjacent addresses merged
 * into one request, {@link ReadPlan}) and becomes one row: {@code time_ns} then one column per register. A
 * lost connection or an exception response ends the run: the supervisor restarts it with backoff, which is
 * the reconnect.
 */
@Component(name = "org.daqhub.driver.modbus", configurationPolicy = ConfigurationPolicy.REQUIRE, service = Driver.class)
@Designate(ocd = ModbusConfig.class, factory = true)
public class ModbusDriver implements Driver {
    private static final Logger LOG = LoggerFactory.getLogger(ModbusDriver.class);

    private ModbusSettings settings;

    public ModbusDriver() {
    }

    ModbusDriver(ModbusSettings settings) {
        this.settings = settings;
    }

    @Activate
    public void activate(Map<String, Object> props) {
        try {
            settings = ModbusSettings.read(props);
        } catch (InvalidConfigException e) {
            LOG.error("daqhub driver org.daqhub.driver.modbus, {}; the instance is not started", e.getMessage());
            throw e;
        }
    }

    @Override
    public void run(DriverContext ctx) throws Exception {
        ModbusSettings s = settings;
        List<ReadPlan.Request> plan = ReadPlan.of(s.registers());
        RegisterRows rows = new RegisterRows(s.registers(), s.rows(), s.bigEndianWords());
        FramePublisher pub = ctx.publisher(s.stream());
        String device = s.host() + ":" + s.port() + " unit " + s.unitId();
        ModbusTCPMaster master;
        try {
            master = new ModbusTCPMaster(s.host(), s.port(), s.timeoutMillis(), false);
        } catch (RuntimeException e) { // j2mod resolves the host name here
            throw new java.io.IOException("cannot reach Modbus device " + device + ": " + e.getMessage(), e);
        }
        try {
            try {
                master.connect();
            } catch (Exception e) {
                throw new java.io.IOException("cannot connect to Modbus device " + device + ": " + e.getMessage(), e);
            }
            // after connect: it makes the transaction the retries apply to. One attempt per request: a failed one ends
            // the run, and the supervisor's backoff paces the reconnects
            master.setRetries(0);
            LOG.info("daqhub Modbus driver '{}' polls {} ({} requests per poll)", ctx.instance(), device, plan.size());
            Pacer pacer = new Pacer(s.rate());
            while (!ctx.stopping()) {
                long now = Frame.epochNanosNow();
                for (ReadPlan.Request r : plan) {
                    try {
                        read(master, s.unitId(), r, rows);
                    } catch (ModbusException e) {
                        throw new java.io.IOException("reading " + r + " from " + device + ": " + e.getMessage(), e);
                    }
                }
                Table t = rows.endRow(now);
                if (t != null) {
                    pub.publish(t);
                } else {
                    ctx.heartbeat(); // a frame of many slow polls takes longer than the watchdog waits
                }
                pacer.await(); // a device slower than the rate sets the pace instead
            }
        } finally {
            master.disconnect();
        }
    }

    private static void read(ModbusTCPMaster master, int unit, ReadPlan.Request r, RegisterRows rows) throws ModbusException {
        switch (r.area()) {
            case HOLDING -> rows.registers(r, master.readMultipleRegisters(unit, r.start(), r.count()));
            case INPUT -> rows.registers(r, master.readInputRegisters(unit, r.start(), r.count()));
            case COIL -> rows.bits(r, master.readCoils(unit, r.start(), r.count()));
            case DISCRETE -> rows.bits(r, master.readInputDiscretes(unit, r.start(), r.count()));
        }
    }
}
