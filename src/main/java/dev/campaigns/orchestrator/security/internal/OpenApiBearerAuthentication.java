package dev.campaigns.orchestrator.security.internal;

import dev.campaigns.orchestrator.security.Caller;
import dev.campaigns.orchestrator.security.Requires;
import dev.campaigns.orchestrator.security.Role;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tells the OpenAPI document (and so Swagger UI's "Authorize" button) that every operation
 * under {@code /api} needs {@code Authorization: Bearer <api key>}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiBearerAuthentication {

	static final String SCHEME = "bearerAuth";

	static {
		// the caller is resolved from the API key, not read from the request: no parameter, no body
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
	}

	/**
	 * Each operation's roles as the extension {@code x-roles} (any one suffices; {@code admin}
	 * and {@code platform:admin} imply the others), from the {@link Requires} the interceptor
	 * enforces, so the document and the check cannot disagree.
	 */
	@Bean
	OperationCustomizer requiredRoles() {
		return (operation, handler) -> {
			RequiredRoleInterceptor.requiredRoles(handler)
				.ifPresent((roles) -> operation.addExtension("x-roles", roles.stream().map(Role::code).toList()));
			return operation;
		};
	}

	@Bean
	OpenApiCustomizer bearerAuthentication() {
		return (openApi) -> customise(openApi);
	}

	static void customise(OpenAPI openApi) {
		if (openApi.getComponents() == null) {
			openApi.setComponents(new Components());
		}
		openApi.getComponents()
			.addSecuritySchemes(SCHEME,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("An API key: Authorization: Bearer co_..."));
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths()
			.entrySet()
			.stream()
			.filter((path) -> ApiPaths.isApi(path.getKey()))
			.flatMap((path) -> path.getValue().readOperations().stream())
			.forEach((operation) -> operation.addSecurityItem(new SecurityRequirement().addList(SCHEME)));
	}

}
