package dev.dtk.engine.core;

/**
 * The machinery around the core failed while a step ran (the engine is shutting down, the thread
 * running orchestrator code was interrupted): not a verdict on the input, so the input is not
 * refused. The shell aborts the step; Kafka Streams processes the input again.
 */
public final class EngineFailure extends RuntimeException {

    public EngineFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
