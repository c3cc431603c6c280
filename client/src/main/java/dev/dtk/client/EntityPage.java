package dev.dtk.client;

import dev.dtk.topics.message.EntityStatus;
import java.util.List;

/** One page of an entity query: the entities, in ID order, and the token that continues after them (null on the last page). */
public record EntityPage(List<EntityStatus> entities, String continuationToken) {

    public EntityPage {
        entities = List.copyOf(entities);
    }

    public boolean hasMore() {
        return continuationToken != null;
    }
}
