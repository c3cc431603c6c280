package dev.dtk.samples.http;

import dev.dtk.http.DurableHttpRequest;
import dev.dtk.http.DurableHttpResponse;
import dev.dtk.orchestration.OrchestrationContext;
import dev.dtk.orchestration.Orchestrator;
import java.net.URI;

/**
 * The seed's {@code CheckSiteAvailable}: GETs the URL it is given and returns the answer (status,
 * headers, content) as its output, whatever the status; an orchestration would branch on
 * {@code statusCode() >= 400} here.
 */
public final class CheckSiteAvailable implements Orchestrator {

    public static final String NAME = "CheckSiteAvailable";

    @Override
    public Object run(OrchestrationContext ctx) {
        String url = ctx.getInput(String.class);
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("CheckSiteAvailable needs a URL as its input, e.g. \"https://example.com\"");
        }
        DurableHttpResponse response = ctx.callHttp(DurableHttpRequest.get(URI.create(url))).await();
        if (response.statusCode() >= 400) {
            ctx.setCustomStatus("the site answered " + response.statusCode());
        }
        return response;
    }
}
