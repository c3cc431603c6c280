package dev.dtk.topics;

import java.util.Map;

/**
 * The sizes dtk holds every record, payload and history to, so that nothing it accepts can ever be
 * too large to write, and no input can stall a partition.
 *
 * <ul>
 *   <li>{@code maxRecordBytes}: every topic's {@code max.message.bytes} and every producer's
 *       {@code max.request.size} (default 1 MiB, Kafka's own default);</li>
 *   <li>{@code maxPayloadBytes}: one payload as JSON: an orchestration's input or output, an event's
 *       data, a custom status, an activity's input or result (default 256 KiB). An instance's stored
 *       state holds at most three (input, output, custom status), so three must fit in one record;</li>
 *   <li>{@code maxHistoryEvents} and {@code maxHistoryBytes}: one execution's history (default
 *       50,000 events and 50 MiB, as Temporal): an orchestration that would pass them fails with a
 *       message that says to use {@code continueAsNew}.</li>
 * </ul>
 *
 * Read from {@code DTK_MAX_RECORD_BYTES}, {@code DTK_MAX_PAYLOAD_BYTES}, {@code DTK_MAX_HISTORY_EVENTS}
 * and {@code DTK_MAX_HISTORY_BYTES}; engines, workers and gateways of one deployment must agree.
 */
public record Limits(int maxRecordBytes, int maxPayloadBytes, int maxHistoryEvents, long maxHistoryBytes) {

    public static final int DEFAULT_RECORD_BYTES = 1024 * 1024;
    public static final int DEFAULT_PAYLOAD_BYTES = 256 * 1024;
    public static final int DEFAULT_HISTORY_EVENTS = 50_000;
    public static final long DEFAULT_HISTORY_BYTES = 50L * 1024 * 1024;
    /** Room in a record for everything around its payloads (names, IDs, times, failure details). */
    public static final int ENVELOPE_BYTES = 64 * 1024;
    /** The most of a stack trace or error message kept in a failure, so that failures stay small. */
    public static final int FAILURE_TEXT_CHARS = 8 * 1024;

    public static final Limits DEFAULT = new Limits(DEFAULT_RECORD_BYTES, DEFAULT_PAYLOAD_BYTES,
            DEFAULT_HISTORY_EVENTS, DEFAULT_HISTORY_BYTES);

    public Limits {
        if (maxRecordBytes < 64 * 1024) {
            throw new IllegalArgumentException("DTK_MAX_RECORD_BYTES must be at least 65536, got " + maxRecordBytes);
        }
        if (maxPayloadBytes < 1024) {
            throw new IllegalArgumentException("DTK_MAX_PAYLOAD_BYTES must be at least 1024, got " + maxPayloadBytes);
        }
        if (3L * maxPayloadBytes + ENVELOPE_BYTES > maxRecordBytes) {
            throw new IllegalArgumentException("DTK_MAX_PAYLOAD_BYTES (" + maxPayloadBytes + ") is too large for"
                    + " DTK_MAX_RECORD_BYTES (" + maxRecordBytes + "): an instance's state holds three payloads"
                    + " (input, output, custom status) in one record, so the payload limit may be at most "
                    + (maxRecordBytes - ENVELOPE_BYTES) / 3 + "; raise DTK_MAX_RECORD_BYTES (and the brokers'"
                    + " message.max.bytes) or lower DTK_MAX_PAYLOAD_BYTES");
        }
        if (maxHistoryEvents < 100) {
            throw new IllegalArgumentException("DTK_MAX_HISTORY_EVENTS must be at least 100, got " + maxHistoryEvents);
        }
        if (maxHistoryBytes < maxPayloadBytes) {
            throw new IllegalArgumentException("DTK_MAX_HISTORY_BYTES (" + maxHistoryBytes + ") must be at least"
                    + " DTK_MAX_PAYLOAD_BYTES (" + maxPayloadBytes + ")");
        }
    }

    /** The limits from {@code DTK_MAX_*} environment variables, the defaults for those not set. */
    public static Limits fromEnvironment(Map<String, String> env) {
        return new Limits(
                (int) number(env, "DTK_MAX_RECORD_BYTES", DEFAULT_RECORD_BYTES, Integer.MAX_VALUE),
                (int) number(env, "DTK_MAX_PAYLOAD_BYTES", DEFAULT_PAYLOAD_BYTES, Integer.MAX_VALUE),
                (int) number(env, "DTK_MAX_HISTORY_EVENTS", DEFAULT_HISTORY_EVENTS, Integer.MAX_VALUE),
                number(env, "DTK_MAX_HISTORY_BYTES", DEFAULT_HISTORY_BYTES, Long.MAX_VALUE));
    }

    /** Why a payload of {@code bytes} is refused, or null when it fits. */
    public String payloadProblem(String what, long bytes) {
        if (bytes <= maxPayloadBytes) {
            return null;
        }
        return what + " is " + bytes + " bytes, over the limit of " + maxPayloadBytes + " bytes for one payload"
                + " (DTK_MAX_PAYLOAD_BYTES); pass a reference to where the data is stored instead";
    }

    private static long number(Map<String, String> env, String name, long fallback, long max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed > 0 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, got '" + value + "'");
    }
}
