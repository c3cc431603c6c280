package dev.dtk.bench;

import dev.dtk.engine.core.HistoryEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one-at-a-time instances spend their time, from the client's clock and the engine's history (both
 * wall clocks of this JVM, whole milliseconds): the start's hop to the engine's first step, the steps up to
 * the last one, and the wait until the client sees the end (the engine's commit, then the status read).
 */
final class SequenceParts {

    private final String figure;
    private final List<Long> startHop = new ArrayList<>();
    private final List<Long> steps = new ArrayList<>();
    private final List<Long> endVisible = new ArrayList<>();

    /** Parts of the figure named {@code figure} in the rows, e.g. "(a)". */
    SequenceParts(String figure) {
        this.figure = figure;
    }

    /** One instance: the input sent at {@code sentMillis}, its end seen at {@code seenMillis}. */
    void add(long sentMillis, long firstStepMillis, long lastStepMillis, long seenMillis) {
        startHop.add((firstStepMillis - sentMillis) * 1_000);
        steps.add((lastStepMillis - firstStepMillis) * 1_000);
        endVisible.add((seenMillis - lastStepMillis) * 1_000);
    }

    /** When the engine's last step began (the one that applied the newest input). */
    static long lastStepStart(List<HistoryEvent> history) {
        return lastOf(history, HistoryEvent.OrchestratorStarted.class);
    }

    static long firstStepStart(List<HistoryEvent> history) {
        return history.stream().filter(HistoryEvent.OrchestratorStarted.class::isInstance).findFirst()
                .map(e -> e.timestamp().toEpochMilli()).orElseThrow();
    }

    /** When the engine's step that ended the instance ran. */
    static long end(List<HistoryEvent> history) {
        return lastOf(history, HistoryEvent.ExecutionCompleted.class);
    }

    private static long lastOf(List<HistoryEvent> history, Class<? extends HistoryEvent> kind) {
        return history.stream().filter(kind::isInstance).reduce((a, b) -> b)
                .map(e -> e.timestamp().toEpochMilli()).orElseThrow();
    }

    /** The parts as rows of the bench's table. */
    List<String> rows() {
        return List.of(
                String.format("| %s parts: input sent → the engine's first step | %s |", figure,
                        new Percentiles(startHop)),
                String.format("| %s parts: first step → the step that ends it (activities' round trips, if any) | %s |",
                        figure, new Percentiles(steps)),
                String.format("| %s parts: that step → end seen by the client (the engine's commit, then the status"
                        + " read) | %s |", figure, new Percentiles(endVisible)));
    }

    /** What the parts' medians say limits the whole, for the scorecard. */
    String limit() {
        return String.format("input's hop %.0f ms + steps %.0f ms + the end's commit and read %.0f ms"
                + " (medians of rows %s parts)", new Percentiles(startHop).p(50), new Percentiles(steps).p(50),
                new Percentiles(endVisible).p(50), figure);
    }
}
