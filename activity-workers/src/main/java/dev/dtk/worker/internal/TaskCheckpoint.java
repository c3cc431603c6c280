package dev.dtk.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** The checkpoint of the task an activity runs: what an earlier run saved, and saving a new one. */
public interface TaskCheckpoint {

    /** A task run where checkpoints are not kept (tools, tests): nothing saved, saving refused. */
    TaskCheckpoint NONE = new TaskCheckpoint() {
        @Override
        public Optional<JsonNode> saved() {
            return Optional.empty();
        }

        @Override
        public void save(JsonNode value) {
            throw new UnsupportedOperationException("checkpoints are not kept here");
        }
    };

    /** What an earlier, interrupted run of the task saved. */
    Optional<JsonNode> saved();

    /** Saves {@code value} durably; throws {@link IllegalStateException} when it could not. */
    void save(JsonNode value);
}
