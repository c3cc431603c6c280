package dev.dtk.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OrchestratorRegistryTest {

    @Test
    void shouldFindRegisteredOrchestratorsAndListNamesSorted() {
        Orchestrator hello = ctx -> "hello";
        OrchestratorRegistry registry = OrchestratorRegistry.builder()
                .register("Zeta", ctx -> null)
                .register("Hello", hello)
                .build();

        assertThat(registry.find("Hello")).containsSame(hello);
        assertThat(registry.find("hello")).isEmpty();
        assertThat(registry.find(null)).isEmpty();
        assertThat(registry.names()).containsExactly("Hello", "Zeta");
    }

    @Test
    void shouldRejectDuplicateName() {
        OrchestratorRegistry.Builder builder = OrchestratorRegistry.builder().register("A", ctx -> null);

        assertThatThrownBy(() -> builder.register("A", ctx -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an orchestrator named 'A' is already registered");
    }
}
