package dev.campaigns.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.StreamSupport;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart in {@code helm/campaign-orchestrator}, linted and rendered with the Helm
 * library itself (no helm binary needed) and read back as YAML objects.
 */
class HelmChartTests {

	private static final Path CHART = Path.of("helm", "campaign-orchestrator");

	private static final List<String> CREDENTIALS = List.of("SPRING_DATASOURCE_PASSWORD",
			"ORCHESTRATOR_PROVIDER_AUTH_TOKEN", "ORCHESTRATOR_BOOTSTRAP_ADMIN_KEY");

	@Test
	void chartLintsCleanEvenInStrictMode() {
		LintResult result = new Helm(CHART).lint().strict().call();

		assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
		assertThat(result.getMessages()).noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
	}

	@Test
	void defaultRenderHasDeploymentServiceConfigMapAutoscalerAndDisruptionBudget() {
		Rendered rendered = render();

		assertThat(rendered.kinds()).contains("Deployment", "Service", "ConfigMap", "HorizontalPodAutoscaler",
				"PodDisruptionBudget");
		assertThat(rendered.one("HorizontalPodAutoscaler").get("apiVersion")).isEqualTo("autoscaling/v2");
		assertThat(rendered.one("PodDisruptionBudget").get("apiVersion")).isEqualTo("policy/v1");
		assertThat(rendered.path(rendered.one("PodDisruptionBudget"), "spec", "minAvailable")).isEqualTo(1);
	}

