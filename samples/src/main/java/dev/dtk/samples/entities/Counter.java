package dev.dtk.samples.entities;

import dev.dtk.entity.EntityFunction;

/**
 * The counter entity, written as a function: {@code add} (an integer), {@code reset}, {@code get}
 * (answers the count) and the built-in {@code delete}. Its state is an integer.
 */
public final class Counter {

    public static final String NAME = "Counter";

    /** The entity's code. */
    public static final EntityFunction ENTITY = op -> {
        switch (op.name().toLowerCase(java.util.Locale.ROOT)) {
            case "add" -> op.setState(op.getState(Integer.class, 0) + op.getInput(Integer.class));
            case "reset" -> op.setState(0);
            case "get" -> op.result(op.getState(Integer.class, 0));
            default -> throw new IllegalArgumentException("Counter has no operation '" + op.name()
                    + "'; it has add, reset, get and delete");
        }
    };

    private Counter() {
    }
}
