package dev.dtk.bench.chaos;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phones of the chaos run: a Twilio-compatible Messages API ({@code TWILIO_API_URL} of the SMS
 * workers) that keeps every SMS by number and tells a listener about each one, as a person reading
 * their phone would, and lists the messages sent to a number, as Twilio's message log does.
 */
final class SmsInbox implements AutoCloseable {

    private static final Pattern CODE = Pattern.compile("verification code is (\\d{4})");

    /** One SMS as received. */
    record Sms(String to, String body, Instant at) {

        /** The code the SMS carries, or -1. */
        int code() {
            Matcher m = CODE.matcher(body);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }
    }

    private final HttpServer server;
    private final Map<String, List<Sms>> byNumber = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger lookups = new AtomicInteger();
    private volatile BiConsumer<Sms, Integer> listener = (sms, nth) -> { };

    SmsInbox() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the SMS inbox", e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            if (exchange.getRequestMethod().equals("GET")) {
                // the Messages API's list: an SMS task that runs again asks whether its text went out
                String to = parse(exchange.getRequestURI().getRawQuery() == null ? ""
                        : exchange.getRequestURI().getRawQuery()).getOrDefault("To", "");
                String messages = String.join(",", to(to).stream().map(m -> "{\"sid\":\"SMx\",\"to\":\""
                        + m.to() + "\",\"body\":\"" + m.body() + "\",\"status\":\"sent\"}").toList());
                byte[] list = ("{\"messages\":[" + messages + "],\"uri\":\"/Messages.json\",\"first_page_uri\":"
                        + "\"/Messages.json\",\"next_page_uri\":null,\"previous_page_uri\":null,\"page\":0,"
                        + "\"page_size\":50,\"start\":0,\"end\":0}").getBytes(StandardCharsets.UTF_8);
                lookups.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, list.length);
                exchange.getResponseBody().write(list);
                exchange.close();
                return;
            }
            Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            Sms sms = new Sms(form.getOrDefault("To", ""), form.getOrDefault("Body", ""), Instant.now());
            List<Sms> messages = byNumber.computeIfAbsent(sms.to(), n -> new ArrayList<>());
            int nth;
            synchronized (messages) {
                messages.add(sms);
                nth = messages.size();
            }
            count.incrementAndGet();
            byte[] answer = ("{\"sid\":\"SM" + String.format("%032d", count.get()) + "\",\"status\":\"queued\",\"to\":\""
                    + sms.to() + "\",\"from\":\"" + form.get("From") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
            listener.accept(sms, nth);
        });
        server.start();
    }

    /** Where the SMS workers send: their {@code TWILIO_API_URL}. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Called with every SMS and how many the number has had so far (1 for the first). */
    void onSms(BiConsumer<Sms, Integer> listener) {
        this.listener = listener;
    }

    List<Sms> to(String number) {
        List<Sms> messages = byNumber.getOrDefault(number, List.of());
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    int total() {
        return count.get();
    }

    /** How often an SMS task that ran again asked whether its text already went out. */
    int lookups() {
        return lookups.get();
    }

    private static Map<String, String> parse(String form) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1],
                        StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
