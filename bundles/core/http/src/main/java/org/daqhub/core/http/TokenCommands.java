package org.daqhub.core.http;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** daqhub:token-create, daqhub:token-list, daqhub:token-revoke: API tokens for machine clients. */
public final class TokenCommands {
    private TokenCommands() {
    }

    @Service
    @Command(scope = "daqhub", name = "token-create", description = "Creates an API token (shown once) with a role: viewer, operator or admin")
    public static class Create implements Action {
        @Reference
        private ApiTokens tokens;
        @Argument(index = 0, name = "name", required = true, description = "what the token is for, e.g. prometheus")
        private String name;
        @Argument(index = 1, name = "role", required = true, description = "viewer, operator or admin")
        private String role;

        @Override
        public Object execute() throws Exception {
            String token = tokens.create(name, role);
            System.out.println(token);
            System.out.println("Token " + name + " (" + role + "): send it as 'Authorization: Bearer <token>' "
                    + "(the SDK reads DAQHUB_TOKEN). It is shown only now; daqhub keeps its SHA-256 only.");
            return null;
        }
    }

    @Service
    @Command(scope = "daqhub", name = "token-list", description = "Lists the API tokens (names and roles, never the tokens)")
    public static class ListTokens implements Action {
        @Reference
        private ApiTokens tokens;

        @Override
        public Object execute() {
            ShellTable t = new ShellTable();
            t.column("Name");
            t.column("Role");
            t.column("Created");
            for (ApiTokens.Token tk : tokens.list()) {
                t.addRow().addContent(tk.name(), tk.role(), tk.created().toString());
            }
            t.print(System.out);
            return null;
        }
    }

    @Service
    @Command(scope = "daqhub", name = "token-revoke", description = "Revokes an API token at once")
    public static class Revoke implements Action {
        @Reference
        private ApiTokens tokens;
        @Argument(index = 0, name = "name", required = true)
        private String name;

        @Override
        public Object execute() throws Exception {
            System.out.println(tokens.revoke(name) ? "Token " + name + " revoked" : "No token named " + name);
            return null;
        }
    }
}
