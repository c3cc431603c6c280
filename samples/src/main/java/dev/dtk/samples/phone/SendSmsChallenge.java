package dev.dtk.samples.phone;

import dev.dtk.activity.Activity;
import dev.dtk.activity.ActivityContext;
import dev.dtk.sms.SmsSender;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * {@code E4_SendSmsChallenge}: picks a random code 0000–9999, texts "Your verification code is NNNN"
 * to the phone number and returns the code to the orchestration. The code is never logged here; it
 * reaches history only as this activity's result (and the task's checkpoint).
 *
 * <p>One SMS, even when the worker dies mid-way: the code is saved as the task's checkpoint before the
 * text goes out. When the task runs again because its worker died before its result was recorded, it
 * takes the saved code and asks the SMS provider whether that text already went out, and sends it only
 * if not, so the person gets one SMS, and its code is the one the orchestration checks.
 */
public final class SendSmsChallenge implements Activity {

    public static final String NAME = "E4_SendSmsChallenge";
    /** The queue of the SMS activity, so an SMS worker can be deployed on its own. */
    public static final String QUEUE = "sms";

    /** How far the SMS provider's clock may be behind this worker's. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final SmsSender sender;
    private final RandomGenerator random;

    public SendSmsChallenge(SmsSender sender) {
        this(sender, new SecureRandom());
    }

    SendSmsChallenge(SmsSender sender, RandomGenerator random) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.random = random;
    }

    /** What a run saves before it texts: the code, and when. */
    public record Sent(int code, Instant at) {
    }

    @Override
    public Object run(ActivityContext ctx) {
        String phoneNumber = ctx.getInput(String.class);
        Optional<Sent> earlier = ctx.getCheckpoint(Sent.class);
        if (earlier.isPresent()) {
            String message = message(earlier.get().code());
            if (!sender.wasSent(phoneNumber, message, earlier.get().at().minus(CLOCK_SKEW))) {
                sender.send(phoneNumber, message);
            }
            return earlier.get().code();
        }
        int code = random.nextInt(10_000);
        ctx.checkpoint(new Sent(code, Instant.now()));
        sender.send(phoneNumber, message(code));
        return code;
    }

    static String message(int code) {
        return String.format("Your verification code is %04d", code);
    }
}
