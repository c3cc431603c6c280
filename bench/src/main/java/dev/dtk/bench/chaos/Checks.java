package dev.dtk.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.DeadLetter;
import dev.dtk.topics.message.InstanceStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What held after the chaos: every instance's final status against the output a run without faults
 * gives, its history against the events such a run records (a result applied twice or a step done
 * twice shows up as one event too many), one SMS per verification carrying the code the orchestration
 * got, no accepted command lost, and exactly the dead letters the load sent on purpose.
 */
final class Checks {

    private static final int SHOWN = 8;

    private final StatusFeed statuses;
    private final Doors doors;
    private final CommandLog log;
    private final SmsInbox inbox;

    Checks(StatusFeed statuses, Doors doors, CommandLog log, SmsInbox inbox) {
        this.statuses = statuses;
        this.doors = doors;
        this.log = log;
        this.inbox = inbox;
    }

    /** The findings; each list names what went wrong, the counts say how often it held. */
    static final class Findings {
        int instances;
        int reachedOutput;
        int stillLive;
        int startsNeverAccepted;
        int lostStarts;
        int lostEvents;
        int resultsAppliedTwice;
        int stepsDoubled;
        int historiesRead;
        int verifications;
        int oneSms;
        int codeMatches;
        int deadLettersExpected;
        int deadLettersFound;
        final List<String> problems = new ArrayList<>();
        final Map<String, Integer> problemCounts = new TreeMap<>();

        void problem(String kind, String detail) {
            problemCounts.merge(kind, 1, Integer::sum);
            if (problems.size() < 40) {
                problems.add(kind + ": " + detail);
            }
        }

        boolean passed() {
            return reachedOutput == instances && stillLive == 0 && lostStarts == 0 && lostEvents == 0
                    && resultsAppliedTwice == 0 && stepsDoubled == 0 && historiesRead == instances
                    && oneSms == verifications && codeMatches == verifications && startsNeverAccepted == 0
                    && deadLettersFound == deadLettersExpected && problemCounts.isEmpty();
        }
    }

    Findings check(List<Scenario> scenarios, List<String> poison, String bootstrapServers) {
        Findings f = new Findings();
        List<Scenario> all = new ArrayList<>();
        for (Scenario s : scenarios) {
            if (!log.started(s.instanceId())) {
                f.startsNeverAccepted++;
                f.problem("start never accepted", s.instanceId());
                continue;
            }
            all.add(s);
            all.addAll(s.children());
        }
        f.instances = all.size();
        int gateway = 0;
        for (Scenario s : all) {
            Optional<InstanceStatus> status = statuses.status(s.instanceId());
            if (status.isEmpty()) {
                f.lostStarts++;
                f.problem("accepted start lost (no status)", s.instanceId());
                continue;
            }
            if (!status.get().runtimeStatus().isTerminal()) {
                f.stillLive++;
                f.problem("still " + status.get().runtimeStatus(), s.instanceId());
            } else if (same(status.get().output(), s.expectedOutput())) {
                f.reachedOutput++;
            } else {
                f.problem("wrong output", s.instanceId() + " is " + status.get().runtimeStatus() + " with "
                        + status.get().output() + ", expected " + s.expectedOutput());
            }
            JsonNode history = null;
            for (int attempt = 0; attempt < 20 && history == null; attempt++) {
                history = doors.statusWithHistory(gateway++, s.instanceId());
                if (history == null) {
                    sleep(Duration.ofMillis(250));
                }
            }
            if (history == null) {
                f.problem("history unreadable", s.instanceId());
                continue;
            }
            f.historiesRead++;
            checkHistory(f, s, history.path("historyEvents"));
        }
        checkDeadLetters(f, poison, bootstrapServers);
        return f;
    }

    private void checkHistory(Findings f, Scenario s, JsonNode events) {
        Map<String, Integer> actual = new TreeMap<>();
        Integer sentCode = null;
        for (JsonNode event : events) {
            String key = key(event);
            actual.merge(key, 1, Integer::sum);
            if (key.equals("TaskCompleted:E4_SendSmsChallenge")) {
                sentCode = event.path("Result").asInt(-1);
            }
        }
        boolean doubledResult = false;
        boolean doubledStep = false;
        for (String key : union(actual.keySet(), s.expectedHistory().keySet())) {
            int expected = s.expectedHistory().getOrDefault(key, 0);
            int got = actual.getOrDefault(key, 0);
            int max = expected;
            if (key.startsWith("EventRaised:")) {
                String event = key.substring("EventRaised:".length());
                max += log.unknown(s.instanceId(), event);
                if (got < log.accepted(s.instanceId(), event) && got < expected) {
                    f.lostEvents++;
                    f.problem("accepted event lost", s.instanceId() + ": " + got + " " + event + " in history, "
                            + log.accepted(s.instanceId(), event) + " accepted");
                }
            }
            if (got > max) {
                boolean result = key.startsWith("TaskCompleted") || key.startsWith("TaskFailed");
                doubledResult |= result;
                doubledStep |= !result;
                f.problem(result ? "activity result applied twice" : "orchestration step doubled",
                        s.instanceId() + ": " + got + " x " + key + ", expected " + expected);
            } else if (got < expected && !key.startsWith("EventRaised:")) {
                f.problem("history event missing", s.instanceId() + ": " + got + " x " + key + ", expected "
                        + expected);
            }
        }
        f.resultsAppliedTwice += doubledResult ? 1 : 0;
        f.stepsDoubled += doubledStep ? 1 : 0;
        if (s.kind().isVerification()) {
            f.verifications++;
            List<SmsInbox.Sms> sms = inbox.to(s.phone());
            if (sms.size() == 1) {
                f.oneSms++;
            } else {
                f.problem("not exactly one SMS", s.instanceId() + " (" + s.phone() + ") got " + sms.size());
            }
            if (!sms.isEmpty() && sentCode != null && sms.getLast().code() == sentCode && sms.size() == 1) {
                f.codeMatches++;
            } else if (!sms.isEmpty()) {
                f.problem("SMS code is not the one the orchestration got", s.instanceId() + ": SMS "
                        + sms.stream().map(m -> Integer.toString(m.code())).toList() + ", history " + sentCode);
            }
        }
    }

    private static String key(JsonNode event) {
        String type = event.path("EventType").asText();
        if (type.equals("ExecutionStarted")) {
            return type;
        }
        if (event.hasNonNull("FunctionName")) {
            return type + ":" + event.get("FunctionName").asText();
        }
        if (type.equals("EventRaised")) {
            return type + ":" + event.path("Name").asText();
        }
        return type;
    }

    private void checkDeadLetters(Findings f, List<String> poison, String bootstrapServers) {
        f.deadLettersExpected = poison.size();
        Map<String, Integer> byKey = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTERS).stream()
                    .map(p -> new TopicPartition(Topics.DEAD_LETTERS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    DeadLetter letter = DtkJson.read(record.value(), DeadLetter.class);
                    byKey.merge(letter.key(), 1, Integer::sum);
                    if (!poison.contains(letter.key())) {
                        f.problem("unexpected dead letter", letter.key() + " from " + letter.sourceTopic() + ": "
                                + letter.reason());
                    }
                }
            }
        }
        for (String key : poison) {
            int count = byKey.getOrDefault(key, 0);
            if (count == 1) {
                f.deadLettersFound++;
            } else {
                f.problem("poison record dead-lettered " + count + " times", key);
            }
        }
    }

    private static boolean same(JsonNode actual, JsonNode expected) {
        return String.valueOf(actual).equals(String.valueOf(expected));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
