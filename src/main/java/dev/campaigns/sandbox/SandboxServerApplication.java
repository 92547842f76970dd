package dev.campaigns.sandbox;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sandbox as its own process ({@code --spring.profiles.active=sandbox-server}): no
 * database and no scheduler, only the fake PolyAI API and actuator health. The
 * {@code application-sandbox-server.yml} profile turns the database auto-configuration off.
 */
@SpringBootApplication
public class SandboxServerApplication {

}