	@Test
	void deploymentProbesTheActuatorHealthGroupsAndRequestsResources() {
		Map<String, Object> container = render().container();

		assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
		assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
		assertThat(path(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
		assertThat(path(container, "livenessProbe", "httpGet", "port")).isEqualTo("http");
		assertThat(path(container, "resources", "requests", "cpu")).isNotNull();
		assertThat(path(container, "resources", "requests", "memory")).isNotNull();
		assertThat(path(container, "resources", "limits", "memory")).isNotNull();
	}

	@Test
	void podsShutDownGracefullyAndAreNotAnnouncedForAnonymousScrapes() {
		Rendered rendered = render();
		Map<String, Object> podTemplate = rendered.map(rendered.one("Deployment"), "spec", "template");

		assertThat(path(podTemplate, "spec", "terminationGracePeriodSeconds")).isEqualTo(45);
		// /actuator/prometheus needs an admin key: an annotation-discovered scrape without one gets 401
		assertThat(map(podTemplate, "metadata", "annotations")).doesNotContainKey("prometheus.io/scrape");
		assertThat(rendered.kinds()).doesNotContain("ServiceMonitor");
	}

	@Test
	void theServiceMonitorScrapesPrometheusWithTheAdminKeyFromTheExistingSecret() {
		Rendered rendered = render(Map.of("metrics.serviceMonitor.enabled", "true", "existingSecret",
				"orchestrator-prod-credentials", "metrics.serviceMonitor.labels.release", "kube-prometheus"));
		Map<String, Object> monitor = rendered.one("ServiceMonitor");
		Map<String, Object> service = rendered.one("Service");

		assertThat(monitor.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
		assertThat(map(monitor, "metadata", "labels")).containsEntry("release", "kube-prometheus");
		assertThat(map(service, "metadata", "labels")).containsAllEntriesOf(map(monitor, "spec", "selector", "matchLabels"));
		Map<String, Object> endpoint = list(monitor, "spec", "endpoints").get(0);
		assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/actuator/prometheus");
		assertThat(list(service, "spec", "ports")).anySatisfy(port -> assertThat(port).containsEntry("name", "http"));
		assertThat(path(endpoint, "authorization", "type")).isEqualTo("Bearer");
		assertThat(path(endpoint, "authorization", "credentials", "name")).isEqualTo("orchestrator-prod-credentials");
		assertThat(path(endpoint, "authorization", "credentials", "key")).isEqualTo("metrics-api-key");
		assertThat(rendered.kinds()).doesNotContain("Secret");
	}

	@Test
	void scrapeAnnotationsCanBeAddedForAJobThatSendsTheKeyItself() {
		Rendered rendered = render(Map.of("metrics.prometheusScrapeAnnotations", "true"));
		Map<String, Object> podTemplate = rendered.map(rendered.one("Deployment"), "spec", "template");

		assertThat(map(podTemplate, "metadata", "annotations")).containsEntry("prometheus.io/scrape", "true")
			.containsEntry("prometheus.io/path", "/actuator/prometheus")
			.containsEntry("prometheus.io/port", "8080");
	}

	@Test
	void withAutoscalingDisabledTheDeploymentRunsTheConfiguredReplicas() {
		Rendered rendered = render(Map.of("autoscaling.enabled", "false", "replicaCount", "3"));

		assertThat(rendered.path(rendered.one("Deployment"), "spec", "replicas")).isEqualTo(3);
		assertThat(rendered.kinds()).doesNotContain("HorizontalPodAutoscaler");
	}

	@Test
	void withAutoscalingEnabledTheDeploymentLeavesReplicasToTheAutoscaler() {
		Rendered rendered = render(Map.of("autoscaling.enabled", "true", "replicaCount", "3"));
		Map<String, Object> deployment = rendered.one("Deployment");
		Map<String, Object> autoscaler = rendered.one("HorizontalPodAutoscaler");

		assertThat(map(deployment, "spec")).doesNotContainKey("replicas");
		assertThat(path(autoscaler, "spec", "scaleTargetRef", "name")).isEqualTo(path(deployment, "metadata", "name"));
		assertThat(path(autoscaler, "spec", "minReplicas")).isEqualTo(2);
		assertThat(path(autoscaler, "spec", "maxReplicas")).isEqualTo(6);
	}

	@Test
	void credentialsComeOnlyFromTheConfiguredExistingSecret() {
		Rendered rendered = render(Map.of("existingSecret", "orchestrator-prod-credentials"));
		Map<String, Object> container = rendered.container();
		List<Map<String, Object>> env = list(container, "env");

		assertThat(rendered.kinds()).doesNotContain("Secret");
		for (String name : CREDENTIALS) {
			Map<String, Object> variable = env.stream()
				.filter(entry -> name.equals(entry.get("name")))
				.findFirst()
				.orElseThrow(() -> new AssertionError(name + " is not in the container's env"));
			assertThat(variable).as(name).doesNotContainKey("value");
			assertThat(path(variable, "valueFrom", "secretKeyRef", "name")).as(name)
				.isEqualTo("orchestrator-prod-credentials");
		}
		assertThat(map(rendered.one("ConfigMap"), "data")).doesNotContainKeys(CREDENTIALS.toArray(String[]::new));
		assertThat(env).noneMatch(entry -> entry.containsKey("value"));
	}

	@Test
	void refusesToRenderWithoutAnExistingSecret() {
		assertThatThrownBy(() -> render(Map.of("existingSecret", ""))).hasMessageContaining("existingSecret");
	}

	@Test
	void refusesCredentialsPassedAsPlainConfiguration() {
		String token = "tok-do-not-render-0123456789";

		assertThatThrownBy(() -> render(Map.of("config.extra.ORCHESTRATOR_PROVIDER_AUTH_TOKEN", token)))
			.hasMessageContaining("existingSecret")
			.hasMessageNotContaining(token);
	}

	@Test
	void providerSettingsReachTheContainerThroughTheConfigMap() {
		Rendered rendered = render(Map.of("config.provider.dialect", "platform-v1", "config.provider.accountId", "acc-1",
				"config.provider.projectId", "proj-1", "config.dispatch.callsPerSecond", "2.5"));
		Map<String, Object> configMap = rendered.one("ConfigMap");

		assertThat(map(configMap, "data")).containsEntry("ORCHESTRATOR_PROVIDER_DIALECT", "platform-v1")
			.containsEntry("ORCHESTRATOR_PROVIDER_ACCOUNT_ID", "acc-1")
			.containsEntry("ORCHESTRATOR_PROVIDER_PROJECT_ID", "proj-1")
			.containsEntry("ORCHESTRATOR_DISPATCH_CALLS_PER_SECOND", "2.5")
			.containsEntry("SPRING_PROFILES_ACTIVE", "prod")
			.doesNotContainKey("ORCHESTRATOR_PROVIDER_AGENT_ID");
		assertThat(list(rendered.container(), "envFrom"))
			.anySatisfy(source -> assertThat(path(source, "configMapRef", "name")).isEqualTo(path(configMap, "metadata", "name")));
	}

	@Test
	void rejectsAnUnknownProviderDialect() {
		assertThatThrownBy(() -> render(Map.of("config.provider.dialect", "outbound-calling-v9")))
			.hasMessageContaining("/config/provider/dialect");
	}

	@Test
	void containerRunsAsNonRootOnAReadOnlyRootFilesystem() {
		Rendered rendered = render();
		Map<String, Object> podSpec = rendered.map(rendered.one("Deployment"), "spec", "template", "spec");
		Map<String, Object> container = rendered.container();

		assertThat(path(podSpec, "securityContext", "runAsNonRoot")).isEqualTo(true);
		assertThat((Integer) path(podSpec, "securityContext", "runAsUser")).isPositive();
		assertThat(path(container, "securityContext", "runAsNonRoot")).isEqualTo(true);
		assertThat(path(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
		assertThat(path(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
		assertThat(list(container, "volumeMounts")).anySatisfy(mount -> {
			assertThat(mount).containsEntry("mountPath", "/tmp");
			String volume = (String) mount.get("name");
			assertThat(list(podSpec, "volumes"))
				.anySatisfy(candidate -> assertThat(candidate).containsEntry("name", volume).containsKey("emptyDir"));
		});
	}

	private static Rendered render() {
		return render(Map.of());
	}

	private static Rendered render(Map<String, String> values) {
		TemplateCommand template = new Helm(CHART).template().withName("orchestrator");
		values.forEach(template::set);
		return Rendered.from(template.call());
	}

	private static Object path(Map<String, Object> root, String... keys) {
		Object current = root;
		for (String key : keys) {
			assertThat(current).as("parent of '%s'", key).isInstanceOf(Map.class);
			current = ((Map<?, ?>) current).get(key);
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> root, String... keys) {
		Object value = path(root, keys);
		assertThat(value).as(String.join(".", keys)).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Map<String, Object> root, String... keys) {
		Object value = path(root, keys);
		assertThat(value).as(String.join(".", keys)).isInstanceOf(List.class);
		return (List<Map<String, Object>>) value;
	}

	/** The documents of one {@code helm template} run. */
	private record Rendered(List<Map<String, Object>> documents) {

		@SuppressWarnings("unchecked")
		static Rendered from(String yaml) {
			Yaml parser = new Yaml(new SafeConstructor(new LoaderOptions()));
			List<Map<String, Object>> documents = new ArrayList<>();
			StreamSupport.stream(parser.loadAll(yaml).spliterator(), false)
				.filter(Objects::nonNull)
				.forEach(document -> documents.add((Map<String, Object>) document));
			return new Rendered(documents);
		}

		List<String> kinds() {
			return this.documents.stream().map(document -> (String) document.get("kind")).toList();
		}

		Map<String, Object> one(String kind) {
			List<Map<String, Object>> found = this.documents.stream()
				.filter(document -> kind.equals(document.get("kind")))
				.toList();
			assertThat(found).as("documents of kind %s", kind).hasSize(1);
			return found.get(0);
		}

		Map<String, Object> container() {
			List<Map<String, Object>> containers = list(one("Deployment"), "spec", "template", "spec", "containers");
			assertThat(containers).hasSize(1);
			return containers.get(0);
		}

		Object path(Map<String, Object> root, String... keys) {
			return HelmChartTests.path(root, keys);
		}

		Map<String, Object> map(Map<String, Object> root, String... keys) {
			return HelmChartTests.map(root, keys);
		}

	}

}
