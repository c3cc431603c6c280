package dev.dtk.ops;

import dev.dtk.cli.Dtk;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code dtk} management commands in this process against a gateway, with its key from a key file. */
final class GatewayCli {

    /** How a command ended: its exit code, what it printed and what it complained. */
    record Run(int exit, String out, String err) {
    }

    private final String gateway;
    private final Path keyFile;

    GatewayCli(String gateway, Path keyFile) {
        this.gateway = gateway;
        this.keyFile = keyFile;
    }

    /** Runs {@code dtk args} against the gateway with the key; fails unless it succeeds. */
    Run ok(String... args) {
        Run result = attempt(args);
        if (result.exit() != 0) {
            throw new AssertionError("dtk " + String.join(" ", args) + " exited " + result.exit() + ": " + result.err());
        }
        return result;
    }

    /** Runs {@code dtk args} against the gateway with the key, however it ends. */
    Run attempt(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--gateway", gateway, "--key-file", keyFile.toString()));
        return run(all.toArray(String[]::new));
    }

    /** Runs {@code dtk args} as given. */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var command = Dtk.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
