package dev.campaigns.orchestrator.security.internal;

import dev.campaigns.orchestrator.security.Caller;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Gives a controller method under {@code /api} its {@link Caller}: the principal Spring Security authenticated. */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Caller.class.equals(parameter.getParameterType());
	}

	@Override
	public Caller resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
			NativeWebRequest request, @Nullable WebDataBinderFactory binderFactory) {
		return ApiKeyAuthentication.currentCaller()
			.orElseThrow(() -> new IllegalStateException(
					"A Caller exists only for requests under /api, which need an API key; "
							+ parameter.getExecutable() + " is reachable without one"));
	}

}
