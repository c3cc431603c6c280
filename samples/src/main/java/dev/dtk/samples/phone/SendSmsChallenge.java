package dev.dtk.samples.phone;

import dev.dtk.activity.Activity;
import dev.dtk.activity.ActivityContext;
import dev.dtk.sms.SmsSender;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * {@code E4_SendSmsChallenge}: picks a random code 0000–9999, texts "Your verification code is NNNN"
 * to the phone number and returns the code to the orchestration. The code is never logged here; it
 * reaches history only as this activity's result.
 */
public final class SendSmsChallenge implements Activity {

    public static final String NAME = "E4_SendSmsChallenge";
    /** The queue of the SMS activity, so an SMS worker can be deployed on its own. */
    public static final String QUEUE = "sms";

    private final SmsSender sender;
    private final RandomGenerator random;

    public SendSmsChallenge(SmsSender sender) {
        this(sender, new SecureRandom());
    }

    SendSmsChallenge(SmsSender sender, RandomGenerator random) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.random = random;
    }

    @Override
    public Object run(ActivityContext ctx) {
        String phoneNumber = ctx.getInput(String.class);
        int code = random.nextInt(10_000);
        sender.send(phoneNumber, message(code));
        return code;
    }

    static String message(int code) {
        return String.format("Your verification code is %04d", code);
    }
}
