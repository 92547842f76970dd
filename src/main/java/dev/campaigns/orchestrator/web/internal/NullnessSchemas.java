package dev.campaigns.orchestrator.web.internal;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Reads the JSpecify nullness of records into their schemas, so the document says what the
 * wire carries: a component that is never null is {@code required}; one marked
 * {@link Nullable} may be {@code null} (OpenAPI 3.1: {@code "null"} among its types, or
 * {@code anyOf} a reference and {@code null}). Without it every property of the document is
 * optional and none may be null, and a generated client reads neither right.
 */
final class NullnessSchemas implements ModelConverter {

	@Override
	public @Nullable Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
		Schema resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
		// swagger-core hands over a Class or, for nested types, a Jackson JavaType
		Class<?> raw = Json.mapper().constructType(type.getType()).getRawClass();
		if (resolved == null || !raw.isRecord()) {
			return resolved;
		}
		Schema model = resolved;
		if (resolved.get$ref() != null) {
			String ref = resolved.get$ref();
			model = context.getDefinedModels().get(ref.substring(ref.lastIndexOf('/') + 1));
		}
		if (model != null && model.getProperties() != null) {
			describe(raw, model);
		}
		return resolved;
	}

	private static void describe(Class<?> record, Schema<?> model) {
		Map<String, Schema> properties = model.getProperties();
		List<String> required = new ArrayList<>();
		for (RecordComponent component : record.getRecordComponents()) {
			String name = name(component);
			Schema<?> property = properties.get(name);
			if (property == null) {
				continue;
			}
			if (nullable(component)) {
				properties.put(name, orNull(property));
			}
			else {
				required.add(name);
			}
		}
		model.setRequired(required.isEmpty() ? null : required);
	}

	private static String name(RecordComponent component) {
		JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
		if (renamed == null) {
			renamed = component.getAnnotation(JsonProperty.class);
		}
		return renamed == null || renamed.value().isEmpty() ? component.getName() : renamed.value();
	}

	private static boolean nullable(RecordComponent component) {
		return component.getAnnotatedType().isAnnotationPresent(Nullable.class)
				|| component.isAnnotationPresent(Nullable.class);
	}

	@SuppressWarnings("unchecked")
	private static Schema<?> orNull(Schema<?> property) {
		if (property.get$ref() != null) {
			Schema<?> either = new Schema<>();
			either.setAnyOf(List.of(property, nullType()));
			either.setDescription(property.getDescription());
			return either;
		}
		if (property.getEnum() != null && !property.getEnum().contains(null)) {
			// an enum lists every value the property takes: null too (a copy: one read from an
			// annotation's allowableValues cannot be added to)
			List<Object> values = new ArrayList<>(property.getEnum());
			values.add(null);
			((Schema<Object>) property).setEnum(values);
		}
		if (property.getTypes() != null) {
			property.addType("null");
		}
		else if (property.getType() != null) {
			property.setTypes(new java.util.LinkedHashSet<>(Set.of(property.getType(), "null")));
		}
		return property;
	}

	private static Schema<?> nullType() {
		Schema<?> none = new Schema<>();
		none.addType("null");
		return none;
	}

}
