package io.orderpipeline.query.order.web;

import io.orderpipeline.query.order.OrderQueries;
import io.orderpipeline.query.order.OrderStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/** Turns raw query parameters into typed values, or a 400 that names the parameter and what is wrong with it. */
final class QueryParameters {

    static final int MAX_PAGE_SIZE = 100;
    static final int DEFAULT_PAGE_SIZE = 20;

    /** Properties a list may be sorted by: the JSON names of the view. */
    static final Set<String> SORTABLE = OrderQueries.SORTABLE;

    /** Ends every sort so that equal values never make pages overlap or skip. */
    private static final Sort.Order TIEBREAKER = Sort.Order.asc("orderId");

    private QueryParameters() {}

    static OrderStatus status(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OrderStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(
                    "status", "must be one of " + Arrays.toString(OrderStatus.values()) + ", was '" + value + "'");
        }
    }

    static String text(String name, String value) {
        if (value != null && value.isBlank()) {
            throw new InvalidParameterException(name, "must not be blank");
        }
        return storable(name, value);
    }

    /**
     * Text PostgreSQL can compare: it refuses a NUL character (0x00) in any text value, so such a value can match
     * nothing and is refused here, naming the parameter, instead of failing in the database.
     */
    static String storable(String name, String value) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw new InvalidParameterException(name, "must not contain a NUL character (0x00)");
        }
        return value;
    }

    static Pageable page(String page, String size, List<String> sort) {
        int number = integer("page", page, 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        int pageSize = integer("size", size, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        return PageRequest.of(number, pageSize, sort(sort));
    }

    static long longValue(String name, String value, long min, long max) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min || parsed > max) {
                throw new InvalidParameterException(name, "must be between " + min + " and " + max + ", was " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(name, "must be a whole number, was '" + value + "'");
        }
    }

    private static int integer(String name, String value, int defaultValue, int min, int max) {
        return value == null ? defaultValue : (int) longValue(name, value, min, max);
    }

    /** {@code property} or {@code property,asc|desc}, repeatable; by default newest first. */
    private static Sort sort(List<String> values) {
        List<Sort.Order> orders = new ArrayList<>();
        for (String value : values == null || values.isEmpty() ? List.of("createdAt,desc") : values) {
            String[] parts = value.split(",", -1);
            String property = parts[0].trim();
            if (!SORTABLE.contains(property)) {
                throw new InvalidParameterException(
                        "sort",
                        "cannot sort by '" + property + "'; sortable: "
                                + SORTABLE.stream().sorted().collect(Collectors.joining(", ")));
            }
            if (parts.length > 2) {
                throw new InvalidParameterException(
                        "sort", "must be 'property' or 'property,asc|desc', was '" + value + "'");
            }
            String direction = parts.length == 2 ? parts[1].trim().toLowerCase(Locale.ROOT) : "asc";
            switch (direction) {
                case "asc" -> orders.add(Sort.Order.asc(property));
                case "desc" -> orders.add(Sort.Order.desc(property));
                default ->
                    throw new InvalidParameterException(
                            "sort", "direction must be asc or desc, was '" + parts[1].trim() + "'");
            }
        }
        if (orders.stream().noneMatch(order -> order.getProperty().equals(TIEBREAKER.getProperty()))) {
            orders.add(TIEBREAKER);
        }
        return Sort.by(orders);
    }
}
