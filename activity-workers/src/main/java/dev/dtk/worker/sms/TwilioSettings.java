package dev.dtk.worker.sms;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Twilio account that sends SMS: {@code TWILIO_ACCOUNT_SID}, {@code TWILIO_AUTH_TOKEN} and
 * {@code TWILIO_PHONE_NUMBER} (the sender); optionally {@code TWILIO_API_URL}, a Twilio-compatible
 * server to send to instead of Twilio's API (a proxy, a test double). {@link #toString()} never shows
 * the token.
 */
public record TwilioSettings(String accountSid, String authToken, String fromNumber, URI apiUrl) {

    public static final List<String> VARIABLES = List.of("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_PHONE_NUMBER");
    /** The optional setting of a Twilio-compatible server to send to instead of Twilio's API. */
    public static final String API_URL = "TWILIO_API_URL";

    /** An account that sends through Twilio's own API. */
    public TwilioSettings(String accountSid, String authToken, String fromNumber) {
        this(accountSid, authToken, fromNumber, null);
    }

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
                env.get("TWILIO_AUTH_TOKEN").trim(), env.get("TWILIO_PHONE_NUMBER").trim(), apiUrl(env))), List.of());
    }

    private static URI apiUrl(Map<String, String> env) {
        String value = env.get(API_URL);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(value.trim());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(API_URL + " must be an http or https URL such as http://127.0.0.1:8080,"
                + " but was '" + value + "'");
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
        return "TwilioSettings[accountSid=" + accountSid + ", authToken=[redacted], fromNumber=" + fromNumber
                + (apiUrl == null ? "" : ", apiUrl=" + apiUrl) + "]";
    }
}
