package dev.campaigns.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/configuration.md} is generated from the metadata that
 * {@code spring-boot-configuration-processor} writes from the settings records' Javadoc, so a
 * property is documented once, where it is declared. This test fails when the file and the
 * records differ; {@code ./mvnw test -Dtest=ConfigurationDocsTests -Ddocs.write=true} writes it.
 */
class ConfigurationDocsTests {

	private static final Path METADATA = Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json");

	private static final Path DOC = Path.of("docs", "configuration.md");

	@Test
	void theConfigurationDocIsTheOneTheSettingsRecordsDescribe() throws IOException {
		String generated = render(JsonMapper.builder().build().readTree(Files.readString(METADATA)));
		if (Boolean.getBoolean("docs.write")) {
			Files.writeString(DOC, generated);
		}

		assertThat(Files.exists(DOC)).as(DOC + " exists (write it with -Ddocs.write=true)").isTrue();
		assertThat(Files.readString(DOC)).as(DOC + " is generated from the records' Javadoc: regenerate it with"
				+ " ./mvnw test -Dtest=ConfigurationDocsTests -Ddocs.write=true").isEqualTo(generated);
	}

	static String render(JsonNode metadata) {
		Map<String, List<JsonNode>> byGroup = new TreeMap<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			if (!name.startsWith("orchestrator.")) {
				continue;
			}
			String group = name.substring(0, name.indexOf('.', "orchestrator.".length()));
			byGroup.computeIfAbsent(group, key -> new ArrayList<>()).add(property);
		}
		StringBuilder md = new StringBuilder("""
				# Configuration

				Every setting of the service, generated from the Javadoc of the settings records by
				`spring-boot-configuration-processor` (`ConfigurationDocsTests` keeps this page and the code
				in step). Environment variables map as usual: `orchestrator.dispatch.calls-per-second` is
				`ORCHESTRATOR_DISPATCH_CALLSPERSECOND` or `ORCHESTRATOR_DISPATCH_CALLS_PER_SECOND`. Relations
				between settings are checked at start-up, which stops with the property and the reason.
				""");
		byGroup.forEach((group, properties) -> {
			md.append("\n## `").append(group).append("`\n\n| property | default | meaning |\n|---|---|---|\n");
			properties.sort((a, b) -> a.get("name").asString().compareTo(b.get("name").asString()));
			for (JsonNode property : properties) {
				JsonNode value = property.get("defaultValue");
				md.append("| `").append(property.get("name").asString()).append("` | ")
					.append(value == null || value.isNull() ? "" : "`" + text(value) + "`")
					.append(" | ")
					.append(description(property))
					.append(" |\n");
			}
		});
		return md.toString();
	}

	private static String text(JsonNode value) {
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.forEach(item -> items.add(item.asString()));
			return String.join(",", items);
		}
		return value.asString();
	}

	private static String description(JsonNode property) {
		JsonNode description = property.get("description");
		if (description == null || description.isNull()) {
			return "";
		}
		return description.asString()
			.replaceAll("\\{@code ([^}]*)\\}", "`$1`")
			.replaceAll("\\{@link ([^}]*)\\}", "`$1`")
			.replaceAll("\\s+", " ")
			.replace("|", "\\|")
			.trim();
	}

}
