package dev.dtk.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.samples.phone.SmsPhoneVerification;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifications keep their timers and answers through an engine outage. */
class PhoneVerificationDurabilityTest {

    private static final int WAITING = 50;
    private static final Duration MAX_LATENESS = Duration.ofSeconds(2);

    @Test
    void shouldApplyAnswersGivenWhileTheEngineWasDownAndTimeOutTheRest(@TempDir Path dir) throws Exception {
        try (PhoneVerificationCluster dtk = new PhoneVerificationCluster(dir, Duration.ofSeconds(30))) {
            Map<String, JsonNode> started = new TreeMap<>();
            for (int i = 0; i < WAITING; i++) {
                started.put("+1425777" + String.format("%04d", i),
                        dtk.start(SmsPhoneVerification.NAME, "+1425777" + String.format("%04d", i)));
            }
            await().atMost(PhoneVerificationCluster.TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .until(() -> started.values().stream().allMatch(payload -> dtk.isWaiting(payload.get("id").asText())));
            Map<String, Integer> codes = new TreeMap<>();
            started.keySet().forEach(phone -> codes.put(phone, dtk.awaitCode(phone)));

            dtk.dtk().engine().close();
            List<String> answered = new ArrayList<>();
            List<String> silent = new ArrayList<>();
            int i = 0;
            for (String phone : started.keySet()) {
                if (i++ % 2 == 0) {
                    assertThat(dtk.answer(started.get(phone), codes.get(phone))).as("answer while the engine is down")
                            .isEqualTo(202);
                    answered.add(phone);
                } else {
                    silent.add(phone);
                }
            }
            dtk.dtk().startEngine().awaitRunning(PhoneVerificationCluster.TIMEOUT);

            for (String phone : answered) {
                assertThat(dtk.awaitDone(started.get(phone)).get("output").asBoolean()).as(phone).isTrue();
            }
            for (String phone : silent) {
                JsonNode done = dtk.awaitDone(started.get(phone));
                assertThat(done.get("output").asBoolean()).as(phone).isFalse();
                InstanceState state = dtk.dtk().engine().localInstance(started.get(phone).get("id").asText())
                        .orElseThrow();
                Instant due = state.history().stream().filter(HistoryEvent.TimerCreated.class::isInstance)
                        .map(e -> ((HistoryEvent.TimerCreated) e).fireAt()).findFirst().orElseThrow();
                assertThat(Duration.between(due, state.lastUpdatedTime())).as("%s fired late by", phone)
                        .isLessThan(MAX_LATENESS).isGreaterThanOrEqualTo(Duration.ZERO);
            }
        }
    }
}
