package dev.dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dtk.app.AppCatalog;
import dev.dtk.app.DtkApp;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Apps compiled on the fly into folders of their own, as a user's build would produce them. */
class AppLoaderTest {

    @TempDir
    Path dir;

    @Test
    void shouldLoadAnAppFromAFolderOfClassesThroughServiceLoader() throws Exception {
        Path app = compileApp("one", "OneApp", "HelloOne", "GreetOne");

        List<DtkApp> apps = AppLoader.load(List.of(app));
        AppCatalog catalog = AppCatalog.of(apps, Map.of(), SmsWiring::none);

        assertThat(catalog.orchestrators().names()).containsExactly("HelloOne");
        assertThat(catalog.activities().names()).containsExactly("GreetOne");
        assertThat(catalog.apps()).singleElement().asString().startsWith("one.OneApp (file:");
    }

    @Test
    void shouldLoadAnAppFromAJarAndFromAFolderOfJars() throws Exception {
        Path jar = jar(compileApp("one", "OneApp", "HelloOne", "GreetOne"), dir.resolve("one.jar"));
        Path folder = Files.createDirectories(dir.resolve("lib"));
        jar(compileApp("two", "TwoApp", "HelloTwo", "GreetTwo"), folder.resolve("two.jar"));

        AppCatalog catalog = AppCatalog.of(AppLoader.load(List.of(jar, folder)), Map.of(), SmsWiring::none);

        assertThat(catalog.orchestrators().names()).containsExactlyInAnyOrder("HelloOne", "HelloTwo");
        assertThat(catalog.activities().names()).containsExactlyInAnyOrder("GreetOne", "GreetTwo");
    }

    @Test
    void shouldRefuseAnOrchestratorNameThatTwoAppsRegisterNamingBoth() throws Exception {
        Path first = compileApp("one", "OneApp", "Shared", "GreetOne");
        Path second = compileApp("two", "TwoApp", "Shared", "GreetTwo");

        List<DtkApp> apps = AppLoader.load(List.of(first, second));

        assertThatThrownBy(() -> AppCatalog.of(apps, Map.of(), SmsWiring::none))
                .hasMessage("an orchestrator named 'Shared' is registered by two apps: one.OneApp (" + location(first)
                        + ") and two.TwoApp (" + location(second) + "); rename one of them");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "engine", "worker"})
    void shouldRefuseAtStartTwoAppsRegisteringOneOrchestratorNamingBoth(String command) throws Exception {
        Path first = compileApp("one", "OneApp", "Shared", "GreetOne");
        Path second = compileApp("two", "TwoApp", "Shared", "GreetTwo");
        StringWriter err = new StringWriter();

        int exit = Dtk.commandLine().setErr(new PrintWriter(err, true)).execute(command, "--app", first.toString(),
                "--app", second.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("dtk " + command + ": an orchestrator named 'Shared' is registered by"
                + " two apps: one.OneApp (" + location(first) + ") and two.TwoApp (" + location(second) + "); rename one"
                + " of them" + System.lineSeparator());
    }

    @Test
    void shouldSayWhatIsMissingWhenAPathHoldsNoApp() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        assertThatThrownBy(() -> AppLoader.load(List.of(empty)))
                .hasMessageStartingWith("--app " + empty + ": no app found. An app is a class that implements"
                        + " dev.dtk.app.DtkApp, named in META-INF/services/dev.dtk.app.DtkApp");
        assertThatThrownBy(() -> AppLoader.load(List.of(dir.resolve("nope.jar"))))
                .hasMessage("--app " + dir.resolve("nope.jar") + ": no such file or folder");
    }

    @Test
    void shouldRunTheBundledSamplesWithoutApp() {
        assertThat(AppLoader.load(List.of())).singleElement().extracting(DtkApp::name).isEqualTo("dtk samples");
    }

    /** Packs a folder of classes (and its service file) into {@code jar}, as {@code mvn package} would. */
    private static Path jar(Path classes, Path jar) throws IOException {
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                var files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** How the message names where an app was loaded from: its class loader's URL. */
    private static String location(Path classes) throws java.net.MalformedURLException {
        return classes.toUri().toURL().toString();
    }

    /** Compiles an app registering one orchestrator and one activity into dir/pkg, with its service file. */
    private Path compileApp(String pkg, String className, String orchestrator, String activity) throws IOException {
        Path root = dir.resolve(pkg + "-" + orchestrator);
        Path source = root.resolve("src").resolve(pkg).resolve(className + ".java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package %s;
                public final class %s implements dev.dtk.app.DtkApp {
                    public void register(dev.dtk.app.AppBuilder app) {
                        app.orchestrator("%s", ctx -> ctx.callActivity("%s", "x", String.class).await())
                           .activity("%s", ctx -> "hi " + ctx.getInput(String.class));
                    }
                }
                """.formatted(pkg, className, orchestrator, activity, activity));
        Path classes = Files.createDirectories(root.resolve("classes"));
        int exit = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());
        assertThat(exit).isZero();
        Path service = classes.resolve("META-INF/services/dev.dtk.app.DtkApp");
        Files.createDirectories(service.getParent());
        Files.writeString(service, pkg + "." + className + "\n");
        return classes;
    }
}
