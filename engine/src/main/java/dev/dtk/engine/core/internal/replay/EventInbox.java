package dev.dtk.engine.core.internal.replay;

import dev.dtk.engine.core.HistoryEvent.EventRaised;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * External events of a run: an arriving event goes to the oldest wait for its name; with no wait,
 * it is kept and handed out, in arrival order, to later waits.
 */
final class EventInbox {

    private final List<ExternalEventKind.Wait<?>> waiters = new ArrayList<>();
    private final List<EventRaised> buffered = new ArrayList<>();

    void deliver(EventRaised event) {
        for (int i = 0; i < waiters.size(); i++) {
            if (waiters.get(i).waitsFor(event.name())) {
                waiters.remove(i).deliver(event.input());
                return;
            }
        }
        buffered.add(event);
    }

    /** The oldest kept event named {@code name}, removed from the inbox. */
    Optional<EventRaised> take(String name) {
        for (int i = 0; i < buffered.size(); i++) {
            if (buffered.get(i).name().equalsIgnoreCase(name)) {
                return Optional.of(buffered.remove(i));
            }
        }
        return Optional.empty();
    }

    void addWaiter(ExternalEventKind.Wait<?> waiter) {
        waiters.add(waiter);
    }

    void removeWaiter(ExternalEventKind.Wait<?> waiter) {
        waiters.remove(waiter);
    }

    /** Events that arrived and were not handed to anyone, in arrival order. */
    List<EventRaised> unconsumed() {
        return List.copyOf(buffered);
    }
}
