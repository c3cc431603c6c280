package dev.dtk.client;

/**
 * How a {@link DtkClient} is doing, for health endpoints.
 *
 * @param kafkaReachable whether its status feed reaches Kafka (it checks every half second)
 * @param problem why not, or null
 * @param viewCaughtUp whether its status view has read the whole status topic once since it started
 */
public record ClientHealth(boolean kafkaReachable, String problem, boolean viewCaughtUp) {

    /** Ready to answer: Kafka reachable and the view complete. */
    public boolean ready() {
        return kafkaReachable && viewCaughtUp;
    }
}
