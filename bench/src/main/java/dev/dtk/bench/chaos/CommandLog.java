package dev.dtk.bench.chaos;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the load was told about its commands: starts accepted, and per instance and event name how
 * many events were accepted and how many went out without an answer (a connection cut by a kill;
 * each such event was sent again until accepted, so it may have arrived twice).
 */
final class CommandLog {

    private final Map<String, Boolean> starts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> unknown = new ConcurrentHashMap<>();
    private final AtomicInteger httpStarts = new AtomicInteger();
    private final AtomicInteger kafkaStarts = new AtomicInteger();
    private final AtomicInteger unknownStarts = new AtomicInteger();
    private final AtomicInteger notFound = new AtomicInteger();

    void startAccepted(String instanceId, boolean viaHttp) {
        starts.put(instanceId, true);
        (viaHttp ? httpStarts : kafkaStarts).incrementAndGet();
    }

    void startUnknown() {
        unknownStarts.incrementAndGet();
    }

    void eventAccepted(String instanceId, String event) {
        accepted.computeIfAbsent(instanceId + "|" + event, k -> new AtomicInteger()).incrementAndGet();
    }

    void eventUnknown(String instanceId, String event) {
        unknown.computeIfAbsent(instanceId + "|" + event, k -> new AtomicInteger()).incrementAndGet();
    }

    /** A gateway answered 404 for an instance whose start was accepted (it must never). */
    void notFound() {
        notFound.incrementAndGet();
    }

    boolean started(String instanceId) {
        return starts.containsKey(instanceId);
    }

    int accepted(String instanceId, String event) {
        AtomicInteger count = accepted.get(instanceId + "|" + event);
        return count == null ? 0 : count.get();
    }

    int unknown(String instanceId, String event) {
        AtomicInteger count = unknown.get(instanceId + "|" + event);
        return count == null ? 0 : count.get();
    }

    int httpStarts() {
        return httpStarts.get();
    }

    int kafkaStarts() {
        return kafkaStarts.get();
    }

    int unknownStarts() {
        return unknownStarts.get();
    }

    int unknownEvents() {
        return unknown.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    int acceptedEvents() {
        return accepted.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    int notFoundAnswers() {
        return notFound.get();
    }
}
