package dev.dtk.worker.sms;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import java.net.URI;

/**
 * Where the Twilio SDK sends its requests: Twilio's API, or (with {@code TWILIO_API_URL}) a
 * Twilio-compatible server such as a proxy or a test double. Each request keeps its path, query,
 * form, headers and credentials; only the scheme, host and port (and a path prefix, if any) change.
 */
public final class TwilioEndpoint {

    private TwilioEndpoint() {
    }

    /** A client for the account, talking to Twilio's API when {@code apiUrl} is null, else to {@code apiUrl}. */
    public static TwilioRestClient client(String accountSid, String authToken, URI apiUrl) {
        TwilioRestClient.Builder builder = new TwilioRestClient.Builder(accountSid, authToken);
        if (apiUrl == null) {
            return builder.build();
        }
        String base = apiUrl.toString().replaceAll("/+$", "");
        NetworkHttpClient network = new NetworkHttpClient();
        HttpClient redirecting = new HttpClient() {
            @Override
            public Response makeRequest(Request request) {
                Request moved = new Request(request.getMethod(), base + URI.create(request.getUrl()).getRawPath());
                request.getPostParams().forEach((k, values) -> values.forEach(v -> moved.addPostParam(k, v)));
                request.getQueryParams().forEach((k, values) -> values.forEach(v -> moved.addQueryParam(k, v)));
                request.getHeaderParams().forEach((k, values) -> values.forEach(v -> moved.addHeaderParam(k, v)));
                moved.setAuth(request.getUsername(), request.getPassword());
                return network.makeRequest(moved);
            }
        };
        return builder.httpClient(redirecting).build();
    }
}
