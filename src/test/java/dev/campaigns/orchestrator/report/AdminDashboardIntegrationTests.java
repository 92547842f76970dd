package dev.campaigns.orchestrator.report;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.campaigns.orchestrator.dispatch.Dispatcher;
import dev.campaigns.orchestrator.status.StatusPoller;
import dev.campaigns.testsupport.Api;
import dev.campaigns.testsupport.IntegrationTest;
import dev.campaigns.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static dev.campaigns.testsupport.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium: sign in with a key, find the campaign, pause and
 * resume it, watch it complete on simulated time without reloading, download its CSV; find a
 * recipient by external id and by phone number, cancel one and requeue another, and see the
 * key named in their trails and in the campaign's history.
 * Screenshots go to {@code target/screenshots/}. Needs {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver} (Debian: {@code apt-get install chromium chromium-driver});
 * without them it is skipped with one line saying so, except where
 * {@code ORCHESTRATOR_REQUIRE_BROWSER=true} ({@code .ci/run}), where it fails: every landing
 * still tests the dashboard in a browser.
 */
@IntegrationTest
@Import(ReportFixtures.SimulatedTime.class)
@TestPropertySource(properties = { "orchestrator.dispatch.calls-per-second=1000", "orchestrator.dispatch.burst=1000",
		"orchestrator.status.requests-per-second=1000", "orchestrator.sandbox.seed=5" })
class AdminDashboardIntegrationTests {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	static final Duration PATIENCE = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	StatusPoller poller;

	@Autowired
	JdbcClient jdbc;

	WebDriver browser;

	Path profile;

	/** Set by {@code .ci/run}: there a missing browser fails the test instead of skipping it. */
	static final boolean BROWSER_REQUIRED = Boolean.parseBoolean(System.getenv("ORCHESTRATOR_REQUIRE_BROWSER"));

	@BeforeEach
	void startBrowser() throws IOException {
		boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		Assumptions.assumeTrue(present || BROWSER_REQUIRED, "Skipped: the dashboard's browser test needs "
				+ CHROMIUM + " and " + CHROMEDRIVER + " (Debian: apt-get install -y chromium chromium-driver)");
		assertThat(CHROMIUM).as("Chromium is needed for the dashboard test: apt-get install -y chromium chromium-driver")
			.isExecutable();
		assertThat(CHROMEDRIVER)
			.as("chromedriver is needed for the dashboard test: apt-get install -y chromium chromium-driver")
			.isExecutable();
		profile = Files.createTempDirectory("chromium-profile");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1280,1000", "--user-data-dir=" + profile);
		// an explicit driver, so Selenium Manager never looks for (or downloads) one
		System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
		browser.manage().timeouts().pageLoadTimeout(PATIENCE);
	}

	@AfterEach
	void stopBrowser() throws IOException {
		if (browser != null) {
			browser.quit();
		}
		if (profile != null) {
			try (var files = Files.walk(profile)) {
				files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
			}
		}
	}

