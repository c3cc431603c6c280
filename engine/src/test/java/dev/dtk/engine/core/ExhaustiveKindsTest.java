package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every switch over the sealed history events names each kind, with no {@code default}: adding a kind of
 * task (a new {@link HistoryEvent} record) then fails to compile at every place that must learn it,
 * instead of falling silently into a default branch. Read from the engine's sources.
 */
class ExhaustiveKindsTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern DEFAULT_BRANCH = Pattern.compile("^\\s*default\\s*(->|:)", Pattern.MULTILINE);

    @Test
    void shouldSwitchOverHistoryEventsWithoutADefaultBranch() throws IOException {
        List<Path> switching;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            switching = files.filter(p -> p.toString().endsWith(".java")).filter(p -> read(p).contains("case HistoryEvent."))
                    .toList();
        }

        assertThat(switching).extracting(p -> p.getFileName().toString())
                .contains("Kinds.java", "PendingWork.java", "StepOutput.java");
        assertThat(switching).allSatisfy(file -> assertThat(DEFAULT_BRANCH.matcher(read(file)).find())
                .as("%s switches over history events with a default branch; name every kind instead", file)
                .isFalse());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
