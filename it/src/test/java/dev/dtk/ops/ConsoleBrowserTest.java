package dev.dtk.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.observability.Observability;
import dev.dtk.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium (Debian's, through its ChromeDriver), against a gateway
 * that requires a key, on a real broker: the key asked for and never in the page, the list showing a
 * started instance, the timeline of a hello sequence with its three activities, terminate, a dead
 * letter corrected and re-driven; entities with their state, paged, signalled and deleted from the
 * console. Screenshots go to {@code it/target/console*.png}.
 */
class ConsoleBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static OpsCluster cluster;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        Chromium.require();
        cluster = new OpsCluster(dir.resolve("dtk"), Observability.prometheus());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Chromium.BROWSER.toString());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1360,1000", "--user-data-dir=" + dir.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Chromium.DRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldListShowTerminateAndRedriveThroughThePublicApiWithTheKeyTheUserGives() throws Exception {
        String hello = cluster.start("HelloSequence", "console-hello", null, Map.of());
        String approval = cluster.start("ApprovalWorkflow", "console-approval", "{\"amount\": 250}", Map.of());
        cluster.awaitStatus(hello, "Completed");
        cluster.awaitStatus(approval, "Running");

        signIn();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-id='console-hello']")));
        WebElement row = browser.findElement(By.cssSelector("tr[data-id='console-hello']"));
        assertThat(row.getText()).contains("HelloSequence", "Completed");
        assertThat(browser.findElement(By.cssSelector("tr[data-id='console-approval']")).getText()).contains("Running");
        screenshot("console-instances.png");

        browser.get(cluster.gateway().consoleUrl() + "#/instances?top=1");
        wait.until(d -> d.findElements(By.cssSelector("#instances-table tbody tr[data-id]")).size() == 1
                && d.findElement(By.id("next-page")).isEnabled());
        String first = browser.findElement(By.cssSelector("#instances-table tbody tr[data-id]")).getAttribute("data-id");
        browser.findElement(By.id("next-page")).click();
        wait.until(d -> !first.equals(d.findElement(By.cssSelector("#instances-table tbody tr[data-id]"))
                .getAttribute("data-id")));
        assertThat(browser.findElement(By.id("page-info")).getText()).startsWith("Page 2");
        browser.get(cluster.gateway().consoleUrl() + "#/instances?status=Completed");
        wait.until(d -> d.findElements(By.cssSelector("#instances-table tbody tr[data-id]")).stream()
                .map(r -> r.getAttribute("data-id")).toList().equals(List.of("console-hello")));
        wait.until(d -> {
            d.findElement(By.cssSelector("tr[data-id='console-hello'] a")).click();
            return true;
        });
        wait.until(d -> d.findElements(By.cssSelector("#timeline .lane[data-kind='activity']")).size() == 3);
        List<WebElement> activities = browser.findElements(By.cssSelector("#timeline .lane[data-kind='activity']"));
        assertThat(activities).extracting(a -> a.getAttribute("data-name")).containsExactly("SayHello", "SayHello",
                "SayHello");
        assertThat(browser.findElement(By.id("instance-status")).getText()).isEqualTo("Completed");
        assertThat(browser.findElement(By.id("instance-output")).getText()).contains("Hello Tokyo!", "Hello London!");
        wait.until(d -> {
            d.findElements(By.cssSelector("#timeline .lane[data-kind='activity']")).get(1).click();
            return true;
        });
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline-detail"), "Hello Seattle!"));
        Path shot = screenshot("console.png");
        assertThat(Files.size(shot)).isGreaterThan(10_000);

        WebElement jump = browser.findElement(By.id("jump-id"));
        jump.sendKeys(approval);
        browser.findElement(By.cssSelector("#jump button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("instance-status"), "Running"));
        wait.until(d -> d.findElements(By.cssSelector("#timeline .lane[data-kind='timer']")).size() == 1);
        browser.findElement(By.id("reason-terminate")).sendKeys("no longer needed");
        browser.findElement(By.id("action-terminate")).click();
        wait.until(ExpectedConditions.textToBe(By.id("instance-status"), "Terminated"));
        JsonNode terminated = cluster.awaitStatus(approval, "Terminated");
        assertThat(terminated.path("output").asText()).isEqualTo("no longer needed");

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                cluster.dtk().bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.COMMANDS, "console-letter",
                    "{\"type\":\"start\",\"name\":\"HelloSequence\"".getBytes(StandardCharsets.UTF_8))).get();
        }
        await().atMost(OpsCluster.TIMEOUT).until(() -> cluster.get("/dtk/dead-letters").body(),
                body -> body.contains("console-letter"));
        browser.findElement(By.cssSelector("header nav a[data-view='dead-letters']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dead-letters-table"), "console-letter"));
        WebElement letter = browser.findElements(By.cssSelector("#dead-letters-table tbody tr")).stream()
                .filter(r -> r.getText().contains("console-letter")).findFirst().orElseThrow();
        assertThat(letter.getText()).contains("cannot read the record", "dtk.commands");
        letter.findElement(By.tagName("button")).click();
        WebElement editor = letter.findElement(By.xpath("following-sibling::tr[1]"));
        WebElement value = editor.findElement(By.tagName("textarea"));
        value.clear();
        value.sendKeys("{\"type\":\"start\",\"name\":\"HelloSequence\"}");
        editor.findElement(By.xpath(".//button[text()='Re-drive']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Re-driven to dtk.commands"));
        assertThat(cluster.awaitStatus("console-letter", "Completed").path("output").toString())
                .contains("Hello Tokyo!");
    }

    @Test
    void shouldListEntitiesWithTheirStateAndSignalAndDeleteOneFromTheConsole() throws Exception {
        cluster.signal("Counter", "console-c1", "add", "5");
        cluster.signal("Counter", "console-c2", "add", "1");
        cluster.signal("Device", "console-d1", "record", "21.5");
        await().atMost(OpsCluster.TIMEOUT).until(() -> cluster.get(OpsCluster.BASE + "/entities?fetchState=true")
                .body(), body -> body.contains("console-c1") && body.contains("console-c2")
                        && body.contains("console-d1"));

        signIn();
        browser.findElement(By.cssSelector("header nav a[data-view='entities']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-entity='@counter@console-c1']")));
        List<String> counter = cells(By.cssSelector("tr[data-entity='@counter@console-c1'] td"));
        assertThat(counter).hasSize(4);
        assertThat(counter.subList(0, 2)).containsExactly("counter", "console-c1");
        assertThat(counter.get(2)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(counter.get(3)).isEqualTo("5");
        assertThat(browser.findElement(By.cssSelector("tr[data-entity='@device@console-d1'] td.state")).getText())
                .isEqualTo("{\"count\":1,\"sum\":21.5,\"min\":21.5,\"max\":21.5,\"last\":21.5}");

        WebElement nameFilter = browser.findElement(By.id("entity-name-filter"));
        nameFilter.sendKeys("Counter");
        browser.findElement(By.cssSelector("#entity-filters button[type='submit']")).click();
        wait.until(d -> entityRows().equals(List.of("@counter@console-c1", "@counter@console-c2")));
        browser.get(cluster.gateway().consoleUrl() + "#/entities?name=counter&top=1");
        wait.until(d -> entityRows().equals(List.of("@counter@console-c1")) && d.findElement(By.id("next-page"))
                .isEnabled());
        browser.findElement(By.id("next-page")).click();
        wait.until(d -> entityRows().equals(List.of("@counter@console-c2")));
        assertThat(browser.findElement(By.id("page-info")).getText()).isEqualTo("Page 2");
        assertThat(browser.findElement(By.id("next-page")).isEnabled()).isFalse();
        browser.findElement(By.id("prev-page")).click();
        wait.until(d -> entityRows().equals(List.of("@counter@console-c1")));

        wait.until(d -> {
            d.findElement(By.cssSelector("tr[data-entity='@counter@console-c1'] a")).click();
            return true;
        });
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#entity-state pre"), "5"));
        assertThat(browser.findElement(By.id("entity-id")).getText()).isEqualTo("@counter@console-c1");
        browser.findElement(By.id("signal-operation")).sendKeys("add");
        browser.findElement(By.id("signal-input")).sendKeys("37");
        browser.findElement(By.id("action-signal")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"),
                "Signalled add to @counter@console-c1."));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#entity-state pre"), "42"));
        assertThat(cluster.get(OpsCluster.BASE + "/entities/Counter/console-c1").body()).isEqualTo("42");

        browser.findElement(By.cssSelector("header nav a[data-view='entities']")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-entity='@counter@console-c1'] td.state"), "42"));
        Path shot = screenshot("console-entities.png");
        assertThat(Files.size(shot)).isGreaterThan(10_000);

        browser.findElement(By.id("signal-name")).sendKeys("Counter");
        browser.findElement(By.id("signal-key")).sendKeys("console-new");
        browser.findElement(By.id("signal-operation")).sendKeys("add");
        browser.findElement(By.id("signal-input")).sendKeys("7");
        browser.findElement(By.id("action-signal")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-entity='@counter@console-new'] td.state"), "7"));

        browser.get(cluster.gateway().consoleUrl() + "#/entity/Counter/console-c2");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#entity-state pre"), "1"));
        browser.findElement(By.id("action-delete")).click();
        assertThat(browser.findElement(By.id("action-delete")).getText()).isEqualTo("Click again to delete");
        browser.findElement(By.id("action-delete")).click();
        wait.until(ExpectedConditions.textToBe(By.id("entity-missing"), "No entity @counter@console-c2 now: an entity"
                + " exists while it has state. Signal an operation below to create it."));
        assertThat(cluster.get(OpsCluster.BASE + "/entities/Counter/console-c2").statusCode()).isEqualTo(404);
    }

    /** Opens the console afresh (no key in this tab) and gives it the key it asks for. */
    private static void signIn() {
        browser.get(cluster.gateway().consoleUrl());
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        assertThat(browser.getPageSource()).as("no key in the page").doesNotContain(OpsCluster.KEY);
        WebElement keyInput = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-input")));
        keyInput.sendKeys(OpsCluster.KEY);
        browser.findElement(By.id("key-save")).click();
    }

    private static List<String> entityRows() {
        return browser.findElements(By.cssSelector("#entities-table tbody tr[data-entity]")).stream()
                .map(r -> r.getAttribute("data-entity")).toList();
    }

    private static List<String> cells(By cells) {
        return browser.findElements(cells).stream().map(WebElement::getText).toList();
    }

    private static Path screenshot(String name) throws Exception {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Path taken = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        return Files.copy(taken, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
