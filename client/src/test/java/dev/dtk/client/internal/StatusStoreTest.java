package dev.dtk.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusStoreTest {

    private static byte[] status(String id) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return DtkJson.write(new InstanceStatus(1, "N", id, "e", RuntimeStatus.Running, null, null, null, t, t, null));
    }

    private static List<String> scan(StatusStore store, String after, String prefix) {
        List<String> ids = new ArrayList<>();
        store.scan(after, prefix, s -> ids.add(s.instanceId()));
        return ids;
    }

    @Test
    void shouldScanInIdOrderWithinPrefixAfterToken(@TempDir Path dir) throws Exception {
        try (StatusStore store = StatusStore.open(dir)) {
            try (StatusStore.Batch batch = store.batch()) {
                for (String id : List.of("b-2", "a-1", "b-1", "c-1", "b-3")) {
                    batch.put(id, status(id));
                }
                batch.put("broken", "not json".getBytes(StandardCharsets.UTF_8));
                batch.commit();
            }

            assertThat(scan(store, null, null)).containsExactly("a-1", "b-1", "b-2", "b-3", "c-1");
            assertThat(scan(store, null, "b-")).containsExactly("b-1", "b-2", "b-3");
            assertThat(scan(store, "b-1", "b-")).containsExactly("b-2", "b-3");
            assertThat(scan(store, "a-0", "b-")).containsExactly("b-1", "b-2", "b-3");
            assertThat(scan(store, "b-3", "b-")).isEmpty();
            assertThat(store.get("b-2")).hasValueSatisfying(s -> assertThat(s.instanceId()).isEqualTo("b-2"));
            assertThat(store.get("broken")).isEmpty();
        }
    }

    @Test
    void shouldDeleteOnTombstone(@TempDir Path dir) throws Exception {
        try (StatusStore store = StatusStore.open(dir)) {
            try (StatusStore.Batch batch = store.batch()) {
                batch.put("x", status("x"));
                batch.commit();
            }
            try (StatusStore.Batch batch = store.batch()) {
                batch.put("x", null);
                batch.commit();
            }

            assertThat(store.get("x")).isEmpty();
            assertThat(scan(store, null, null)).isEmpty();
        }
    }
}
