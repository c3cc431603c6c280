package dev.dtk.ops;

import dev.dtk.process.DtkProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The deployment files as a deployer's tools read them, and what the code says they may refer to. */
final class DeploymentFiles {

    static final Path ROOT = DtkProcess.root();
    static final String VERSION = projectVersion();
    /** The image Jib builds (cli/pom.xml: dtk.image). */
    static final String IMAGE = "dtk:" + VERSION;

    private DeploymentFiles() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> compose() {
        return (Map<String, Object>) yaml().load(read(ROOT.resolve("docker-compose.yml")));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> manifests() {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy/kubernetes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object document : yaml().loadAll(read(file))) {
                    if (document != null) {
                        documents.add((Map<String, Object>) document);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    /** Every main source file of every module, as one text: where the code names the variables it reads. */
    static String mainSources() {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/")
                    && !f.startsWith(ROOT.resolve("examples"))).forEach(f -> all.append(read(f)).append('\n'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(options);
    }

    private static String projectVersion() {
        Matcher version = Pattern.compile("<artifactId>dtk-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(DtkProcess.root().resolve("pom.xml")));
        if (!version.find()) {
            throw new IllegalStateException("no version in the parent pom");
        }
        return version.group(1);
    }
}
