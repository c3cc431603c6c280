package dev.dtk.client;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Times as the HTTP API writes them ({@code yyyy-MM-ddTHH:mm:ssZ}) and reads them (any ISO-8601 form). */
public final class Times {

    private static final DateTimeFormatter OUT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    public static String format(Instant time) {
        return time == null ? null : OUT.format(time);
    }

    /** Reads {@code 2026-01-31T12:00:00Z}, an offset time, a local time (taken as UTC) or a date. */
    public static Optional<Instant> parse(String text) {
        String value = text.trim();
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return Optional.of(LocalDateTime.parse(value).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return Optional.of(LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
