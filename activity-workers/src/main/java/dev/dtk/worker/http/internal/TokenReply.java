package dev.dtk.worker.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.http.AccessToken;
import dev.dtk.http.HttpTokenException;
import dev.dtk.topics.json.DtkJson;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * A token endpoint's answer (OAuth 2.0, App Service, IMDS): {@code access_token} with
 * {@code expires_on} (seconds since the epoch) or {@code expires_in} (seconds from now). The body of
 * a successful answer is never quoted in an error: it may hold the token.
 */
final class TokenReply {

    /** When an endpoint says nothing about expiry, the token is used this long at most. */
    static final Duration UNSTATED_LIFETIME = Duration.ofMinutes(5);
    private static final int QUOTED_CHARS = 500;

    private TokenReply() {
    }

    static AccessToken read(HttpResponse<String> reply, String endpoint, String what, Instant now) {
        if (reply.statusCode() != 200) {
            String body = reply.body() == null ? "" : reply.body().strip();
            throw new HttpTokenException("could not get a token for " + what + ": " + endpoint + " answered "
                    + reply.statusCode() + (body.isEmpty() ? "" : ": " + cut(body)));
        }
        JsonNode json;
        try {
            json = DtkJson.mapper().readTree(reply.body());
        } catch (Exception e) {
            throw new HttpTokenException("could not get a token for " + what + ": " + endpoint
                    + " answered 200 without a JSON body");
        }
        String token = json.path("access_token").asText("");
        if (token.isBlank()) {
            throw new HttpTokenException("could not get a token for " + what + ": the answer of " + endpoint
                    + " has no access_token");
        }
        return new AccessToken(token, expiry(json, now));
    }

    private static Instant expiry(JsonNode json, Instant now) {
        long expiresOn = seconds(json.path("expires_on"));
        if (expiresOn > 0) {
            return Instant.ofEpochSecond(expiresOn);
        }
        long expiresIn = seconds(json.path("expires_in"));
        return expiresIn > 0 ? now.plusSeconds(expiresIn) : now.plus(UNSTATED_LIFETIME);
    }

    private static long seconds(JsonNode node) {
        if (node.isNumber()) {
            return node.asLong();
        }
        String text = node.asText("").trim();
        return text.chars().allMatch(Character::isDigit) && !text.isEmpty() && text.length() < 15
                ? Long.parseLong(text) : -1;
    }

    private static String cut(String text) {
        return text.length() <= QUOTED_CHARS ? text : text.substring(0, QUOTED_CHARS) + "...";
    }
}
