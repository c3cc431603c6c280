package dev.dtk.engine.core.internal;

import dev.dtk.engine.core.InstanceState;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.WireMessage;

/** The status record of an instance, as published on {@code dtk.instance-status}. */
public final class StatusView {

    private StatusView() {
    }

    public static InstanceStatus of(String instanceId, InstanceState state) {
        return new InstanceStatus(WireMessage.CURRENT_VERSION, state.name(), instanceId, state.executionId(),
                state.runtimeStatus(), state.input(), state.output(), state.customStatus(), state.createdTime(),
                state.lastUpdatedTime(), state.failureDetails());
    }
}
