package dev.dtk.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's endpoints as a scraper or a prober reads them: a page answered 200, and the values of
 * a Prometheus text page, so that a test or a bench can wait on what a process says about itself.
 */
public final class MetricsPage {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private MetricsPage() {
    }

    /** The body of {@code url}'s answer when it is 200; empty while nothing listens there or it answers otherwise. */
    public static Optional<String> fetch(String url) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of the series {@code name} whose label {@code label} is {@code value}; empty when absent or NaN. */
    public static OptionalDouble gauge(String page, String name, String label, String value) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(label) + "=\""
                + Pattern.quote(value) + "\"[^}]*} (\\S+)$").matcher(page);
        if (!line.find() || line.group(1).equals("NaN")) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Double.parseDouble(line.group(1)));
    }
}
