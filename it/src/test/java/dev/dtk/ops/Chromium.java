package dev.dtk.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium and its ChromeDriver for the browser tests: found at {@code /usr/bin}, or installed
 * with apt-get when this runs as root and they are missing (the packages {@code chromium} and
 * {@code chromium-driver}). Where neither works, the test is skipped with a message saying how to get them.
 */
final class Chromium {

    static final Path BROWSER = Path.of(System.getProperty("dtk.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("dtk.chromedriver", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    /** Makes sure both are there; skips the calling test when they cannot be had. */
    static void require() {
        if (present()) {
            return;
        }
        String why = install();
        Assumptions.assumeTrue(present(), "no headless browser for the console test: " + why + ". Install Debian's"
                + " chromium and chromium-driver (apt-get install -y chromium chromium-driver), or point"
                + " -Ddtk.chromium and -Ddtk.chromedriver at a Chromium and its ChromeDriver.");
    }

    private static boolean present() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    private static String install() {
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return BROWSER + " or " + DRIVER + " is missing and there is no apt-get here";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return BROWSER + " or " + DRIVER + " is missing and installing them needs root";
        }
        if (run(List.of("apt-get", "install", "-y", "chromium", "chromium-driver")) == 0) {
            return "installed";
        }
        run(List.of("apt-get", "update"));
        int exit = run(List.of("apt-get", "install", "-y", "chromium", "chromium-driver"));
        return exit == 0 ? "installed" : "apt-get install chromium chromium-driver failed (exit " + exit + ")";
    }

    private static int run(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
