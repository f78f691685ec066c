package org.daqhub.store.mysql;

import static org.daqhub.tck.MetatypeCheck.metatype;
import static org.daqhub.tck.MetatypeCheck.recording;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.daqhub.api.store.StoreProperties;
import org.junit.jupiter.api.Test;

/**
 * The metatype bnd generates from {@link MysqlConfig} (what the web console's form shows and writes) declares exactly
 * the keys the code reads: a method name maps to its id by the metatype rules ({@code out_dir} is {@code out.dir},
 * {@code add__date} is {@code add_date}), so a renamed key or method shows up here.
 */
class MysqlMetatypeTest {
    @Test
    void metatypeDeclaresTheKeysTheStoreReads() throws Exception {
        Map<String, String> ocd = metatype(MysqlConfig.class);
        Set<String> read = new TreeSet<>();
        new MysqlStore().activate(recording(read, Map.of("service.pid", "org.daqhub.store.mysql~t", "url", "jdbc:mariadb://127.0.0.1:1/db")));
        Set<String> declared = new TreeSet<>(ocd.keySet());
        declared.remove(StoreProperties.TOPICS); // read by the store runner
        assertEquals(declared, read);
    }
}
