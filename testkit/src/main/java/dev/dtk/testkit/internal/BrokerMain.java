package dev.dtk.testkit.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * The main class of a test broker run as its own process: {@code kafka.Kafka} with its
 * {@code server.properties}, halting when its standard input closes. The test JVM that started it
 * holds the other end of that pipe, so a broker never outlives its test run (even when the test JVM
 * is killed).
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) {
        Thread watch = new Thread(() -> {
            InputStream in = System.in;
            try {
                while (in.read() >= 0) {
                    // nothing is ever written: wait for the end of the stream
                }
            } catch (IOException e) {
                // the pipe broke: the parent is gone as well
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        kafka.Kafka.main(args);
    }
}
