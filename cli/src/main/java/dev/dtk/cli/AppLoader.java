package dev.dtk.cli;

import dev.dtk.app.DtkApp;
import dev.dtk.samples.SampleApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the user's apps: each {@code --app PATH} (a jar, or a folder of jars and/or classes) gets a
 * class loader of its own, and {@link ServiceLoader} finds the {@link DtkApp}s it declares in
 * {@code META-INF/services/dev.dtk.app.DtkApp}. dtk's own classes (the SDK, Jackson, slf4j) come from
 * dtk, so an app jar may bundle them or not. Without any {@code --app}: the bundled samples.
 */
final class AppLoader {

    private static final Logger LOG = LoggerFactory.getLogger(AppLoader.class);
    private static final String SERVICE_FILE = "META-INF/services/" + DtkApp.class.getName();

    private AppLoader() {
    }

    static List<DtkApp> load(List<Path> paths) {
        if (paths == null || paths.isEmpty()) {
            LOG.info("no --app given: running the bundled samples");
            return List.of(new SampleApp());
        }
        List<DtkApp> apps = new ArrayList<>();
        for (Path path : paths) {
            List<DtkApp> found = loadFrom(path);
            if (found.isEmpty()) {
                throw new IllegalArgumentException("--app " + path + ": no app found. An app is a class that implements "
                        + DtkApp.class.getName() + ", named in " + SERVICE_FILE + " inside the jar (see the README,"
                        + " 'Write your own orchestrations')");
            }
            found.forEach(app -> LOG.info("app {} loaded from {}", app.name(), path));
            apps.addAll(found);
        }
        return apps;
    }

    private static List<DtkApp> loadFrom(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("--app " + path + ": no such file or folder");
        }
        URLClassLoader loader = new URLClassLoader("dtk-app:" + path.getFileName(), urls(path).toArray(URL[]::new),
                AppLoader.class.getClassLoader());
        try {
            return ServiceLoader.load(DtkApp.class, loader).stream()
                    .filter(provider -> provider.type().getClassLoader() == loader)
                    .map(ServiceLoader.Provider::get)
                    .toList();
        } catch (java.util.ServiceConfigurationError e) {
            throw new IllegalArgumentException("--app " + path + ": " + e.getMessage(), e);
        }
    }

    /** A jar; or a folder: the jars in it, and the folder itself as a root of classes. */
    private static List<URL> urls(Path path) {
        List<URL> urls = new ArrayList<>();
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> entries = Files.list(path)) {
                    for (Path jar : entries.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                        urls.add(jar.toUri().toURL());
                    }
                }
            }
            urls.add(path.toUri().toURL());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("--app " + path + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("--app " + path + ": cannot list the folder", e);
        }
        return urls;
    }
}
