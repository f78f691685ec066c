package org.daqhub.core.supervisor;

import static org.daqhub.metatype.MetatypeCheck.defaults;
import static org.daqhub.metatype.MetatypeCheck.metatype;
import static org.daqhub.metatype.MetatypeCheck.recording;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.daqhub.api.config.Settings;
import org.daqhub.api.config.UnknownKeys;
import org.daqhub.api.driver.DriverRunnerConfig;
import org.daqhub.api.store.StoreRunnerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metatype bnd generates from {@link SupervisorConfig} (what the web console's form shows and writes) declares exactly
 * the keys the code reads: a method name maps to its id by the metatype rules ({@code out_dir} is {@code out.dir},
 * {@code add__date} is {@code add_date}), so a renamed key or method shows up here.
 */
class SupervisorMetatypeTest {
    @Test
    void metatypeDeclaresTheKeysTheSupervisorsReadWithTheirDefaults() throws Exception {
        Map<String, String> ocd = metatype(SupervisorConfig.class);
        Set<String> read = new TreeSet<>();
        StoreSupervisor stores = new StoreSupervisor(null);
        stores.activate(recording(read, Map.of()));
        stores.deactivate();
        DriverSupervisor drivers = new DriverSupervisor(null);
        drivers.activate(recording(read, Map.of()));
        drivers.deactivate();
        assertEquals(ocd.keySet(), read);
        assertEquals(SupervisionSettings.DEFAULTS, SupervisionSettings.read(Settings.of(defaults(ocd)), SupervisionSettings.DEFAULTS));
    }

    /**
     * Plugins' metatypes declare the runner keys by extending {@link StoreRunnerConfig} or {@link DriverRunnerConfig}
     * (the API's one list of them): the keys the runners read for an instance are exactly those.
     */
    @Test
    void theRunnersReadExactlyTheKeysTheApiDeclaresForPluginMetatypes(@TempDir java.nio.file.Path dir) throws Exception {
        Set<String> storeKeys = new TreeSet<>();
        StoreSupervisor stores = new StoreSupervisor(new org.daqhub.core.bus.LocalFrameBus("n1"));
        stores.activate(Map.of("spool.dir", dir.resolve("spool").toString(), "sequence.dir", dir.resolve("seq").toString()));
        StoreRunner runner = stores.create(batch -> { }, Settings.of(recording(storeKeys,
                Map.of("service.pid", "org.daqhub.store.test~t", "topics", "data.t.*"))), "t", "test");
        runner.stop();
        stores.deactivate();
        assertEquals(UnknownKeys.declared(StoreRunnerConfig.class), storeKeys);

        Set<String> driverKeys = new TreeSet<>();
        DriverSupervisor drivers = new DriverSupervisor(new org.daqhub.core.bus.LocalFrameBus("n1"));
        drivers.activate(Map.of("sequence.dir", dir.resolve("seq").toString()));
        drivers.create(ctx -> { }, Settings.of(recording(driverKeys, Map.of("service.pid", "org.daqhub.driver.test~t"))),
                "t", "test");
        drivers.deactivate();
        assertEquals(UnknownKeys.declared(DriverRunnerConfig.class), driverKeys);
    }
}
