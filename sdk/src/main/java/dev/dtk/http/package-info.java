/**
 * HTTP calls from orchestrations, as Durable Functions' HTTP features: an orchestration calls
 * {@link dev.dtk.orchestration.OrchestrationContext#callHttp} with a {@link dev.dtk.http.DurableHttpRequest}
 * and gets a {@link dev.dtk.http.DurableHttpResponse}. Each request is sent by a built-in activity on
 * the {@code http} queue and recorded in history, so a replay never calls out again; 202 answers are
 * followed on durable timers; tokens come from a {@link dev.dtk.http.TokenSource} on the worker and
 * are never stored.
 */
package dev.dtk.http;
