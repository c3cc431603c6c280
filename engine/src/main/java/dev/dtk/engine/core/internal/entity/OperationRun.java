package dev.dtk.engine.core.internal.entity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.engine.core.Outbound;
import dev.dtk.entity.EntityId;
import dev.dtk.entity.EntityOperation;
import dev.dtk.topics.Limits;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.SignalEntity;
import dev.dtk.topics.message.StartOrchestration;
import dev.dtk.topics.message.WireMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One operation as the entity's code sees it: it reads the input and the state and collects what the
 * operation does (the new state, the result, signals and starts). Nothing takes effect here: the
 * step applies the collected effects only when the code returned without throwing.
 */
final class OperationRun implements EntityOperation {

    private final EntityId entity;
    private final String operation;
    private final JsonNode input;
    private final Limits limits;
    private final Instant now;
    private final String origin;
    private final List<Outbound> sends = new ArrayList<>();
    private JsonNode state;
    private JsonNode result;
    private int starts;

    /**
     * @param origin unique to this operation and the same when its step is redone (where its request was read,
     *     and its place in the step): orchestrations it starts get IDs derived from it
     */
    OperationRun(EntityId entity, String operation, JsonNode input, JsonNode state, Limits limits, Instant now,
            String origin) {
        this.entity = entity;
        this.operation = operation;
        this.input = input == null || input.isNull() ? null : input;
        this.state = state;
        this.limits = limits;
        this.now = now;
        this.origin = origin;
    }

    @Override
    public String name() {
        return operation;
    }

    @Override
    public EntityId entityId() {
        return entity;
    }

    @Override
    public boolean hasInput() {
        return input != null;
    }

    @Override
    public <T> T getInput(Class<T> type) {
        return convert(input, type, "the input of operation '" + operation + "'");
    }

    @Override
    public boolean hasState() {
        return state != null;
    }

    @Override
    public <T> T getState(Class<T> type) {
        return convert(state, type, "the state of entity '" + entity + "'");
    }

    @Override
    public <T> T getState(Class<T> type, T initial) {
        return state == null ? initial : getState(type);
    }

    @Override
    public void setState(Object newState) {
        JsonNode json = DtkJson.toTree(newState);
        state = json == null || json.isNull() ? null : json;
    }

    @Override
    public void deleteState() {
        state = null;
    }

    @Override
    public void result(Object value) {
        result = DtkJson.toTree(value);
    }

    @Override
    public void signalEntity(EntityId target, String targetOperation, Object signalInput) {
        signal(target, targetOperation, signalInput, null);
    }

    @Override
    public void signalEntity(EntityId target, String targetOperation, Object signalInput, Instant at) {
        signal(target, targetOperation, signalInput, Objects.requireNonNull(at, "at"));
    }

    private void signal(EntityId target, String targetOperation, Object signalInput, Instant at) {
        Objects.requireNonNull(target, "the entity to signal");
        JsonNode json = checked(DtkJson.toTree(signalInput), "the input of signal '" + targetOperation + "' to entity '"
                + target + "'");
        sends.add(new Outbound.SendCommand(target.toString(), new SignalEntity(WireMessage.CURRENT_VERSION,
                targetOperation, json, at)));
    }

    @Override
    public String startNewOrchestration(String name, Object orchestrationInput) {
        String seed = "dtk-entity-start\n" + entity + "\n" + origin + "\n" + starts;
        String id = UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
        return startNewOrchestration(name, orchestrationInput, id);
    }

    @Override
    public String startNewOrchestration(String name, Object orchestrationInput, String instanceId) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("startNewOrchestration needs the orchestrator's name");
        }
        if (instanceId == null || instanceId.isBlank() || EntityId.isEntityId(instanceId)) {
            throw new IllegalArgumentException("'" + instanceId + "' cannot be an instance ID: it must not be blank"
                    + " nor start with '@'");
        }
        JsonNode json = checked(DtkJson.toTree(orchestrationInput), "the input of orchestration '" + name + "'");
        starts++;
        sends.add(new Outbound.SendCommand(instanceId, new StartOrchestration(WireMessage.CURRENT_VERSION, name, json,
                null, now)));
        return instanceId;
    }

    JsonNode state() {
        return state;
    }

    JsonNode result() {
        return result;
    }

    List<Outbound> sends() {
        return sends;
    }

    private JsonNode checked(JsonNode json, String what) {
        String problem = json == null ? null : limits.payloadProblem(what, DtkJson.write(json).length);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return json;
    }

    private static <T> T convert(JsonNode json, Class<T> type, String what) {
        if (json == null || type == Void.class) {
            return null;
        }
        try {
            return DtkJson.fromTree(json, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read " + what + " as " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }
}
