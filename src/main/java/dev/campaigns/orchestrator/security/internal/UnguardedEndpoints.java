package dev.campaigns.orchestrator.security.internal;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Warns at startup about every {@code /api} handler without {@code @Requires}: such a
 * handler answers 403 to everyone, which is safe but surely not what its author meant.
 */
@Component
class UnguardedEndpoints {

	private static final Logger log = LoggerFactory.getLogger(UnguardedEndpoints.class);

	@EventListener
	void onReady(ApplicationReadyEvent event) {
		for (RequestMappingHandlerMapping mapping : event.getApplicationContext()
			.getBeansOfType(RequestMappingHandlerMapping.class)
			.values()) {
			for (String endpoint : unguarded(mapping.getHandlerMethods())) {
				log.warn("{} is under /api but has no @Requires, so it answers 403 to everyone", endpoint);
			}
		}
	}

	static List<String> unguarded(Map<RequestMappingInfo, HandlerMethod> handlers) {
		return handlers.entrySet()
			.stream()
			.filter((handler) -> handler.getKey()
				.getPatternValues()
				.stream()
				.anyMatch(ApiPaths::isApi))
			.filter((handler) -> RequiredRoleInterceptor.requiredRoles(handler.getValue()).isEmpty())
			.map((handler) -> handler.getKey() + " (" + handler.getValue().getShortLogMessage() + ")")
			.sorted()
			.toList();
	}

}
