package dev.dtk.samples.phone;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.orchestration.OrchestrationContext;
import dev.dtk.orchestration.Orchestrator;
import dev.dtk.orchestration.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The seed's phone verification ({@code E4_SmsPhoneVerification}): texts a 4-digit code to the phone
 * number given as input, then gives the person one window (90 s by default) for up to four answers,
 * raised as {@code SmsChallengeResponse} events. Returns {@code true} for the right code, {@code false}
 * after four wrong codes or when the window closes. One durable timer guards the whole window; it is
 * cancelled as soon as it is no longer needed, so a finished instance leaves no timer behind.
 */
public final class SmsPhoneVerification implements Orchestrator {

    public static final String NAME = "E4_SmsPhoneVerification";
    public static final String RESPONSE_EVENT = "SmsChallengeResponse";
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(90);
    static final int MAX_ANSWERS = 4;

    private final Duration window;

    public SmsPhoneVerification(Duration window) {
        this.window = Objects.requireNonNull(window, "window");
    }

    @Override
    public Object run(OrchestrationContext ctx) {
        String phoneNumber = ctx.getInput(String.class);
        if (phoneNumber == null || phoneNumber.isBlank()) {
            throw new IllegalArgumentException("A phone number input is required.");
        }
        int code = ctx.callActivity(SendSmsChallenge.NAME, phoneNumber, Integer.class).await();

        Instant expiresAt = ctx.currentUtcDateTime().plus(window);
        Task<Void> timeout = ctx.createTimer(expiresAt);
        boolean authorized = false;
        for (int answer = 1; answer <= MAX_ANSWERS && !authorized; answer++) {
            Task<JsonNode> response = ctx.waitForExternalEvent(RESPONSE_EVENT, JsonNode.class);
            if (ctx.anyOf(response, timeout).await() != response) {
                break;
            }
            authorized = isCode(response.await(), code);
        }
        if (!timeout.isDone()) {
            timeout.cancel();
        }
        return authorized;
    }

    /** An answer counts as the code when it is that integer, as a JSON number or as digits ("0042"). */
    static boolean isCode(JsonNode answer, int code) {
        if (answer == null) {
            return false;
        }
        if (answer.isIntegralNumber()) {
            return answer.canConvertToInt() && answer.intValue() == code;
        }
        String text = answer.isTextual() ? answer.textValue().trim() : "";
        return text.matches("\\d{1,9}") && Integer.parseInt(text) == code;
    }
}
