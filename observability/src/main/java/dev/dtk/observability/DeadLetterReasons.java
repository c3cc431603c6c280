package dev.dtk.observability;

import java.util.Locale;

/**
 * The {@code reason} label of {@code dtk_dead_letters_total}: a dead letter's free-text reason (which
 * names instances and values) sorted into a few kinds, so that the label stays bounded.
 */
public final class DeadLetterReasons {

    public static final String INVALID_KEY = "invalid_key";
    public static final String UNREADABLE = "unreadable";
    public static final String TOO_LARGE = "too_large";
    public static final String INTERNAL_ERROR = "internal_error";
    public static final String UNREADABLE_STATE = "unreadable_state";
    public static final String REFUSED = "refused";

    private DeadLetterReasons() {
    }

    public static String label(String reason) {
        if (reason == null) {
            return REFUSED;
        }
        String text = reason.toLowerCase(Locale.ROOT);
        if (text.startsWith("internal error")) {
            return INTERNAL_ERROR;
        }
        if (text.contains("stored state") || text.contains("cannot read the state")) {
            return UNREADABLE_STATE;
        }
        if (text.startsWith("the record has no key") || text.startsWith("the instance id")) {
            return INVALID_KEY;
        }
        if (text.startsWith("cannot read") || text.startsWith("not a valid") || text.startsWith("the record has no value")
                || text.startsWith("the value is json null")) {
            return UNREADABLE;
        }
        if (text.contains("limit") || text.contains("too large") || text.contains("larger than")) {
            return TOO_LARGE;
        }
        return REFUSED;
    }
}
