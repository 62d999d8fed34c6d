package io.orderpipeline.events;

@EventType(name = "OrderProcessed", schemaVersion = 1)
public record OrderProcessed() implements OrderEvent {}
