package dev.dtk.engine.core.internal.replay;

import dev.dtk.topics.message.FailureDetails;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Failure details of an exception from orchestrator code, with the stack trace cut where dtk called
 * the orchestrator (the engine's own frames differ from call to call and between a replay and a run
 * kept alive, and the result of a step must not) and at {@value #MAX_FRAMES} frames.
 */
final class Failures {

    static final int MAX_FRAMES = 64;
    /** The classes that call orchestrator code: a replay, or a run kept alive; their frames and below are cut. */
    private static final java.util.Set<String> RUN_FRAME_CLASSES = java.util.Set.of(ReplayRun.class.getName(),
            LiveRun.class.getName());

    private Failures() {
    }

    static FailureDetails of(Throwable error) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            trim(t);
            for (Throwable suppressed : t.getSuppressed()) {
                trim(suppressed);
            }
        }
        return Payloads.trimmed(FailureDetails.of(error));
    }

    private static void trim(Throwable t) {
        StackTraceElement[] frames = t.getStackTrace();
        int end = frames.length;
        for (int i = 0; i < frames.length; i++) {
            if (RUN_FRAME_CLASSES.contains(frames[i].getClassName())) {
                end = i;
                break;
            }
        }
        end = Math.min(end, MAX_FRAMES);
        if (end < frames.length) {
            t.setStackTrace(Arrays.copyOf(frames, end));
        }
    }
}
