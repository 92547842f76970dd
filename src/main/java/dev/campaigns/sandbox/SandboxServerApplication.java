package dev.campaigns.sandbox;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The sandbox as its own process ({@code --spring.profiles.active=sandbox-server}): no
 * database and no scheduler, only the fake PolyAI API and actuator health. The
 * {@code application-sandbox-server.yml} profile turns the database auto-configuration off
 * and the sandbox on.
 *
 * <p>Deliberately no component scan: the sandbox's beans come only from
 * {@link SandboxAutoConfiguration}, so they are never defined twice, and nothing of the
 * orchestrator is picked up.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SandboxServerApplication {

}
