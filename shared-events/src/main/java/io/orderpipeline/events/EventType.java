package io.orderpipeline.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stable wire identity of an event: its name and schema version travel in every envelope, never the Java
 * class name, so a class can be renamed or moved without breaking a consumer.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    String name();

    int schemaVersion();
}
