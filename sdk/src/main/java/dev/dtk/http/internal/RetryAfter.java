package dev.dtk.http.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** When to poll again after an answer: its {@code Retry-After} in seconds or as an HTTP date. */
public final class RetryAfter {

    private static final long MAX_SECONDS = Duration.ofDays(365).toSeconds();

    private RetryAfter() {
    }

    /**
     * The time {@code header} asks for, counted from {@code now}: {@code now + seconds}, or the date
     * (never before {@code now}); empty when the header is absent or malformed.
     */
    public static Optional<Instant> at(Optional<String> header, Instant now) {
        if (header.isEmpty() || header.get().isBlank()) {
            return Optional.empty();
        }
        String value = header.get().trim();
        if (value.chars().allMatch(Character::isDigit)) {
            long seconds = value.length() > 12 ? MAX_SECONDS : Math.min(Long.parseLong(value), MAX_SECONDS);
            return Optional.of(now.plusSeconds(seconds));
        }
        try {
            Instant date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(date.isBefore(now) ? now : date);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
