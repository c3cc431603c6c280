package dev.dtk.worker.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dtk.activity.ActivityContext;
import dev.dtk.http.AccessToken;
import dev.dtk.http.ClientCredentialsTokenSource;
import dev.dtk.http.CustomTokenSource;
import dev.dtk.http.DurableHttpRequest;
import dev.dtk.http.DurableHttpResponse;
import dev.dtk.http.HttpCallTimeoutException;
import dev.dtk.http.HttpClientCustomizer;
import dev.dtk.http.HttpConnectionException;
import dev.dtk.http.HttpMethod;
import dev.dtk.http.HttpRequestRefusedException;
import dev.dtk.http.HttpResponseTooLargeException;
import dev.dtk.http.HttpTokenException;
import dev.dtk.http.ManagedIdentityTokenSource;
import dev.dtk.http.TokenProvider;
import dev.dtk.topics.Limits;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.worker.http.HttpSettings;
import dev.dtk.worker.http.LocalEndpoint;
import dev.dtk.worker.http.LocalEndpoint.Answer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The built-in HTTP activity against real local servers, without Kafka. */
class HttpActivityTest {

    private final LocalEndpoint api = LocalEndpoint.start();
    private final LocalEndpoint identity = LocalEndpoint.start();
    private final MovableClock clock = new MovableClock(Instant.parse("2025-03-01T10:00:00Z"));
    private final AtomicInteger issued = new AtomicInteger();
    private HttpActivity activity;

    @AfterEach
    void stop() {
        api.close();
        identity.close();
        if (activity != null) {
            activity.close();
        }
    }

    private HttpActivity activity(Consumer<HttpSettings.Builder> settings) {
        return activity(settings, Limits.DEFAULT);
    }

    private HttpActivity activity(Consumer<HttpSettings.Builder> settings, Limits limits) {
        HttpSettings.Builder builder = HttpSettings.builder();
        settings.accept(builder);
        activity = new HttpActivity(builder.build(), limits, clock);
        return activity;
    }

    private static DurableHttpResponse run(HttpActivity activity, DurableHttpRequest request) throws Exception {
        return (DurableHttpResponse) activity.run(new Context(DtkJson.toTree(request)));
    }

    /** Issues tokens valid for 60 s (by the clock), numbered, checking a secret header when one is given. */
    private Answer tokenFor(LocalEndpoint.Received request, String header, String value) {
        if (header != null && !request.header(header).orElse("").equals(value)) {
            return Answer.of(401, "{\"error\":\"bad header\"}");
        }
        long expiresOn = clock.instant().plusSeconds(60).getEpochSecond();
        return Answer.of(200, "{\"access_token\":\"token-" + issued.incrementAndGet() + "\",\"expires_on\":\""
                + expiresOn + "\",\"token_type\":\"Bearer\"}", "Content-Type", "application/json");
    }

