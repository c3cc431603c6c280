package dev.dtk.worker.sms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Twilio account that sends SMS: {@code TWILIO_ACCOUNT_SID}, {@code TWILIO_AUTH_TOKEN} and
 * {@code TWILIO_PHONE_NUMBER} (the sender). {@link #toString()} never shows the token.
 */
public record TwilioSettings(String accountSid, String authToken, String fromNumber) {

    public static final List<String> VARIABLES = List.of("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_PHONE_NUMBER");

    /** What the environment says: settings when all three are set, else which are missing. */
    public static Lookup fromEnvironment(Map<String, String> env) {
        List<String> missing = new ArrayList<>();
        for (String name : VARIABLES) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            return new Lookup(Optional.empty(), missing);
        }
        return new Lookup(Optional.of(new TwilioSettings(env.get("TWILIO_ACCOUNT_SID").trim(),
                env.get("TWILIO_AUTH_TOKEN").trim(), env.get("TWILIO_PHONE_NUMBER").trim())), List.of());
    }

    /** The settings found, or the variables that are missing. */
    public record Lookup(Optional<TwilioSettings> settings, List<String> missing) {

        /** None of the variables is set: the deployment does not use Twilio at all. */
        public boolean noneSet() {
            return missing.size() == VARIABLES.size();
        }
    }

    @Override
    public String toString() {
        return "TwilioSettings[accountSid=" + accountSid + ", authToken=[redacted], fromNumber=" + fromNumber + "]";
    }
}
