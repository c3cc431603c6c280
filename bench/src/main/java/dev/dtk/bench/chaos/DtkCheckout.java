package dev.dtk.bench.chaos;

import java.nio.file.Files;
import java.nio.file.Path;

/** The dtk checkout whose built {@code dtk} command the chaos run starts: {@code -Ddtk.root}, or above here. */
final class DtkCheckout {

    private DtkCheckout() {
    }

    static Path root() {
        String given = System.getProperty("dtk.root");
        Path dir = given != null ? Path.of(given).toAbsolutePath() : Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("cli").resolve("pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null || !Files.isDirectory(dir.resolve("cli/target/lib"))) {
            throw new IllegalStateException("cannot find a built dtk checkout (cli/target/lib) at or above "
                    + (given != null ? given : Path.of("").toAbsolutePath()) + "; run ./dtk chaos from the checkout");
        }
        return dir;
    }
}
