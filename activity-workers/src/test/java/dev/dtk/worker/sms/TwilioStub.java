package dev.dtk.worker.sms;

import com.sun.net.httpserver.HttpServer;
import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local Twilio-compatible endpoint for the Messages API, and a Twilio SDK client pointed at it
 * (the SDK's own HTTP client, with each request's address moved from api.twilio.com to the stub).
 */
public final class TwilioStub implements AutoCloseable {

    /** A request the stub received. */
    public record Received(String method, String path, String authorization, Map<String, String> form) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 201;
    private volatile String body;

    public TwilioStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), parse(form)));
            byte[] answer = (body != null ? body : messageJson(parse(form))).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** From now on, answer every request with {@code status} and {@code json}. */
    public void answer(int status, String json) {
        this.status = status;
        this.body = json;
    }

    public List<Received> received() {
        return received;
    }

    /** A Twilio SDK client whose requests reach this stub instead of api.twilio.com. */
    public TwilioRestClient client(String accountSid, String authToken) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        NetworkHttpClient network = new NetworkHttpClient();
        HttpClient redirecting = new HttpClient() {
            @Override
            public Response makeRequest(Request request) {
                URI original = URI.create(request.getUrl());
                Request moved = new Request(request.getMethod(), base + original.getPath());
                request.getPostParams().forEach((k, values) -> values.forEach(v -> moved.addPostParam(k, v)));
                request.getQueryParams().forEach((k, values) -> values.forEach(v -> moved.addQueryParam(k, v)));
                request.getHeaderParams().forEach((k, values) -> values.forEach(v -> moved.addHeaderParam(k, v)));
                moved.setAuth(request.getUsername(), request.getPassword());
                return network.makeRequest(moved);
            }
        };
        return new TwilioRestClient.Builder(accountSid, authToken).httpClient(redirecting).build();
    }

    private static Map<String, String> parse(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            if (!pair.isEmpty()) {
                String[] kv = pair.split("=", 2);
                fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return fields;
    }

    private static String messageJson(Map<String, String> form) {
        return "{\"sid\":\"SM00000000000000000000000000000001\",\"status\":\"queued\",\"to\":\"" + form.get("To")
                + "\",\"from\":\"" + form.get("From") + "\",\"body\":\"" + form.get("Body") + "\"}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
