package dev.dtk.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HubTest {

    @Test
    void shouldKeepTheDefaultHubsNamesAsTheyWereBeforeHubs() {
        Hub hub = Hub.of("dtk");

        assertThat(hub).isSameAs(Hub.DEFAULT);
        assertThat(List.of(hub.commands(), hub.activityResults(), hub.instanceStatus(), hub.entities(),
                hub.deadLetters(), hub.tasks("default"))).containsExactly("dtk.commands", "dtk.activity-results",
                        "dtk.instance-status", "dtk.entities", "dtk.dead-letters", "dtk.tasks.default");
        assertThat(hub.engineApplicationId()).isEqualTo("dtk-engine");
        assertThat(hub.workerGroup("sms")).isEqualTo("dtk-workers-sms");
        assertThat(List.of(Topics.COMMANDS, Topics.ACTIVITY_RESULTS, Topics.INSTANCE_STATUS, Topics.ENTITIES,
                Topics.DEAD_LETTERS, Topics.tasks("http"))).containsExactly("dtk.commands", "dtk.activity-results",
                        "dtk.instance-status", "dtk.entities", "dtk.dead-letters", "dtk.tasks.http");
    }

    @Test
    void shouldDeriveEveryNameOfAnotherHubFromItsPrefixSoOnePrefixedAclCoversIt() {
        Hub hub = Hub.of("team-a");

        List<String> names = List.of(hub.commands(), hub.activityResults(), hub.instanceStatus(), hub.entities(),
                hub.deadLetters(), hub.tasks("default"), hub.engineApplicationId(), hub.workerGroup("default"));
        assertThat(names).containsExactly("team-a.commands", "team-a.activity-results", "team-a.instance-status",
                "team-a.entities", "team-a.dead-letters", "team-a.tasks.default", "team-a.engine",
                "team-a.workers.default");
        assertThat(names).allMatch(name -> name.startsWith(hub.prefix()));
        assertThat(Topics.all(hub, 3, (short) 1, List.of("default"), Limits.DEFAULT))
                .extracting(TopicSpec::name).allMatch(name -> name.startsWith("team-a."));
    }

    @Test
    void shouldRefuseNamesKafkaWouldRefuseOrWhosePrefixCouldCoverAnotherHub() {
        String rule = "use 1-40 letters, digits, '_' or '-' (Kafka's topic-name characters without '.', which"
                + " separates the hub from the rest of each name)";
        assertThatThrownBy(() -> Hub.of("team a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid hub name 'team a' (DTK_HUB, --hub): " + rule);
        assertThatThrownBy(() -> Hub.of("a.b")).hasMessage("invalid hub name 'a.b' (DTK_HUB, --hub): " + rule);
        assertThatThrownBy(() -> Hub.of("x".repeat(41))).hasMessageStartingWith("invalid hub name 'xxx");
        assertThatThrownBy(() -> Hub.of(" ")).hasMessage("the hub name (DTK_HUB, --hub) is empty: " + rule);
        assertThatThrownBy(() -> Hub.of("dtk-engine")).hasMessage("invalid hub name 'dtk-engine' (DTK_HUB, --hub):"
                + " names starting with 'dtk-' are reserved for the default hub's engine and workers (dtk-engine,"
                + " dtk-workers-<queue>); choose another name");
        assertThat(Hub.of("x".repeat(40)).tasks("q".repeat(200))).hasSizeLessThanOrEqualTo(249);
    }

    @Test
    void shouldTakeTheHubFromTheEnvironmentElseTheDefault() {
        assertThat(Hub.fromEnvironment(Map.of("DTK_HUB", " billing "))).isEqualTo(Hub.of("billing"));
        assertThat(Hub.fromEnvironment(Map.of())).isSameAs(Hub.DEFAULT);
        assertThat(Hub.fromEnvironment(Map.of("DTK_HUB", ""))).isSameAs(Hub.DEFAULT);
    }
}
