package dev.dtk.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The collector's pauses of this JVM while it is open, from the JVM's own GC notifications: which late
 * timers of (i) waited across one. G1's young and mixed collections are pauses as a whole; its concurrent
 * cycles and ZGC's cycles are not, and ZGC reports its pauses on beans of their own.
 */
final class GcPauses implements AutoCloseable {

    /** One pause, in epoch milliseconds. */
    record Pause(long startMillis, long endMillis) {
        long millis() {
            return endMillis - startMillis;
        }
    }

    /** A timer's due and fire times, in epoch milliseconds. */
    record Fire(long dueMillis, long firedMillis) {
        long lateMillis() {
            return firedMillis - dueMillis;
        }
    }

    private final long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    private final List<Pause> pauses = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::collected;

    private GcPauses() {
    }

    static GcPauses start() {
        GcPauses recorder = new GcPauses();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (isPause(bean.getName()) && bean instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(recorder.listener, null, null);
                recorder.emitters.add(emitter);
            }
        }
        return recorder;
    }

    /** This JVM's collector, by the first word of its beans' names: G1, ZGC... */
    static String collector() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName().split(" ")[0])
                .distinct().collect(Collectors.joining("+"));
    }

    private static boolean isPause(String collector) {
        return !collector.contains("Concurrent") && !collector.contains("Cycles");
    }

    private void collected(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
        synchronized (pauses) {
            pauses.add(new Pause(jvmStart + info.getStartTime(), jvmStart + info.getEndTime()));
        }
    }

    List<Pause> pauses() {
        synchronized (pauses) {
            return List.copyOf(pauses);
        }
    }

    /**
     * How many of the timers at least {@code lateMillis} late were due before a pause ended and fired after
     * it began, and the pauses between the first due time and the last fire.
     */
    static String attribute(List<Fire> fires, List<Pause> pauses, long lateMillis) {
        long from = fires.stream().mapToLong(Fire::dueMillis).min().orElse(0);
        long to = fires.stream().mapToLong(Fire::firedMillis).max().orElse(0);
        List<Pause> during = pauses.stream().filter(p -> p.endMillis() >= from && p.startMillis() <= to).toList();
        List<Fire> late = fires.stream().filter(f -> f.lateMillis() >= lateMillis).toList();
        long across = late.stream()
                .filter(f -> during.stream().anyMatch(p -> p.startMillis() <= f.firedMillis() && p.endMillis() >= f.dueMillis()))
                .count();
        long[] millis = during.stream().mapToLong(Pause::millis).sorted().toArray();
        String summary = millis.length == 0 ? "none"
                : String.format("%d, p50 %d ms, longest %d ms, %d ms in all", millis.length, millis[millis.length / 2],
                        millis[millis.length - 1], Arrays.stream(millis).sum());
        return String.format("%s: %,d of the %,d timers %d ms or more late waited across a collector pause; the"
                + " pauses from the first due time to the last fire: %s", collector(), across, late.size(), lateMillis,
                summary);
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // not registered: nothing to remove
            }
        }
    }
}
