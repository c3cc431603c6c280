package dev.dtk.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The house rules, checked on the compiled classes of every module (tests left out). */
class ArchitectureTest {

    private static final String CORE = "dev.dtk.engine.core..";
    private static final String[] SDK = {"dev.dtk.orchestration..", "dev.dtk.activity..", "dev.dtk.app..",
        "dev.dtk.http..", "dev.dtk.sms..", "dev.dtk.entity.."};
    private static final String[] RUNTIMES = {"dev.dtk.engine..", "dev.dtk.worker..", "dev.dtk.gateway..",
        "dev.dtk.client..", "dev.dtk.cli..", "dev.dtk.local..", "dev.dtk.testkit..", "dev.dtk.topics..",
        "dev.dtk.samples..", "dev.dtk.observability.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.dtk");
    }

    @Test
    void theReplayCoreKnowsNothingOfKafka() {
        noClasses().that().resideInAPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.rocksdb..")
                .because("the core is pure: (state, input, time) -> (state, records, timers, status)")
                .check(classes);
    }

    @Test
    void theReplayCoreReadsNoClock() {
        noClasses().that().resideInAPackage(CORE)
                .should().callMethod(Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(LocalDate.class, "now")
                .orShould().callMethod(OffsetDateTime.class, "now")
                .orShould().callMethod(ZonedDateTime.class, "now")
                .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
                .because("time enters the core with the record being processed; a replayed step must do the same")
                .check(classes);
    }

    @Test
    void theReplayCoreDoesNoIo() {
        noClasses().that().resideInAPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..",
                        "java.nio.channels..", "java.net..", "java.sql..")
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .because("the core decides; the Kafka Streams shell does the I/O")
                .check(classes);
    }

    @Test
    void theReplayCoreRecordsNoMetricsAndNoTraces() {
        noClasses().that().resideInAPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.opentelemetry..",
                        "dev.dtk.observability..")
                .because("metrics and traces are recorded in the Kafka Streams shell, around the pure core")
                .check(classes);
    }

    @Test
    void theSdkDependsOnNoRuntime() {
        noClasses().that().resideInAnyPackage(SDK)
                .should().dependOnClassesThat().resideInAnyPackage(RUNTIMES)
                .orShould().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.rocksdb..",
                        "com.twilio..", "io.undertow..", "org.slf4j..")
                .because("a user's app compiles against dtk-sdk alone")
                .check(classes);
    }

    @Test
    void theSamplesAreWrittenAgainstTheSdkAlone() {
        noClasses().that().resideInAPackage("dev.dtk.samples..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.dtk.engine..", "dev.dtk.worker..",
                        "dev.dtk.gateway..", "dev.dtk.client..", "dev.dtk.topics..", "org.apache.kafka..")
                .because("the samples are an app like any user's")
                .check(classes);
    }

    @Test
    void theGatewayDoesNotDependOnTheEngine() {
        noClasses().that().resideInAPackage("dev.dtk.gateway..")
                .should().dependOnClassesThat().resideInAPackage("dev.dtk.engine..")
                .because("the gateway reaches engines only through Kafka and their query endpoint")
                .check(classes);
    }

    @Test
    void onlyTheCliUsesTheTestkit() {
        noClasses().that().resideOutsideOfPackages("dev.dtk.testkit..", "dev.dtk.cli..", "dev.dtk.local..",
                        "dev.dtk.bench..")
                .should().dependOnClassesThat().resideInAPackage("dev.dtk.testkit..")
                .because("the in-process broker is for tests and dtk dev, never on a production classpath")
                .check(classes);
    }

    @Test
    void theServicesTakeTopicNamesFromTheirHubNeverFromTheDefaultHubsConstants() {
        var rule = noClasses().that().resideInAnyPackage("dev.dtk.engine..", "dev.dtk.worker..", "dev.dtk.client..",
                "dev.dtk.gateway..").should().accessField(dev.dtk.topics.Topics.class, "PREFIX");
        for (String name : java.util.List.of("COMMANDS", "ACTIVITY_RESULTS", "INSTANCE_STATUS", "DEAD_LETTERS",
                "ENTITIES", "TASKS_PREFIX")) {
            rule = rule.orShould().accessField(dev.dtk.topics.Topics.class, name);
        }
        rule.because("an engine, worker, client or gateway of another hub would read or write the default hub's"
                + " topics").check(classes);
    }

    @Test
    void theWireContractDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("dev.dtk.topics..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.dtk.engine..", "dev.dtk.worker..",
                        "dev.dtk.gateway..", "dev.dtk.client..", "dev.dtk.orchestration..", "dev.dtk.activity..")
                .check(classes);
    }
}
