package io.orderpipeline.query.order.web;

import io.orderpipeline.query.order.OrderStatus;
import java.util.Map;

/** How many orders there are, in total and per status (every status listed, zero included). */
record StatsJson(long total, Map<OrderStatus, Long> byStatus) {}
