package dev.dtk.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.topics.json.DtkJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One orchestration of the chaos load: what it starts, through which door, and what a run without
 * faults gives: its output and the events its history holds (by {@code EventType} and name, as the
 * Durable Functions status route shows them).
 */
record Scenario(String instanceId, Kind kind, boolean viaHttp, JsonNode input, JsonNode expectedOutput,
        Map<String, Integer> expectedHistory, String phone) {

    static final JsonNode HELLO = DtkJson.toTree(List.of("Hello Tokyo!", "Hello Seattle!", "Hello London!"));

    /** The kinds of the load, in the proportions of {@link #mix}. */
    enum Kind {
        HELLO("HelloSequence"),
        FAN_OUT("FanOutFanIn"),
        VERIFY_RIGHT("E4_SmsPhoneVerification"),
        VERIFY_WRONG("E4_SmsPhoneVerification"),
        VERIFY_TIMEOUT("E4_SmsPhoneVerification"),
        APPROVE("ApprovalWorkflow"),
        REJECT("ApprovalWorkflow"),
        SUB_ORCHESTRATIONS("HelloSubOrchestrations"),
        CONTINUE_AS_NEW("EternalCounter");

        private final String orchestrator;

        Kind(String orchestrator) {
            this.orchestrator = orchestrator;
        }

        String orchestrator() {
            return orchestrator;
        }

        boolean isVerification() {
            return orchestrator.equals("E4_SmsPhoneVerification");
        }
    }

    /** Twenty in a row: the mix repeats. */
    static final List<Kind> MIX = List.of(Kind.HELLO, Kind.FAN_OUT, Kind.VERIFY_RIGHT, Kind.APPROVE, Kind.HELLO,
            Kind.SUB_ORCHESTRATIONS, Kind.VERIFY_WRONG, Kind.HELLO, Kind.FAN_OUT, Kind.VERIFY_RIGHT, Kind.REJECT,
            Kind.CONTINUE_AS_NEW, Kind.HELLO, Kind.VERIFY_TIMEOUT, Kind.FAN_OUT, Kind.VERIFY_RIGHT, Kind.APPROVE,
            Kind.HELLO, Kind.SUB_ORCHESTRATIONS, Kind.VERIFY_WRONG);

    /** Number {@code n} of the load; even ones start through HTTP, odd ones through Kafka. */
    static Scenario number(String runId, int n) {
        Kind kind = MIX.get(n % MIX.size());
        String id = runId + "-" + n + "-" + kind.name().toLowerCase().replace('_', '-');
        boolean http = n % 2 == 0;
        return switch (kind) {
            case HELLO -> new Scenario(id, kind, http, null, HELLO, history("TaskCompleted:SayHello", 3), null);
            case FAN_OUT -> {
                int size = 4 + n % 5;
                long sum = (long) size * (size + 1) * (2L * size + 1) / 6;
                yield new Scenario(id, kind, http, DtkJson.toTree(size), DtkJson.toTree(sum),
                        history("TaskCompleted:Square", size), null);
            }
            case VERIFY_RIGHT, VERIFY_WRONG, VERIFY_TIMEOUT -> {
                String phone = String.format("+1555%07d", n);
                Map<String, Integer> events = history("TaskCompleted:E4_SendSmsChallenge", 1, "TimerCreated", 1);
                switch (kind) {
                    case VERIFY_RIGHT -> events.putAll(history("EventRaised:SmsChallengeResponse", 1,
                            "TimerCancelled", 1));
                    case VERIFY_WRONG -> events.putAll(history("EventRaised:SmsChallengeResponse", 4,
                            "TimerCancelled", 1));
                    default -> events.putAll(history("TimerFired", 1));
                }
                yield new Scenario(id, kind, http, DtkJson.toTree(phone), DtkJson.toTree(kind == Kind.VERIFY_RIGHT),
                        events, phone);
            }
            case APPROVE, REJECT -> new Scenario(id, kind, http, DtkJson.toTree(Map.of("request", id)),
                    DtkJson.toTree(kind == Kind.APPROVE ? "approved" : "rejected"),
                    history("TaskCompleted:RequestApproval", 1, "TimerCreated", 1, "EventRaised:ApprovalEvent", 1,
                            "TimerCancelled", 1), null);
            case SUB_ORCHESTRATIONS -> new Scenario(id, kind, http, DtkJson.toTree(2),
                    DtkJson.toTree(List.of(HELLO, HELLO)),
                    history("SubOrchestrationInstanceCompleted:HelloSequence", 2), null);
            case CONTINUE_AS_NEW -> new Scenario(id, kind, http,
                    DtkJson.toTree(Map.of("value", 0, "limit", 3, "intervalMillis", 300)), DtkJson.toTree(3),
                    history(), null);
        };
    }

    /** The children a scenario's instance starts: instances of their own, with their own expectations. */
    List<Scenario> children() {
        if (kind != Kind.SUB_ORCHESTRATIONS) {
            return List.of();
        }
        return List.of(child(0), child(1));
    }

    private Scenario child(int task) {
        return new Scenario(instanceId + ":0:" + task, Kind.HELLO, viaHttp, null, HELLO,
                history("TaskCompleted:SayHello", 3), null);
    }

    /** Every history has one start and one completion, plus {@code pairs} (event key, count). */
    private static Map<String, Integer> history(Object... pairs) {
        Map<String, Integer> events = new LinkedHashMap<>();
        events.put("ExecutionStarted", 1);
        for (int i = 0; i < pairs.length; i += 2) {
            events.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        events.put("ExecutionCompleted", 1);
        return events;
    }
}
