package org.daqhub.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstAdminAccountTest {
    static final String GROUPS = "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n"
            + "_g_\\:daqhub-viewers = group,viewer\n";

    @Test
    void withoutAnAdminTheFirstStartCreatesOneWithAGeneratedPassword(@TempDir Path etc) throws Exception {
        Path users = Files.writeString(etc.resolve("users.properties"), GROUPS + "grafana = pw,_g_:daqhub-viewers\n");
        Path pw = etc.resolve("admin.password");
        assertTrue(FirstAdminAccount.ensure(users, pw));
        String password = Files.readString(pw).strip();
        assertTrue(password.length() >= 20, password);
        assertTrue(Files.readString(users).contains("admin = " + password + ",_g_:admingroup"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pw)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
        assertTrue(FirstAdminAccount.hasAdmin(users));
        assertFalse(FirstAdminAccount.ensure(users, pw), "once");
        assertEquals(password, Files.readString(pw).strip());
    }

    @Test
    void anAdminThroughAGroupOrRoleIsEnough(@TempDir Path etc) throws Exception {
        Path viaGroup = Files.writeString(etc.resolve("a.properties"), GROUPS + "karaf = karaf,_g_:admingroup\n");
        assertFalse(FirstAdminAccount.ensure(viaGroup, etc.resolve("a.password")));
        Path direct = Files.writeString(etc.resolve("b.properties"), "ops = pw,admin\n");
        assertTrue(FirstAdminAccount.hasAdmin(direct));
        Path viewerOnly = Files.writeString(etc.resolve("c.properties"), GROUPS + "v = pw,_g_:daqhub-viewers\n");
        assertFalse(FirstAdminAccount.hasAdmin(viewerOnly));
    }
}
