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
 * started instance, the timeline of a hello sequence with its three activities, terminate, and a dead
 * letter corrected and re-driven. Screenshots go to {@code it/target/console*.png}.
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

        browser.get(cluster.gateway().consoleUrl());
        assertThat(browser.getPageSource()).as("no key in the page").doesNotContain(OpsCluster.KEY);
        WebElement keyInput = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-input")));
        keyInput.sendKeys(OpsCluster.KEY);
        browser.findElement(By.id("key-save")).click();

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

    private static Path screenshot(String name) throws Exception {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Path taken = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        return Files.copy(taken, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