    @Test
    void shouldReturnAnyStatusWithEveryHeaderAndTheTextContent() throws Exception {
        api.on("/missing", r -> Answer.of(404, "{\"error\":\"nope\"}", "Content-Type", "application/problem+json",
                "X-Request-Id", "r1"));

        DurableHttpResponse answer = run(activity(s -> { }), DurableHttpRequest.get(api.uri("/missing")));

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.content()).isEqualTo("{\"error\":\"nope\"}");
        assertThat(answer.contentBase64()).isNull();
        assertThat(answer.header("content-type")).contains("application/problem+json");
        assertThat(answer.header("X-Request-Id")).contains("r1");
    }

    @Test
    void shouldReturnBinaryContentAsBase64() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, (byte) 0xff};
        api.on("/logo", r -> new Answer(200, Map.of("Content-Type", "image/png"), png));

        DurableHttpResponse answer = run(activity(s -> { }), DurableHttpRequest.get(api.uri("/logo")));

        assertThat(answer.content()).isNull();
        assertThat(answer.binaryContent()).containsExactly(png);
    }

    @Test
    void shouldSendTheMethodHeadersAndContent() throws Exception {
        api.on("/jobs", r -> Answer.of(201, "made"));

        run(activity(s -> { }), DurableHttpRequest.builder(HttpMethod.PUT, api.uri("/jobs?x=1"))
                .header("X-Many", "a", "b").jsonContent(Map.of("n", 1)).build());

        LocalEndpoint.Received received = api.received("/jobs").getFirst();
        assertThat(received.method()).isEqualTo("PUT");
        assertThat(received.query()).isEqualTo("x=1");
        assertThat(received.headers().get("X-Many")).containsExactly("a", "b");
        assertThat(received.header("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(received.body()).isEqualTo("{\"n\":1}");
    }

    @Test
    void shouldGetAppServiceTokensWithTheIdentityHeaderAndRenewThemShortlyBeforeTheyExpire() throws Exception {
        identity.on("/msi/token", r -> tokenFor(r, "X-IDENTITY-HEADER", "id-secret"));
        api.on("/vm", r -> Answer.of(200, r.header("Authorization").orElse("none")));
        HttpActivity http = activity(s -> s.appServiceIdentity(identity.uri("/msi/token"), "id-secret"));
        DurableHttpRequest request = DurableHttpRequest.builder(HttpMethod.POST, api.uri("/vm"))
                .tokenSource(new ManagedIdentityTokenSource("https://management.core.windows.net/.default", "mi-1"))
                .build();

        String first = run(http, request).content();
        clock.advance(Duration.ofSeconds(30));
        String cached = run(http, request).content();
        clock.advance(Duration.ofSeconds(20));
        String renewed = run(http, request).content();

        assertThat(first).isEqualTo("Bearer token-1");
        assertThat(cached).isEqualTo("Bearer token-1");
        assertThat(renewed).as("within a quarter of its lifetime of expiry").isEqualTo("Bearer token-2");
        LocalEndpoint.Received asked = identity.received("/msi/token").getFirst();
        assertThat(asked.query()).isEqualTo("api-version=2019-08-01&resource=https%3A%2F%2Fmanagement.core.windows.net"
                + "&client_id=mi-1");
        assertThat(asked.header("Metadata")).isEmpty();
    }

    @Test
    void shouldFailWithTheIdentityEndpointsAnswerWhenItRefuses() throws Exception {
        identity.on("/msi/token", r -> tokenFor(r, "X-IDENTITY-HEADER", "id-secret"));
        HttpActivity http = activity(s -> s.appServiceIdentity(identity.uri("/msi/token"), "wrong"));

        assertThatThrownBy(() -> run(http, DurableHttpRequest.builder(HttpMethod.GET, api.uri("/vm"))
                .tokenSource(new ManagedIdentityTokenSource("api://x")).build()))
                .isInstanceOf(HttpTokenException.class)
                .hasMessage("could not get a token for resource api://x: the managed identity endpoint "
                        + identity.uri("/msi/token") + " answered 401: {\"error\":\"bad header\"}");
        assertThat(api.received()).isEmpty();
    }

    @Test
    void shouldAskImdsWithMetadataAndNeverSendTheAppServiceSecretToAnotherEndpoint() throws Exception {
        identity.on("/metadata/identity/oauth2/token", r -> tokenFor(r, "Metadata", "true"));
        api.on("/vault", r -> Answer.of(200, r.header("Authorization").orElse("none")));
        HttpActivity http = activity(s -> s.appServiceIdentity(URI.create("http://127.0.0.1:1/msi"), "id-secret"));

        DurableHttpResponse answer = run(http, DurableHttpRequest.builder(HttpMethod.GET, api.uri("/vault"))
                .tokenSource(new ManagedIdentityTokenSource("https://vault.azure.net", null,
                        identity.uri("/metadata/identity/oauth2/token"))).build());

        assertThat(answer.content()).isEqualTo("Bearer token-1");
        LocalEndpoint.Received asked = identity.received("/metadata/identity/oauth2/token").getFirst();
        assertThat(asked.query()).isEqualTo("api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net");
        assertThat(asked.headers()).doesNotContainKey("X-IDENTITY-HEADER");
    }

    @Test
    void shouldUseTheImdsEndpointOfTheSettingsWithoutAppService() throws Exception {
        identity.on("/imds", r -> tokenFor(r, "Metadata", "true"));
        api.on("/x", r -> Answer.of(200, r.header("Authorization").orElse("none")));

        DurableHttpResponse answer = run(activity(s -> s.imdsEndpoint(identity.uri("/imds"))),
                DurableHttpRequest.builder(HttpMethod.GET, api.uri("/x"))
                        .tokenSource(new ManagedIdentityTokenSource("api://x")).build());

        assertThat(answer.content()).isEqualTo("Bearer token-1");
    }

    @Test
    void shouldGetClientCredentialsTokensWithTheWorkersSecret() throws Exception {
        identity.on("/oauth/token", r -> r.body().contains("client_secret=s3cret")
                ? Answer.of(200, "{\"access_token\":\"cc-1\",\"expires_in\":3600}") : Answer.of(400, "bad"));
        api.on("/partner", r -> Answer.of(200, r.header("Authorization").orElse("none")));
        HttpActivity http = activity(s -> s.credential("partner", new HttpSettings.ClientCredential("app-1",
                "s3cret", identity.uri("/oauth/token"))));

        DurableHttpResponse answer = run(http, DurableHttpRequest.builder(HttpMethod.GET, api.uri("/partner"))
                .tokenSource(new ClientCredentialsTokenSource(identity.uri("/oauth/token"), "api://p/.default",
                        "Partner")).build());

        assertThat(answer.content()).isEqualTo("Bearer cc-1");
        assertThat(identity.received("/oauth/token").getFirst().body()).isEqualTo("grant_type=client_credentials"
                + "&client_id=app-1&client_secret=s3cret&scope=api%3A%2F%2Fp%2F.default");
    }

    @Test
    void shouldSendACredentialOnlyToItsOwnTokenUrl() {
        HttpActivity http = activity(s -> s.credential("partner", new HttpSettings.ClientCredential("app-1",
                "s3cret", identity.uri("/oauth/token"))));

        assertThatThrownBy(() -> run(http, DurableHttpRequest.builder(HttpMethod.GET, api.uri("/partner"))
                .tokenSource(new ClientCredentialsTokenSource(api.uri("/steal"), null, "partner")).build()))
                .isInstanceOf(HttpRequestRefusedException.class)
                .hasMessage("credential 'partner' is only sent to " + identity.uri("/oauth/token")
                        + ", but the token source names " + api.uri("/steal"));
        assertThatThrownBy(() -> run(http, DurableHttpRequest.builder(HttpMethod.GET, api.uri("/partner"))
                .tokenSource(new ClientCredentialsTokenSource(api.uri("/t"), null, "other")).build()))
                .isInstanceOf(HttpRequestRefusedException.class)
                .hasMessage("no credential 'other' is configured on the HTTP workers: set"
                        + " DTK_HTTP_CREDENTIAL_OTHER_CLIENT_ID, _CLIENT_SECRET and _TOKEN_URL");
        assertThat(api.received()).isEmpty();
    }

    @Test
    void shouldAskTheProviderRegisteredForACustomKind() throws Exception {
        api.on("/custom", r -> Answer.of(200, r.header("Authorization").orElse("none")));
        TokenProvider vault = new TokenProvider() {
            @Override
            public String kind() {
                return "vault";
            }

            @Override
            public AccessToken token(CustomTokenSource source) {
                return new AccessToken("vault-" + source.options().get("role"), Instant.now().plusSeconds(600));
            }
        };
        HttpActivity http = activity(s -> s.tokenProvider(vault));

        DurableHttpResponse answer = run(http, DurableHttpRequest.builder(HttpMethod.GET, api.uri("/custom"))
                .tokenSource(new CustomTokenSource("vault", Map.of("role", "reader"))).build());

        assertThat(answer.content()).isEqualTo("Bearer vault-reader");
        assertThatThrownBy(() -> run(http, DurableHttpRequest.builder(HttpMethod.GET, api.uri("/custom"))
                .tokenSource(new CustomTokenSource("unknown")).build()))
                .hasMessage("no token provider of kind 'unknown' is registered on the HTTP workers; registered"
                        + " kinds: [vault]");
    }

    @Test
    void shouldKeepAuthorizationOnItsOriginAcrossRedirects() throws Exception {
        try (LocalEndpoint other = LocalEndpoint.start()) {
            other.on("/landing", r -> Answer.of(200, r.header("Authorization").orElse("none")));
            api.on("/same", r -> Answer.of(200, r.header("Authorization").orElse("none")));
            api.on("/moved", r -> Answer.of(302, null, "Location", "/same"));
            api.on("/away", r -> Answer.of(307, null, "Location", other.uri("/landing").toString()));
            HttpActivity http = activity(s -> { });

            DurableHttpResponse kept = run(http, DurableHttpRequest.builder(HttpMethod.GET, api.uri("/moved"))
                    .header("Authorization", "Basic dXNlcjpwdw==").build());
            DurableHttpResponse dropped = run(http, DurableHttpRequest.builder(HttpMethod.GET, api.uri("/away"))
                    .header("Authorization", "Basic dXNlcjpwdw==").build());

            assertThat(kept.content()).isEqualTo("Basic dXNlcjpwdw==");
            assertThat(dropped.content()).isEqualTo("none");
        }
    }

    @Test
    void shouldRefuseHostsOutsideTheAllowList() {
        HttpActivity http = activity(s -> s.allowedHosts(List.of("*.example.com", "api.partner.net")));

        assertThatThrownBy(() -> run(http, DurableHttpRequest.get(api.uri("/x?code=key"))))
                .isInstanceOf(HttpRequestRefusedException.class)
                .hasMessage("GET " + api.uri("/x") + " was not sent: host '127.0.0.1' is not in the HTTP workers'"
                        + " allow-list (DTK_HTTP_ALLOWED_HOSTS=*.example.com,api.partner.net)");
        assertThat(new HostAllowList(List.of("*.example.com")).allows("a.example.com")).isTrue();
        assertThat(new HostAllowList(List.of("*.example.com")).allows("example.com.evil.net")).isFalse();
    }

    @Test
    void shouldFailAnAnswerOverThePayloadLimitWithoutReadingItAll() {
        Limits small = new Limits(64 * 1024 + 24 * 1024 + 1024, 8 * 1024, 120, 512 * 1024);
        api.on("/big", r -> Answer.of(200, "x".repeat(100_000)));
        api.on("/almost", r -> Answer.of(200, "\"".repeat(7 * 1024)));
        HttpActivity http = activity(s -> { }, small);

        assertThatThrownBy(() -> run(http, DurableHttpRequest.get(api.uri("/big"))))
                .isInstanceOf(HttpResponseTooLargeException.class)
                .hasMessage("the answer to GET " + api.uri("/big") + " is more than 8192 bytes, over the limit for one"
                        + " payload (DTK_MAX_PAYLOAD_BYTES); callHttp keeps every answer in history: fetch large bodies"
                        + " in an activity that stores them and returns a reference");
        assertThatThrownBy(() -> run(http, DurableHttpRequest.get(api.uri("/almost"))))
                .isInstanceOf(HttpResponseTooLargeException.class)
                .hasMessageStartingWith("the answer to GET " + api.uri("/almost") + " (200) is ");
    }

    @Test
    void shouldGiveUpOnASlowEndpointAtTheRequestsTimeout() {
        api.on("/slow", r -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.of(200, "late");
        });

        long start = System.nanoTime();
        assertThatThrownBy(() -> run(activity(s -> { }), DurableHttpRequest.builder(HttpMethod.GET, api.uri("/slow"))
                .timeout(Duration.ofMillis(300)).build()))
                .isInstanceOf(HttpCallTimeoutException.class)
                .hasMessage("GET " + api.uri("/slow") + " got no answer within PT0.3S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void shouldReportARefusedConnection() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/x");

        assertThatThrownBy(() -> run(activity(s -> { }), DurableHttpRequest.get(nowhere)))
                .isInstanceOf(HttpConnectionException.class)
                .hasMessageStartingWith("GET " + nowhere + " failed: java.net.ConnectException");
    }

    @Test
    void shouldLetACustomizerAddDefaultHeadersThatTheRequestMayOverride() throws Exception {
        api.on("/h", r -> Answer.of(200, r.header("User-Agent").orElse("") + "|" + r.header("X-Team").orElse("")));
        HttpClientCustomizer platform = new HttpClientCustomizer() {
            @Override
            public void customizeRequest(HttpRequest.Builder request) {
                request.setHeader("User-Agent", "dtk-platform").setHeader("X-Team", "ops");
            }
        };
        HttpActivity http = activity(s -> s.customizer(platform));

        DurableHttpResponse answer = run(http, DurableHttpRequest.builder(HttpMethod.GET, api.uri("/h"))
                .header("X-Team", "payments").build());

        assertThat(answer.content()).isEqualTo("dtk-platform|payments");
    }

    @Test
    void shouldShowNoSecretInTheSettings() {
        HttpSettings settings = HttpSettings.fromEnvironment(Map.of("IDENTITY_ENDPOINT", "http://127.0.0.1:41/msi",
                "IDENTITY_HEADER", "id-secret", "DTK_HTTP_CREDENTIAL_PARTNER_CLIENT_ID", "app-1",
                "DTK_HTTP_CREDENTIAL_PARTNER_CLIENT_SECRET", "s3cret", "DTK_HTTP_CREDENTIAL_PARTNER_TOKEN_URL",
                "https://login.example.com/t", "DTK_HTTP_ALLOWED_HOSTS", "a.com, *.b.com")).build();

        assertThat(settings.toString()).doesNotContain("id-secret").doesNotContain("s3cret")
                .contains("allowedHosts=[a.com, *.b.com]").contains("clientId=app-1");
        assertThat(settings.credential("partner")).isPresent();
        assertThatThrownBy(() -> HttpSettings.fromEnvironment(Map.of("IDENTITY_ENDPOINT", "http://x/msi")))
                .hasMessage("IDENTITY_ENDPOINT is set but IDENTITY_HEADER is not; App Service sets both");
    }

    private record Context(com.fasterxml.jackson.databind.JsonNode input) implements ActivityContext {

        @Override
        public String getName() {
            return "BuiltIn::HttpActivity";
        }

        @Override
        public String getInstanceId() {
            return "i";
        }

        @Override
        public String getExecutionId() {
            return "e";
        }

        @Override
        public int getTaskId() {
            return 0;
        }

        @Override
        public <T> T getInput(Class<T> type) {
            return DtkJson.fromTree(input, type);
        }
    }

    private static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
