package dev.dtk.samples.http;

import dev.dtk.http.DurableHttpRequest;
import dev.dtk.http.HttpMethod;
import dev.dtk.http.ManagedIdentityTokenSource;
import dev.dtk.orchestration.OrchestrationContext;
import dev.dtk.orchestration.Orchestrator;
import java.net.URI;

/**
 * The seed's {@code RestartVm}, pointed wherever the input says: POSTs to {@code url} with a token
 * of the worker's managed identity for {@code resource} and returns the answer. The token is
 * obtained by the HTTP worker when it sends the request; only the token source's description is
 * recorded. Input: {@code {"url": "https://management.azure.com/...restart?api-version=2019-03-01",
 * "resource": "https://management.core.windows.net/.default"}}.
 */
public final class CallHttpWithToken implements Orchestrator {

    public static final String NAME = "CallHttpWithToken";

    /** The input. */
    public record Input(String url, String resource) {
    }

    @Override
    public Object run(OrchestrationContext ctx) {
        Input input = ctx.getInput(Input.class);
        if (input == null || input.url() == null || input.resource() == null) {
            throw new IllegalArgumentException("CallHttpWithToken needs {\"url\": \"...\", \"resource\": \"...\"}");
        }
        return ctx.callHttp(DurableHttpRequest.builder(HttpMethod.POST, URI.create(input.url()))
                .tokenSource(new ManagedIdentityTokenSource(input.resource()))
                .build()).await();
    }
}
