package dev.dtk.engine.telemetry;

import dev.dtk.engine.core.Inbound;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.StepResult;
import dev.dtk.engine.streams.StepObserver;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/** Several observers as one; the headers of the first that has any. */
record StepObservers(List<StepObserver> all) implements StepObserver {

    StepObservers {
        all = List.copyOf(all);
    }

    @Override
    public void init(ProcessorContext<?, ?> context) {
        all.forEach(o -> o.init(context));
    }

    @Override
    public Step begin(String instanceId, Inbound inbound, Headers headers) {
        List<Step> steps = all.stream().map(o -> o.begin(instanceId, inbound, headers)).toList();
        return new Step() {
            @Override
            public void loaded(InstanceState before) {
                steps.forEach(s -> s.loaded(before));
            }

            @Override
            public void decided(StepResult result) {
                steps.forEach(s -> s.decided(result));
            }

            @Override
            public Headers outgoing() {
                for (Step step : steps) {
                    Headers headers = step.outgoing();
                    if (headers != null) {
                        return headers;
                    }
                }
                return null;
            }

            @Override
            public void end() {
                steps.forEach(Step::end);
            }
        };
    }

    @Override
    public void deadLettered(String sourceTopic, String reason) {
        all.forEach(o -> o.deadLettered(sourceTopic, reason));
    }
}
