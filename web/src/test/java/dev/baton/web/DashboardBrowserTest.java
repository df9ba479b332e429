package dev.baton.web;

import static dev.baton.web.ApiFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.core.RuntimeStatus;
import dev.baton.core.client.StartOptions;
import dev.baton.core.entity.EntityId;
import dev.baton.demo.ReferenceScenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard end to end in headless Chromium, one browser for the class: the reference scenario
 * runs, its instance is found in the list and opened, its timeline shows both activities, an
 * instance is suspended and resumed through the buttons and their confirmation, a running
 * instance's page follows it to completion by itself, and the entity's state is read. Screenshots
 * of the main pages go to {@code target/screenshots}, or to the directory named by the system
 * property {@code baton.screenshots} ({@code docs/} for the README's).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

  private static final String RUN = "1";
  private static final String SCENARIO = "instance" + RUN;

  private ApiFixture f;
  private ChromeDriver browser;
  private Path shots;

  @BeforeAll
  void start() throws IOException {
    f =
        new ApiFixture(
            new DurableHttpApiOptions().setKey("browser-key"),
            x ->
                Dashboard.create(
                        x.vertx, x.api, x::client, new DashboardOptions().setRefreshMillis(250))
                    .mount(x.router));
    String dir = System.getProperty("baton.screenshots");
    shots = dir == null || dir.isBlank() ? Path.of("target", "screenshots") : Path.of(dir);
    Files.createDirectories(shots);
    runReferenceScenario();
    browser = Chromium.start();
  }

  @AfterAll
  void stop() {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      f.close();
    }
  }

  /** The scenario's steps as its HTTP function takes them, plus a few neighbours for the list. */
  private void runReferenceScenario() {
    var client = f.client();
    var session = ReferenceScenario.session(RUN);
    await(client.signalEntity(session, "add", 2));
    await(client.signalEntity(session, "get", null));
    await(
        client.scheduleNewOrchestration(
            ReferenceScenario.ORCHESTRATOR,
            Map.of("hellos_count", 3),
            new StartOptions().setInstanceId(SCENARIO)));
    await(
        client.scheduleNewOrchestration(
            TestFunctions.FAIL, null, new StartOptions().setInstanceId("order-failed")));
    for (int i = 1; i <= 3; i++) {
      await(
          client.scheduleNewOrchestration(
              TestFunctions.GREET_ONCE, "n" + i, new StartOptions().setInstanceId("greet-" + i)));
    }
    await(client.waitForInstanceCompletion(SCENARIO, Duration.ofSeconds(30)));
    await(client.waitForInstanceCompletion("order-failed", Duration.ofSeconds(30)));
    f.pollUntil(
        "/dashboard/api/entities/session_handler/my_counter_1?code=browser-key",
        r -> r.status() == 200);
  }

  private void open(String hash) {
    browser.get("http://127.0.0.1:" + f.port() + "/dashboard/?code=browser-key" + hash);
  }

  private WebDriverWait waiting() {
    var wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  private WebElement shown(By by) {
    return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  private void textIs(By by, String text) {
    waiting().until(ExpectedConditions.textToBe(by, text));
  }

  private void screenshot(String name) throws IOException {
    Files.write(shots.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
  }

  /** Confirms the open dialog, after checking it names what it will do. */
  private void confirm(String title, String reason) {
    WebElement dialog = shown(By.id("confirm"));
    assertEquals(title, dialog.findElement(By.id("confirm-title")).getText());
    if (reason != null) {
      dialog.findElement(By.id("confirm-reason")).sendKeys(reason);
    }
    dialog.findElement(By.id("confirm-ok")).click();
    waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm")));
  }

  @Test
  void theListFindsTheScenarioByNameAndOpensIt() throws IOException {
    open("#/instances");
    shown(By.cssSelector("#instances tr[data-id='" + SCENARIO + "']"));
    screenshot("dashboard-instances.png");

    WebElement name = shown(By.cssSelector("#instance-filters input[name=name]"));
    name.sendKeys("message_orch");
    browser.findElement(By.id("apply")).click();
    waiting()
        .until(
            d ->
                d.findElements(By.cssSelector("#instances tbody tr")).size() == 1
                    && d.findElement(By.cssSelector("#instances tbody tr"))
                        .getAttribute("data-id")
                        .equals(SCENARIO));
    browser.findElement(By.linkText(SCENARIO)).click();
    textIs(By.id("instance-id"), SCENARIO);
    textIs(By.id("instance-status"), "Completed");
  }

  @Test
  void theScenarioInstanceShowsItsOutputAndBothActivitiesOnTheTimeline() throws IOException {
    open("#/instance/" + SCENARIO);
    textIs(By.id("instance-status"), "Completed");
    List<WebElement> activities =
        waiting()
            .until(
                ExpectedConditions.numberOfElementsToBe(
                    By.cssSelector("#timeline .tl-row[data-kind=activity]"), 2));
    for (WebElement row : activities) {
      assertEquals(ReferenceScenario.ACTIVITY, row.findElement(By.className("tl-name")).getText());
      assertEquals("completed", row.getAttribute("data-state"));
    }
    String output = browser.findElement(By.cssSelector("#output pre")).getText();
    assertTrue(
        output.contains("Hello Text 1 - 3!") && output.contains("Hello Text 2 - 3!"), output);
    activities.get(1).click();
    shown(By.cssSelector("#timeline .tl-detail"));
    assertTrue(
        browser
            .findElement(By.cssSelector("#timeline .tl-detail"))
            .getText()
            .contains("Text 2 - 3"));
    screenshot("dashboard-instance.png");
  }

  @Test
  void suspendAndResumeGoThroughTheirConfirmationAndTheRunningPageFollowsByItself()
      throws IOException {
    String id = "approval-1";
    await(
        f.client()
            .scheduleNewOrchestration(
                TestFunctions.APPROVAL, null, new StartOptions().setInstanceId(id)));
    await(f.client().waitForInstanceStart(id, Duration.ofSeconds(30)));
    open("#/instance/" + id);
    textIs(By.id("instance-status"), "Running");

    shown(By.id("act-suspend")).click();
    shown(By.id("confirm"));
    browser.findElement(By.id("confirm-cancel")).click(); // cancelling does nothing
    waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm")));
    assertEquals(RuntimeStatus.RUNNING, await(f.client().getInstance(id)).status());

    shown(By.id("act-suspend")).click();
    confirm("Suspend instance?", "checking the dashboard");
    textIs(By.id("instance-status"), "Suspended");
    assertEquals(RuntimeStatus.SUSPENDED, await(f.client().getInstance(id)).status());
    screenshot("dashboard-suspended.png");

    waiting().until(ExpectedConditions.elementToBeClickable(By.id("act-resume"))).click();
    confirm("Resume instance?", null);
    textIs(By.id("instance-status"), "Running");
    shown(By.cssSelector("#timeline .tl-row[data-kind=suspended][data-state=resumed]"));

    // no click from here: the page follows the instance to its end by polling
    await(f.client().raiseEvent(id, "approval", "yes"));
    textIs(By.id("instance-status"), "Completed");
    assertTrue(
        browser.findElement(By.cssSelector("#output pre")).getText().contains("yes"),
        "the output arrived without a reload");
    assertFalse(browser.findElement(By.id("act-purge")).getAttribute("disabled") != null);
  }

  @Test
  void theEntityPageReadsTheScenarioState() throws IOException {
    open("#/entities");
    shown(By.cssSelector("#entities tr[data-id='@session_handler@my_counter_1']"));
    browser.findElement(By.linkText("my_counter_1")).click();
    textIs(By.id("entity-id"), "session_handler / my_counter_1");
    String state = shown(By.cssSelector("#entity-state pre")).getText();
    assertTrue(
        state.contains("\"count\" : 2") || state.contains("\"count\": 2"), state.substring(0, 200));
    assertTrue(state.contains("Lorem ipsum"), "the log paragraphs are there");
    String size = browser.findElement(By.id("entity-size")).getText();
    int chars = Integer.parseInt(size.replaceAll("[^0-9]", ""));
    assertTrue(chars > 64 * 1024, "the state is past one table property's 64 KiB: " + size);
    textIs(By.id("entity-lock"), "nobody");
    textIs(By.id("entity-backlog"), "0 waiting");
    screenshot("dashboard-entity.png");
  }

  private void startAndAwait(String orchestrator, Object input, String id, boolean finish) {
    await(
        f.client()
            .scheduleNewOrchestration(orchestrator, input, new StartOptions().setInstanceId(id)));
    if (finish) {
      await(f.client().waitForInstanceCompletion(id, Duration.ofSeconds(30)));
    } else {
      await(f.client().waitForInstanceStart(id, Duration.ofSeconds(30)));
    }
  }

  @Test
  void aParentAndItsChildLinkToEachOther() {
    startAndAwait(TestFunctions.PARENT, "kin", "family-1", true);
    open("#/instance/family-1");
    textIs(By.id("instance-status"), "Completed");
    shown(By.cssSelector("#timeline .tl-row[data-kind=suborchestration][data-state=completed]"));
    shown(By.cssSelector("#children a")).click();
    textIs(By.id("instance-id"), "family-1-child");
    textIs(By.id("instance-name"), TestFunctions.GREET_ONCE);
    shown(By.cssSelector("#parent a")).click();
    textIs(By.id("instance-id"), "family-1");
  }

  @Test
  void raisingAnEventRefusesDataThatIsNotJsonAndThenDeliversIt() {
    startAndAwait(TestFunctions.APPROVAL, null, "approval-2", false);
    open("#/instance/approval-2");
    textIs(By.id("instance-status"), "Running");
    shown(By.id("act-raise")).click();
    shown(By.id("confirm-event")).sendKeys("approval");
    browser.findElement(By.id("confirm-data")).sendKeys("{not json");
    browser.findElement(By.id("confirm-ok")).click();
    assertTrue(shown(By.id("confirm-error")).getText().contains("not valid JSON"));
    assertEquals(RuntimeStatus.RUNNING, await(f.client().getInstance("approval-2")).status());
    WebElement data = browser.findElement(By.id("confirm-data"));
    data.clear();
    data.sendKeys("{\"ok\": true}");
    confirm("Raise an event?", null);
    textIs(By.id("instance-status"), "Completed");
    assertTrue(
        browser.findElement(By.cssSelector("#output pre")).getText().contains("\"ok\": true"));
  }

  @Test
  void terminateThenPurgeEachAskFirst() {
    startAndAwait(TestFunctions.WAIT, null, "wait-1", false);
    open("#/instance/wait-1");
    textIs(By.id("instance-status"), "Running");
    shown(By.id("act-terminate")).click();
    confirm("Terminate instance?", "no longer needed");
    textIs(By.id("instance-status"), "Terminated");
    assertTrue(
        browser.findElement(By.cssSelector("#output pre")).getText().contains("no longer needed"));
    waiting().until(ExpectedConditions.elementToBeClickable(By.id("act-purge"))).click();
    confirm("Purge instance?", null);
    waiting().until(ExpectedConditions.urlContains("#/instances"));
    assertEquals(null, await(f.client().getInstance("wait-1")));
  }

  @Test
  void aFailedInstanceShowsItsFailureAndRewindsToCompletion() throws IOException {
    startAndAwait(TestFunctions.FAIL_ONCE, null, "flaky-1", true);
    open("#/instance/flaky-1");
    textIs(By.id("instance-status"), "Failed");
    assertTrue(shown(By.id("failure")).getText().contains("first attempt of flaky-1 fails"));
    shown(By.cssSelector("#timeline .tl-row[data-kind=activity][data-state=failed]"));
    screenshot("dashboard-failed.png");
    shown(By.id("act-rewind")).click();
    confirm("Rewind instance?", "retry");
    textIs(By.id("instance-status"), "Completed");
    assertTrue(browser.findElement(By.cssSelector("#output pre")).getText().contains("fine"));
  }

  @Test
  void restartingAFinishedInstanceOpensTheNewRun() {
    startAndAwait(TestFunctions.GREET_ONCE, "again", "greet-restart", true);
    open("#/instance/greet-restart");
    textIs(By.id("instance-status"), "Completed");
    shown(By.id("act-restart")).click();
    shown(By.cssSelector("#confirm input[name=newId]")).click();
    confirm("Restart instance?", null);
    waiting()
        .until(
            d ->
                !d.findElement(By.id("instance-id")).getText().equals("greet-restart")
                    && d.findElement(By.id("instance-status")).getText().equals("Completed"));
    String fresh = browser.findElement(By.id("instance-id")).getText();
    assertEquals(RuntimeStatus.COMPLETED, await(f.client().getInstance(fresh)).status(), fresh);
  }

  @Test
  void anEntityPageLinksToTheOrchestrationHoldingItsLock() {
    await(f.client().signalEntity(EntityId.of(TestFunctions.COUNTER, "vault"), "add", 1));
    f.pollUntil("/dashboard/api/entities/counter/vault?code=browser-key", r -> r.status() == 200);
    startAndAwait(TestFunctions.HOLD_LOCK, "vault", "vault-holder", false);
    f.pollUntil(
        "/dashboard/api/entities/counter/vault?code=browser-key",
        r -> "vault-holder".equals(r.json().getString("lockedBy")));
    open("#/entity/counter/vault");
    shown(By.cssSelector("#entity-lock a")).click();
    textIs(By.id("instance-id"), "vault-holder");
    shown(By.cssSelector("#timeline .tl-row[data-kind=lock][data-state=held]"));
    await(f.client().raiseEvent("vault-holder", "release", null));
    textIs(By.id("instance-status"), "Completed");
  }
}
