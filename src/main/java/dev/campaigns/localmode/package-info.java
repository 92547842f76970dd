/**
 * Local mode: {@code ./mvnw spring-boot:run} with no configuration runs on an embedded
 * PostgreSQL kept under {@code ./data}, with the in-process PolyAI sandbox. Never active
 * with a profile or a configured datasource, and absent from the packaged jar.
 */
@NullMarked
package dev.campaigns.localmode;

import org.jspecify.annotations.NullMarked;
