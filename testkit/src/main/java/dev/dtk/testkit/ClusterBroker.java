package dev.dtk.testkit;

/** One broker of a {@link TestKafkaCluster}: in this JVM, its own OS process, or a container. */
sealed interface ClusterBroker permits InProcessBroker, BrokerProcess, BrokerContainer {

    /** Kafka's {@code node.id} of this broker: 1 to the cluster's size. */
    int nodeId();

    /** Starts the broker; returns when it runs or, for some kinds, once it is on its way. */
    void start();

    /** A clean shutdown (its logs closed properly); a process or container hands its partitions over first. */
    void stop();

    /** The broker dies at once, as with {@code kill -9}. */
    void kill();

    /** Whether {@link #kill()} works for this kind of broker. */
    boolean killable();

    /** Throws with what is known (exit code, end of its log) when the broker died while starting. */
    default void checkAlive() {
    }

    /** Stops the broker for good and frees what it holds; may be called when it is stopped already. */
    void close();
}