	@Test
	void anAdminSignsInPausesResumesAndWatchesTheCampaignCompleteWithoutReloading() throws Exception {
		ReportFixtures.quietDatabase(jdbc, port);
		Api tenant = Api.at(port).newTenant("campaigns:write", "reports:read");
		String key = tenant.authorization().substring("Bearer ".length());
		String recipients = IntStream.range(0, 12)
			.mapToObj(i -> String.format("{\"phoneNumber\":\"+4420%08d\",\"metadata\":{\"ref\":\"r%d\"}}",
					73200000 + i, i))
			.collect(Collectors.joining(","));
		String id = json(tenant.post("/api/v1/campaigns", "{\"name\":\"Dashboard demo\",\"retry\":{\"maxAttempts\":1},"
				+ "\"rateLimit\":{\"callsPerMinute\":600,\"maxConcurrentCalls\":100},\"recipients\":[" + recipients
				+ "]}")).get("id").asString();
		WebDriverWait wait = new WebDriverWait(browser, PATIENCE);

		browser.get(base() + "/admin");
		wait.until(ExpectedConditions.urlContains("/admin/login"));
		browser.findElement(By.id("key")).sendKeys(key);
		browser.findElement(By.id("sign-in")).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("campaigns")));
		assertThat(browser.findElement(By.id("campaigns")).getText()).contains("Dashboard demo").contains("0 / 12");
		screenshot("1-campaigns");

		browser.findElement(By.linkText("Dashboard demo")).click();
		wait.until(ExpectedConditions.textToBe(By.id("status"), "RUNNING"));
		browser.findElement(By.id("pause")).click();
		wait.until(ExpectedConditions.textToBe(By.id("status"), "PAUSED"));
		assertThat(json(tenant.get("/api/v1/campaigns/" + id)).get("status").asString()).isEqualTo("PAUSED");
		screenshot("2-paused");
		browser.findElement(By.id("resume")).click();
		wait.until(ExpectedConditions.textToBe(By.id("status"), "RUNNING"));

		// a mark that a reload would wipe: the page must update itself
		((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");
		ReportFixtures.runUntil(clock, dispatcher, poller, Duration.ofMinutes(30),
				() -> "COMPLETED".equals(json(tenant.get("/api/v1/campaigns/" + id)).get("status").asString()));
		assertThat(json(tenant.get("/api/v1/campaigns/" + id)).get("status").asString()).isEqualTo("COMPLETED");
		wait.until(ExpectedConditions.textToBe(By.id("status"), "COMPLETED"));
		assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;"))
			.isEqualTo(Boolean.TRUE);
		assertThat(browser.findElement(By.cssSelector("[data-field=done]")).getText()).isEqualTo("12");
		assertThat(browser.findElement(By.cssSelector("[data-outcome=COMPLETED]")).getText()).isNotEqualTo("0");
		assertThat(browser.findElement(By.id("pause")).isDisplayed()).isFalse();
		assertThat(browser.findElement(By.cssSelector("#chart svg")).isDisplayed()).isTrue();
		screenshot("3-completed");

		String csvUrl = browser.findElement(By.id("csv")).getAttribute("href");
		Cookie session = browser.manage().getCookieNamed("JSESSIONID");
		assertThat(session).isNotNull();
		assertThat(session.isHttpOnly()).isTrue();
		HttpResponse<String> csv = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(csvUrl))
				.header("Cookie", "JSESSIONID=" + session.getValue())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("text/csv"));
		assertThat(csv.body().split("\r\n")).hasSize(13);
		assertThat(csv.body()).startsWith("phone_number,external_id,state,outcome,").contains(",ref\r\n");

		browser.findElement(By.id("logout")).click();
		wait.until(ExpectedConditions.urlContains("/admin/login"));
		browser.get(base() + "/admin/campaigns/" + id);
		wait.until(ExpectedConditions.urlContains("/admin/login"));
	}

	@Test
	void anAdminFindsARecipientSeesItsTrailCancelsOneRequeuesAnotherAndIsNamedInTheHistory() throws Exception {
		String tenantName = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
		String key = json(Api.at(port).post("/api/v1/api-keys", "{\"name\":\"Dana at the desk\",\"tenant\":\""
				+ tenantName + "\",\"roles\":[\"campaigns:write\"]}")).get("key").asString();
		Api tenant = Api.at(port).as(key);
		// scheduled a week ahead: nothing is dialled while the test looks
		String id = json(tenant.post("/api/v1/campaigns", "{\"name\":\"Recipient desk\",\"schedule\":{\"startAt\":\""
				+ ReportFixtures.START.plus(Duration.ofDays(7)) + "\"},\"recipients\":["
				+ "{\"phoneNumber\":\"+442071230501\",\"externalId\":\"appt-1\"},"
				+ "{\"phoneNumber\":\"+442071230502\",\"externalId\":\"appt-2\"}]}")).get("id").asString();
		WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
		signIn(key, wait);

		find(id, "externalId", "appt-1", wait);
		assertThat(browser.findElement(By.id("found")).getText()).contains("+442071230501").doesNotContain("0502");
		screenshot("4-found");
		browser.findElement(By.linkText("+442071230501")).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("trail")));
		assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("PENDING");
		assertThat(browser.findElement(By.id("trail")).getText()).contains("PLANNED");
		confirm(By.id("cancel"), wait);
		wait.until(ExpectedConditions.textToBe(By.id("state"), "DONE"));
		assertThat(browser.findElement(By.id("outcome")).getText()).isEqualTo("CANCELLED");
		assertThat(browser.findElement(By.cssSelector("#trail tr[data-decision=CANCELLED] .by")).getText())
			.isEqualTo("Dana at the desk");
		assertThat(browser.findElements(By.id("cancel"))).isEmpty();
		screenshot("5-recipient-cancelled");

		find(id, "phoneNumber", "not a number", wait);
		assertThat(browser.findElement(By.id("message")).getText()).contains("is not a phone number");
		jdbc.sql("update recipient set state = 'DONE', outcome = 'TRIGGER_UNKNOWN', attempts = 1,"
				+ " next_attempt_at = null where campaign_id = ?::uuid and external_id = 'appt-2'").param(id).update();
		find(id, "phoneNumber", "+44 20 7123 0502", wait);
		browser.findElement(By.linkText("+442071230502")).click();
		wait.until(ExpectedConditions.textToBe(By.id("outcome"), "TRIGGER_UNKNOWN"));
		confirm(By.id("requeue"), wait);
		wait.until(ExpectedConditions.textToBe(By.id("state"), "PENDING"));
		assertThat(browser.findElement(By.cssSelector("#trail tr[data-decision=REQUEUED] .by")).getText())
			.isEqualTo("Dana at the desk");
		screenshot("6-recipient-requeued");

		browser.get(base() + "/admin/campaigns/" + id);
		wait.until(ExpectedConditions.textToBe(By.id("status"), "SCHEDULED"));
		browser.findElement(By.id("pause")).click();
		wait.until(ExpectedConditions.textToBe(By.id("status"), "PAUSED"));
		assertThat(browser.findElement(By.id("history")).getText()).contains("PAUSED").contains("Dana at the desk");
		confirm(By.id("complete"), wait);
		wait.until(ExpectedConditions.textToBe(By.id("status"), "COMPLETED"));
		assertThat(json(tenant.get("/api/v1/campaigns/" + id)).get("status").asString()).isEqualTo("COMPLETED");
		assertThat(browser.findElement(By.id("history")).getText()).contains("COMPLETED");
		assertThat(browser.findElement(By.id("complete")).isDisplayed()).isFalse();
		((JavascriptExecutor) browser).executeScript("document.getElementById('history').scrollIntoView();");
		screenshot("7-history");
	}

	private void signIn(String key, WebDriverWait wait) {
		browser.get(base() + "/admin/login");
		browser.findElement(By.id("key")).sendKeys(key);
		browser.findElement(By.id("sign-in")).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("campaigns")));
	}

	/** The campaign page's search: by phone number or external id. */
	private void find(String campaign, String by, String query, WebDriverWait wait) {
		browser.get(base() + "/admin/campaigns/" + campaign);
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("find")));
		new Select(browser.findElement(By.id("by"))).selectByValue(by);
		browser.findElement(By.id("q")).sendKeys(query);
		browser.findElement(By.id("search")).click();
		wait.until(ExpectedConditions.or(ExpectedConditions.presenceOfElementLocated(By.id("found")),
				ExpectedConditions.presenceOfElementLocated(By.id("message"))));
	}

	/** Clicks a button whose form asks first, and says yes. */
	private void confirm(By button, WebDriverWait wait) {
		browser.findElement(button).click();
		wait.until(ExpectedConditions.alertIsPresent()).accept();
	}

	private void screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
		Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
	}

	private String base() {
		return "http://localhost:" + port;
	}

}
