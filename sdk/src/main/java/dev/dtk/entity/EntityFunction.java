package dev.dtk.entity;

/**
 * An entity written as one function that switches on the operation's name:
 *
 * <pre>{@code
 * builder.entity("Counter", op -> {
 *     switch (op.name()) {
 *         case "add" -> op.setState(op.getState(Integer.class, 0) + op.getInput(Integer.class));
 *         case "reset" -> op.setState(0);
 *         case "get" -> op.result(op.getState(Integer.class, 0));
 *         default -> throw new IllegalArgumentException("unknown operation " + op.name());
 *     }
 * });
 * }</pre>
 *
 * The operation {@code delete} is built in: it deletes the entity's state without calling the function.
 */
@FunctionalInterface
public interface EntityFunction {

    /** Runs one operation; throwing fails it and leaves the state as it was. */
    void run(EntityOperation operation) throws Exception;
}
