package dev.dtk.samples.phone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.activity.ActivityContext;
import dev.dtk.sms.SmsSender;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** One SMS per verification, also when the task runs again because its worker died mid-way. */
class SendSmsChallengeTest {

    private static final String PHONE = "+14255550123";

    /** A provider's log of what went out; it can say whether a message went out. */
    private static final class Provider implements SmsSender {
        final List<String> sent = new ArrayList<>();
        final List<Boolean> checkpointedBeforeSending = new ArrayList<>();
        Context context;

        @Override
        public void send(String to, String body) {
            checkpointedBeforeSending.add(context != null && context.saved != null);
            sent.add(to + ": " + body);
        }

        @Override
        public boolean wasSent(String to, String body, Instant since) {
            return sent.contains(to + ": " + body);
        }
    }

    /** The context of one run of the task, with what an earlier run saved. */
    private static final class Context implements ActivityContext {
        Object saved;

        Context(Object earlier) {
            this.saved = earlier;
        }

        @Override
        public String getName() {
            return SendSmsChallenge.NAME;
        }

        @Override
        public String getInstanceId() {
            return "verify-1";
        }

        @Override
        public String getExecutionId() {
            return "e1";
        }

        @Override
        public int getTaskId() {
            return 0;
        }

        @Override
        public <T> T getInput(Class<T> type) {
            return type.cast(PHONE);
        }

        @Override
        public void checkpoint(Object value) {
            saved = value;
        }

        @Override
        public <T> Optional<T> getCheckpoint(Class<T> type) {
            return Optional.ofNullable(saved).map(type::cast);
        }
    }

    private static RandomGenerator fixed(int value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return value;
            }

            @Override
            public int nextInt(int bound) {
                return value;
            }
        };
    }

    @Test
    void shouldSaveTheCodeBeforeTextingIt() {
        Provider provider = new Provider();
        provider.context = new Context(null);

        Object code = new SendSmsChallenge(provider, fixed(274)).run(provider.context);

        assertThat(code).isEqualTo(274);
        assertThat(provider.sent).containsExactly(PHONE + ": Your verification code is 0274");
        assertThat(provider.checkpointedBeforeSending).containsExactly(true);
        assertThat(((SendSmsChallenge.Sent) provider.context.saved).code()).isEqualTo(274);
    }

    @Test
    void shouldNotTextAgainWhatAnEarlierRunOfTheTaskSent() {
        Provider provider = new Provider();
        provider.context = new Context(null);
        new SendSmsChallenge(provider, fixed(274)).run(provider.context);
        // its worker died before the result was recorded: the task runs again, with the checkpoint
        Context again = new Context(provider.context.saved);

        Object code = new SendSmsChallenge(provider, fixed(9999)).run(again);

        assertThat(code).as("the code the person has").isEqualTo(274);
        assertThat(provider.sent).hasSize(1);
    }

    @Test
    void shouldTextTheSavedCodeWhenTheEarlierRunDiedBeforeTexting() {
        Provider provider = new Provider();
        Context again = new Context(new SendSmsChallenge.Sent(274, Instant.now()));

        Object code = new SendSmsChallenge(provider, fixed(9999)).run(again);

        assertThat(code).isEqualTo(274);
        assertThat(provider.sent).containsExactly(PHONE + ": Your verification code is 0274");
    }
}
