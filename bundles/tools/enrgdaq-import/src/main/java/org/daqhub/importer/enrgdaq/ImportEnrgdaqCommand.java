package org.daqhub.importer.enrgdaq;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "daqhub", name = "import-enrgdaq", description = "Translates an ENRGDAQ config directory (supervisor.toml, *.toml jobs) "
        + "into etc/ files; prints them, and writes them with --write")
@Service
public class ImportEnrgdaqCommand implements Action {
    @Option(name = "--write", description = "Write the files into etc/ (never over an existing one); without it, only print them")
    boolean write;

    @Argument(index = 0, name = "dir", description = "ENRGDAQ's configs directory", required = true)
    String dir;

    @Override
    public Object execute() throws Exception {
        ImportPlan plan;
        try {
            plan = EnrgdaqImport.plan(Paths.get(dir));
        } catch (IOException e) {
            System.err.println("Cannot import " + dir + ": " + e.getMessage());
            return null;
        }
        Path etc = Paths.get(System.getProperty("karaf.etc", "etc"));
        System.out.print(report(plan, write ? apply(plan, etc) : null));
        return null;
    }

    /** The plan as text: every file with its contents, the bus keys, what has no equivalent; and what writing did. */
    static String report(ImportPlan plan, List<String> written) {
        StringBuilder sb = new StringBuilder();
        for (ImportPlan.CfgFile f : plan.files) {
            sb.append("--- etc/").append(f.name()).append('\n').append(f.text(true));
        }
        if (!plan.bus.isEmpty()) {
            sb.append("--- etc/org.daqhub.bus.cfg (these keys set, the rest kept)\n");
            plan.bus.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        }
        if (!plan.skipped.isEmpty()) {
            sb.append("--- not imported\n");
            plan.skipped.forEach(s -> sb.append("  ").append(s).append('\n'));
        }
        if (written == null) {
            sb.append("Nothing written (a dry run): add --write to write ").append(plan.files.size()).append(" file(s) into etc/\n");
        } else {
            written.forEach(w -> sb.append(w).append('\n'));
        }
        return sb.toString();
    }

    /** Writes the plan's files into {@code etc} as an operator would (atomically); existing files are left alone. */
    static List<String> apply(ImportPlan plan, Path etc) throws IOException {
        List<String> out = new ArrayList<>();
        for (ImportPlan.CfgFile f : plan.files) {
            Path target = etc.resolve(f.name());
            if (Files.exists(target)) {
                out.add("etc/" + f.name() + " exists: left as it is");
                continue;
            }
            writeAtomically(target, f.text(false));
            out.add("wrote etc/" + f.name());
        }
        if (!plan.bus.isEmpty()) {
            Path bus = etc.resolve("org.daqhub.bus.cfg");
            List<String> lines = Files.exists(bus) ? new ArrayList<>(Files.readAllLines(bus)) : new ArrayList<>();
            for (Map.Entry<String, String> e : plan.bus.entrySet()) {
                String line = e.getKey() + " = " + e.getValue();
                int at = -1;
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).trim().matches(java.util.regex.Pattern.quote(e.getKey()) + "\\s*[=:].*")) {
                        at = i;
                    }
                }
                if (at >= 0) {
                    lines.set(at, line);
                } else {
                    lines.add(line);
                }
            }
            writeAtomically(bus, String.join("\n", lines) + "\n");
            out.add("set " + String.join(", ", plan.bus.keySet()) + " in etc/org.daqhub.bus.cfg");
        }
        return out;
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
