package dev.dtk.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ActivityRegistryTest {

    @Test
    void shouldFindRegisteredActivitiesByName() {
        Activity hello = ctx -> "hello";
        ActivityRegistry registry = ActivityRegistry.builder().register("B", ctx -> 1).register("A", hello).build();

        assertThat(registry.find("A")).containsSame(hello);
        assertThat(registry.find("C")).isEmpty();
        assertThat(registry.names()).containsExactly("A", "B");
    }

    @Test
    void shouldRefuseTheSameNameTwice() {
        ActivityRegistry.Builder builder = ActivityRegistry.builder().register("A", ctx -> 1);

        assertThatThrownBy(() -> builder.register("A", ctx -> 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an activity named 'A' is already registered");
    }

    @Test
    void shouldRefuseABlankName() {
        assertThatThrownBy(() -> ActivityRegistry.builder().register(" ", ctx -> 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("activity name must not be blank");
    }

    @Test
    void shouldNotChangeWhenTheBuilderGoesOn() {
        ActivityRegistry.Builder builder = ActivityRegistry.builder().register("A", ctx -> 1);
        ActivityRegistry registry = builder.build();
        builder.register("B", ctx -> 2);

        assertThat(registry.names()).containsExactly("A");
    }
}
