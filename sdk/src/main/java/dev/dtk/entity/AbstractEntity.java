package dev.dtk.entity;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An entity written as a class: each public method is an operation of the same name (compared
 * without case), taking no parameter or the operation's input, and returning the result a caller
 * receives. The state is the field {@link #state}, loaded before and saved after each operation.
 *
 * <pre>{@code
 * public class Account extends AbstractEntity<Long> {
 *     protected Long initialState() { return 0L; }
 *     public void deposit(long amount) { state += amount; }
 *     public void withdraw(long amount) {
 *         if (amount > state) throw new IllegalStateException("insufficient funds");
 *         state -= amount;
 *     }
 *     public long balance() { return state; }
 * }
 * builder.entity("Account", Account::new);
 * }</pre>
 *
 * A new object serves each operation. The operation {@code delete} deletes the state, unless the
 * class has a {@code delete} method of its own. An entity comes into existence when an operation
 * leaves a state other than {@link #initialState()}: reading a missing entity does not create it.
 *
 * @param <S> the type of the state, read from and written as JSON
 */
public abstract class AbstractEntity<S> {

    private static final ClassValue<Operations> OPERATIONS = new ClassValue<>() {
        @Override
        protected Operations computeValue(Class<?> type) {
            return Operations.of(type);
        }
    };

    /** The entity's state during an operation. */
    protected S state;

    private EntityOperation operation;

    /** The state of an entity that has none yet; {@code null} unless overridden. */
    protected S initialState() {
        return null;
    }

    /** The operation being run: to signal entities, start orchestrations, or read the entity's ID. */
    protected final EntityOperation context() {
        if (operation == null) {
            throw new IllegalStateException("context() is available only while an operation runs");
        }
        return operation;
    }

    /** Runs {@code op} on this object: loads the state, calls the operation's method, saves the state. */
    final void dispatch(EntityOperation op) throws Exception {
        Operations operations = OPERATIONS.get(getClass());
        Method method = operations.find(op.name());
        if (method == null) {
            if (op.name().equalsIgnoreCase("delete")) {
                op.deleteState();
                return;
            }
            throw new UnsupportedOperationException("entity '" + op.entityId().name() + "' (" + getClass().getName()
                    + ") has no operation '" + op.name() + "'; its operations: " + operations.names());
        }
        this.operation = op;
        try {
            Class<S> stateType = operations.stateType();
            boolean existed = op.hasState();
            state = existed ? op.getState(stateType) : initialState();
            Object result = invoke(method, op);
            if (method.getReturnType() != void.class) {
                op.result(result);
            }
            if (state == null) {
                op.deleteState();
            } else if (existed || !Objects.equals(state, initialState())) {
                op.setState(state);
            }
        } finally {
            this.operation = null;
        }
    }

    private Object invoke(Method method, EntityOperation op) throws Exception {
        try {
            if (method.getParameterCount() == 0) {
                return method.invoke(this);
            }
            Class<?> type = method.getParameterTypes()[0];
            Object input = op.getInput(boxed(type));
            if (input == null && type.isPrimitive()) {
                throw new IllegalArgumentException("operation '" + op.name() + "' of entity '" + op.entityId().name()
                        + "' needs an input (" + type.getName() + ")");
            }
            return method.invoke(this, input);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "boolean" -> Boolean.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            case "char" -> Character.class;
            default -> throw new IllegalArgumentException("unsupported parameter type " + type);
        };
    }

    /** The operations of one entity class, by lower-case name, and the class of its state. */
    private record Operations(Map<String, Method> byName, Class<?> state) {

        static Operations of(Class<?> type) {
            Map<String, Method> byName = new TreeMap<>();
            for (Method method : type.getMethods()) {
                Class<?> declaring = method.getDeclaringClass();
                if (declaring == Object.class || declaring == AbstractEntity.class
                        || Modifier.isStatic(method.getModifiers()) || method.isSynthetic() || method.isBridge()) {
                    continue;
                }
                if (method.getParameterCount() > 1) {
                    throw new IllegalArgumentException("entity class " + type.getName() + ": operation method '"
                            + method.getName() + "' takes " + method.getParameterCount() + " parameters; an"
                            + " operation takes none or its input");
                }
                Method other = byName.put(method.getName().toLowerCase(Locale.ROOT), method);
                if (other != null) {
                    throw new IllegalArgumentException("entity class " + type.getName() + " has two operations named '"
                            + method.getName() + "' (names are compared without case); keep one");
                }
                method.setAccessible(true);
            }
            return new Operations(Map.copyOf(byName), stateClass(type));
        }

        Method find(String operation) {
            return byName.get(operation.toLowerCase(Locale.ROOT));
        }

        java.util.SortedSet<String> names() {
            return new java.util.TreeSet<>(byName.keySet());
        }

        @SuppressWarnings("unchecked")
        <S> Class<S> stateType() {
            return (Class<S>) state;
        }

        /** The class the subclass gave {@code S}, or Object when it cannot be told. */
        private static Class<?> stateClass(Class<?> type) {
            Map<TypeVariable<?>, Type> bound = new java.util.HashMap<>();
            for (Class<?> c = type; c != null && c != AbstractEntity.class; c = c.getSuperclass()) {
                if (c.getGenericSuperclass() instanceof ParameterizedType parameterized
                        && parameterized.getRawType() instanceof Class<?> raw) {
                    TypeVariable<?>[] variables = raw.getTypeParameters();
                    Type[] arguments = parameterized.getActualTypeArguments();
                    for (int i = 0; i < variables.length; i++) {
                        Type argument = arguments[i];
                        while (argument instanceof TypeVariable<?> variable && bound.containsKey(variable)) {
                            argument = bound.get(variable);
                        }
                        bound.put(variables[i], argument);
                    }
                }
            }
            Type state = bound.get(AbstractEntity.class.getTypeParameters()[0]);
            if (state instanceof Class<?> c) {
                return c;
            }
            if (state instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
                return c;
            }
            return Object.class;
        }
    }
}
