# Campaign orchestrator image. The same image also runs the standalone sandbox (fake
# PolyAI API) when started with --spring.profiles.active=sandbox-server.
#
#   docker build -t campaign-orchestrator .
#   docker run -p 8080:8080 -e SPRING_DATASOURCE_URL=... campaign-orchestrator

# --- build: dependencies first, so a source-only change reuses the dependency layer
FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -ntp dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -ntp -DskipTests package

# --- extract: split the executable jar into Spring Boot's layers (least to most often changed)
FROM eclipse-temurin:17-jre AS extract
WORKDIR /extract
COPY --from=build /workspace/target/campaign-orchestrator-0.1.0-SNAPSHOT.jar application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --launcher --destination extracted

# --- runtime
FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="campaign-orchestrator" \
      org.opencontainers.image.description="Outbound-call campaigns through the PolyAI Outbound Calling API"

# A fixed, unprivileged uid/gid, so Kubernetes' runAsNonRoot can verify it and volume
# permissions are predictable. The application files stay owned by root: read-only to it.
RUN groupadd --system --gid 10001 orchestrator \
    && useradd --system --uid 10001 --gid 10001 --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin orchestrator

WORKDIR /app
COPY --from=extract /extract/extracted/dependencies/ ./
COPY --from=extract /extract/extracted/spring-boot-loader/ ./
COPY --from=extract /extract/extracted/snapshot-dependencies/ ./
COPY --from=extract /extract/extracted/application/ ./

# The heap follows the container's memory limit; leave a quarter for metaspace, threads,
# direct buffers and the OS. Die on OOM so the orchestrator restarts a clean process.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:InitialRAMPercentage=50.0 -XX:+ExitOnOutOfMemoryError" \
    SERVER_PORT=8080

# No HEALTHCHECK here on purpose: one image plays two roles on different ports and
# paths (service: 8080 /actuator/health/readiness, sandbox: 8090 /actuator/health), so
# docker-compose.yml declares a healthcheck per service and Kubernetes uses the chart's
# probes. Those compose healthchecks use curl, which the eclipse-temurin (Ubuntu) images
# install themselves, so nothing is added to this image for them.
EXPOSE 8080
USER 10001:10001
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
