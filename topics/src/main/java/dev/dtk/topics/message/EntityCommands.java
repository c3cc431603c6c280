package dev.dtk.topics.message;

/** Checks shared by the entity commands. */
final class EntityCommands {

    /** The longest operation name accepted. */
    static final int MAX_OPERATION_LENGTH = 256;

    private EntityCommands() {
    }

    static void requireOperation(String operation, String command) {
        if (operation == null || operation.isBlank()) {
            throw new IllegalArgumentException("a " + command + " command needs the \"operation\" to run");
        }
        if (operation.length() > MAX_OPERATION_LENGTH) {
            throw new IllegalArgumentException("the \"operation\" of a " + command + " command is "
                    + operation.length() + " characters long; at most " + MAX_OPERATION_LENGTH + " are allowed");
        }
    }
}
