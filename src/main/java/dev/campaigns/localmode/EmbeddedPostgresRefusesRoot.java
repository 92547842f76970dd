package dev.campaigns.localmode;

/** Local mode cannot start: PostgreSQL refuses to run as root. */
class EmbeddedPostgresRefusesRoot extends RuntimeException {

	static final String SENTENCE = "Local mode cannot start because the embedded PostgreSQL refuses to run as root:"
			+ " run as an ordinary user, or set SPRING_DATASOURCE_URL (with SPRING_DATASOURCE_USERNAME and"
			+ " SPRING_DATASOURCE_PASSWORD) to use a PostgreSQL server of your own.";

	EmbeddedPostgresRefusesRoot() {
		super(SENTENCE);
	}

}
