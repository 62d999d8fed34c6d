package io.orderpipeline.events;

@EventType(name = "OrderDelivered", schemaVersion = 1)
public record OrderDelivered() implements OrderEvent {}
