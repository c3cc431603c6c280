package dev.dtk.gateway.internal;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/** What a route does; runs on a worker thread, may finish later (Kafka acknowledgements, polling). */
@FunctionalInterface
public interface Action {

    CompletionStage<Reply> handle(ApiRequest request, Map<String, String> pathParams);
}
