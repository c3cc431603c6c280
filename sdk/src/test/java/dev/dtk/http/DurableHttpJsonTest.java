package dev.dtk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DurableHttpJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldWriteTheRequestInDurableFunctionsShape() throws Exception {
        DurableHttpRequest request = DurableHttpRequest.builder(HttpMethod.POST, URI.create("https://example.com/vm"))
                .header("Accept", "application/json")
                .header("X-Many", "a", "b")
                .jsonContent(Map.of("restart", true))
                .tokenSource(new ManagedIdentityTokenSource("https://management.core.windows.net/.default"))
                .timeout(Duration.ofMinutes(5))
                .retryOptions(new HttpRetryOptions(Duration.ofSeconds(5), 3).withStatusCodesToRetry(429, 503))
                .build();

        JsonNode json = JSON.valueToTree(request);

        assertThat(json.toString()).isEqualTo("{\"method\":\"POST\",\"uri\":\"https://example.com/vm\","
                + "\"headers\":{\"Accept\":\"application/json\",\"Content-Type\":\"application/json; charset=utf-8\","
                + "\"X-Many\":[\"a\",\"b\"]},\"content\":\"{\\\"restart\\\":true}\","
                + "\"tokenSource\":{\"kind\":\"AzureManagedIdentity\","
                + "\"resource\":\"https://management.core.windows.net/.default\"},"
                + "\"asynchronousPatternEnabled\":true,\"timeout\":\"PT5M\",\"retryOptions\":{\"firstRetryInterval\":"
                + "\"PT5S\",\"maxNumberOfAttempts\":3,\"backoffCoefficient\":1.0,\"statusCodesToRetry\":[429,503]}}");
        assertThat(JSON.treeToValue(json, DurableHttpRequest.class)).isEqualTo(request);
    }

    @Test
    void shouldReadARequestWithDefaultsAndHeadersAsStringsOrLists() throws Exception {
        DurableHttpRequest request = JSON.readValue("""
                {"uri":"http://localhost:8080/x","headers":{"a":"1","B":["2","3"]}}""", DurableHttpRequest.class);

        assertThat(request.method()).isEqualTo(HttpMethod.GET);
        assertThat(request.asynchronousPatternEnabled()).isTrue();
        assertThat(request.header("A")).contains("1");
        assertThat(request.headers().get("b")).containsExactly("2", "3");
        assertThat(request.retryAfterWhenAbsent()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldRoundTripEveryKindOfTokenSource() throws Exception {
        List<TokenSource> sources = List.of(
                new ManagedIdentityTokenSource("api://x", "client-1", URI.create("http://127.0.0.1:9/token")),
                new ClientCredentialsTokenSource(URI.create("https://login.example.com/token"), "api://x/.default",
                        "partner"),
                new CustomTokenSource("vault", Map.of("role", "reader")));
        for (TokenSource source : sources) {
            String json = JSON.writeValueAsString(source);
            assertThat(JSON.readValue(json, TokenSource.class)).as(json).isEqualTo(source);
        }
        assertThat(JSON.writeValueAsString(sources.get(1))).isEqualTo("{\"kind\":\"OAuth2ClientCredentials\","
                + "\"tokenUrl\":\"https://login.example.com/token\",\"scope\":\"api://x/.default\",\"credential\":"
                + "\"partner\"}");
        assertThat(JSON.writeValueAsString(sources.get(2))).isEqualTo(
                "{\"kind\":\"vault\",\"options\":{\"role\":\"reader\"}}");
    }

    @Test
    void shouldKeepBinaryContentApartFromText() throws Exception {
        DurableHttpResponse binary = new DurableHttpResponse(200, Map.of("Content-Type", List.of("image/png")), null,
                "AAEC");
        String json = JSON.writeValueAsString(binary);

        assertThat(json).isEqualTo("{\"statusCode\":200,\"headers\":{\"Content-Type\":\"image/png\"},"
                + "\"contentBase64\":\"AAEC\"}");
        DurableHttpResponse read = JSON.readValue(json, DurableHttpResponse.class);
        assertThat(read).isEqualTo(binary);
        assertThat(read.binaryContent()).containsExactly(0, 1, 2);
        assertThat(read.header("content-type")).contains("image/png");
    }

    @Test
    void shouldRefuseRequestsThatCannotBeSent() {
        assertThatThrownBy(() -> DurableHttpRequest.get(URI.create("/relative")))
                .hasMessage("a DurableHttpRequest needs an absolute http or https URI with a host, got '/relative'");
        assertThatThrownBy(() -> DurableHttpRequest.builder(HttpMethod.GET, URI.create("ftp://x/y")).build())
                .hasMessageContaining("absolute http or https URI");
        assertThatThrownBy(() -> DurableHttpRequest.builder(HttpMethod.GET, URI.create("http://x/"))
                .header("X", "a\r\nInjected: 1").build())
                .hasMessage("invalid value of header 'X': it must be set and hold no line breaks");
        assertThatThrownBy(() -> new HttpRetryOptions(Duration.ZERO, 3))
                .hasMessage("firstRetryInterval must be a positive duration, was PT0S");
        assertThatThrownBy(() -> new CustomTokenSource("AzureManagedIdentity"))
                .hasMessageContaining("built-in kind");
    }

    @Test
    void shouldTellAFailureOfCallHttpByItsExceptionClass() {
        dev.dtk.orchestration.FailureDetails details = new dev.dtk.orchestration.FailureDetails(
                HttpTokenException.class.getName(), "no token", null);

        assertThat(details.isCausedBy(HttpTokenException.class)).isTrue();
        assertThat(details.isCausedBy(HttpConnectionException.class)).isFalse();
    }

    @Test
    void shouldNotShowTheTokenOfAnAccessToken() {
        assertThat(new AccessToken("secret-token", java.time.Instant.EPOCH).toString()).doesNotContain("secret");
    }
}
