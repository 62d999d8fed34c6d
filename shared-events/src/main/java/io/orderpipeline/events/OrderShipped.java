package io.orderpipeline.events;

@EventType(name = "OrderShipped", schemaVersion = 1)
public record OrderShipped() implements OrderEvent {}
