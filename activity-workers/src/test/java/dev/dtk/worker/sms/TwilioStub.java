package dev.dtk.worker.sms;

import com.sun.net.httpserver.HttpServer;
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
 * ({@link TwilioEndpoint}, as {@code TWILIO_API_URL} does).
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
            if (exchange.getRequestMethod().equals("GET")) {
                byte[] list = messageList(exchange.getRequestURI().getRawQuery()).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, list.length);
                exchange.getResponseBody().write(list);
                exchange.close();
                return;
            }
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
        return TwilioEndpoint.client(accountSid, authToken, url());
    }

    /** The stub's address, as {@code TWILIO_API_URL} takes it. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
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

    /** The Messages API's list (GET), of the messages posted so far to the query's {@code To}. */
    private String messageList(String query) {
        String to = parse(query == null ? "" : query).get("To");
        String messages = received.stream().filter(r -> r.form().get("To") != null && r.form().get("To").equals(to))
                .map(r -> messageJson(r.form())).collect(java.util.stream.Collectors.joining(","));
        return "{\"messages\":[" + messages + "],\"uri\":\"/2010-04-01/Accounts/x/Messages.json\","
                + "\"first_page_uri\":\"/2010-04-01/Accounts/x/Messages.json\",\"next_page_uri\":null,"
                + "\"previous_page_uri\":null,\"page\":0,\"page_size\":50,\"start\":0,\"end\":0}";
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
