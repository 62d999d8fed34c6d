package io.orderpipeline.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The registry of wire names, built from the permitted subtypes of {@link OrderEvent} so it cannot miss one. */
public final class EventTypes {

    private static final Map<Class<?>, EventType> BY_CLASS = Arrays.stream(OrderEvent.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Function.identity(), EventTypes::annotationOf));

    private static final Map<String, Class<? extends OrderEvent>> BY_NAME = BY_CLASS.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(
                    entry -> entry.getValue().name(), entry -> entry.getKey().asSubclass(OrderEvent.class)));

    private EventTypes() {}

    public static String nameOf(Class<? extends OrderEvent> type) {
        return BY_CLASS.get(type).name();
    }

    public static int schemaVersionOf(Class<? extends OrderEvent> type) {
        return BY_CLASS.get(type).schemaVersion();
    }

    public static Optional<Class<? extends OrderEvent>> forName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private static EventType annotationOf(Class<?> type) {
        EventType annotation = type.getAnnotation(EventType.class);
        if (annotation == null) {
            throw new IllegalStateException(type.getName() + " must declare its wire name with @EventType");
        }
        return annotation;
    }
}
