package dev.dtk.cli;

import dev.dtk.app.AppCatalog;
import dev.dtk.sms.SmsSender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** Which apps a command runs: {@code --app PATH} (repeatable), else the bundled samples. */
final class AppOptions {

    @Option(names = "--app", paramLabel = "PATH", split = ",", defaultValue = "${env:DTK_APP}",
            description = "A jar, or a folder of jars and classes, with your orchestrations and activities (an"
                    + " implementation of dev.dtk.app.DtkApp named in META-INF/services); repeatable or a comma"
                    + " list (env DTK_APP). Without it: the bundled samples.")
    List<Path> apps = new ArrayList<>();

    /** Loads the apps and lets them register; throws with a message naming the problem. */
    AppCatalog catalog(Map<String, String> env, Supplier<SmsSender> sms) {
        return AppCatalog.of(AppLoader.load(apps), env, sms);
    }
}
