package io.orderpipeline.query.projection;

import io.orderpipeline.events.EventEnvelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one batch of records does to the read model, decided in memory before anything is written: the rows to
 * upsert (one per order, however many of its events the batch holds), the history rows, the offsets to store, the
 * parked events of the orders it touched and the unreadable records to dead-letter.
 *
 * <p>An event its order cannot take (a missing earlier version, a stream that cannot have it, a row PostgreSQL
 * refused) parks that order: the event and every later one of the order wait in {@code parked_events}, ordered by
 * version, while the other orders of the partition go on. A parked order drains as soon as its first parked version
 * can be applied: when the missing version arrives, on a retry, or after a skip.
 */
final class BatchPlan {

    /** What the plan knows before it folds the records in, all read in the batch's transaction. */
    record Stored(
            Map<Integer, Long> offsets,
            Map<String, OrderRow> rows,
            Map<String, List<ParkedEvent>> parked,
            Map<String, Set<Long>> skipped) {

        static Stored empty() {
            return new Stored(Map.of(), Map.of(), Map.of(), Map.of());
        }
    }

    /** One event applied: the row after it and its history row, kept so a refused row can be found one by one. */
    record Step(OrderRow row, HistoryRow history) {}

    /** An unreadable record, by its index in the batch. */
    record DeadLetter(int index, String reason) {}

    /** The longest order id the tables hold ({@code varchar(100)}). */
    static final int MAX_ORDER_ID_LENGTH = 100;

    final Map<String, OrderRow> rows = new LinkedHashMap<>();
    final List<HistoryRow> history = new ArrayList<>();
    final List<Step> steps = new ArrayList<>();
    final Map<Integer, PartitionProgress> progress = new HashMap<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();

    /** The parked events of every order whose parking changed, as they must be stored (empty: no longer parked). */
    final Map<String, List<ParkedEvent>> parked = new LinkedHashMap<>();

    /**
     * Versions this plan took out of {@code parked_events} (applied or found duplicate), by order. Only those are
     * deleted: a transaction of another partition may park other versions of the same order meanwhile.
     */
    final Map<String, List<Long>> unparked = new LinkedHashMap<>();

    /** {@link ParkedIds#epoch()} when the plan was made. */
    long epoch;

    int applied;
    int drained;
    int parkedEvents;
    int skipped;
    int duplicates;
    int alreadyStored;

    private final Map<String, OrderRow> state;
    private final Map<String, NavigableMap<Long, ParkedEvent>> queues = new HashMap<>();
    private final Map<String, Set<Long>> skips;
    private final Map<String, String> refused;
    private final Set<String> touched = new LinkedHashSet<>();
    private final Set<String> retried = new HashSet<>();
    private final Instant now;

    private BatchPlan(Stored stored, Map<String, String> refused, Instant now) {
        this.state = new HashMap<>(stored.rows());
        stored.parked().forEach((orderId, events) -> {
            NavigableMap<Long, ParkedEvent> queue = new TreeMap<>();
            events.forEach(event -> queue.put(event.version(), event));
            queues.put(orderId, queue);
        });
        this.skips = stored.skipped();
        this.refused = refused;
        this.now = now;
    }

    /**
     * @param batch the records in log order per partition, and the consumer's positions after them
     * @param stored offsets, rows, parked events and skipped versions of what the batch touches
     * @param refused rows PostgreSQL refused in an earlier attempt at this batch, by {@link #key(String, long)}
     * @param drain orders to try draining even without a record of theirs in the batch (retry, sweep), refused rows
     *     included
     */
    static BatchPlan of(
            Batch batch, Stored stored, Map<String, String> refused, Collection<String> drain, Instant now) {
        BatchPlan plan = new BatchPlan(stored, refused, now);
        List<ProjectionInput> inputs = batch.inputs();
        for (int i = 0; i < inputs.size(); i++) {
            ProjectionInput input = inputs.get(i);
            if (input.offset() < stored.offsets().getOrDefault(input.partition(), 0L)) {
                plan.alreadyStored++;
                continue;
            }
            String unreadable = input.envelope() == null ? input.unreadable() : unstorableOrderId(input.envelope());
            if (unreadable != null) {
                plan.deadLetters.add(new DeadLetter(i, unreadable));
                plan.skipped++;
            } else {
                plan.fold(input);
            }
            plan.advance(input);
        }
        plan.retried.addAll(drain);
        drain.forEach(plan::drain);
        batch.positions().forEach(plan::advanceTo);
        for (String orderId : plan.touched) {
            NavigableMap<Long, ParkedEvent> queue = plan.queues.getOrDefault(orderId, new TreeMap<>());
            plan.parked.put(orderId, List.copyOf(queue.values()));
            List<Long> gone = stored.parked().getOrDefault(orderId, List.of()).stream()
                    .map(ParkedEvent::version)
                    .filter(version -> !queue.containsKey(version))
                    .toList();
            if (!gone.isEmpty()) {
                plan.unparked.put(orderId, gone);
            }
        }
        return plan;
    }

    static String key(String orderId, long version) {
        return orderId + "@" + version;
    }

    /** Every order id becomes a key of the tables: one they cannot hold goes to the dead-letter topic. */
    private static String unstorableOrderId(EventEnvelope envelope) {
        String orderId = envelope.orderId();
        if (orderId.indexOf('\0') >= 0) {
            return "orderId contains a NUL character, which PostgreSQL text cannot hold";
        }
        if (orderId.length() > MAX_ORDER_ID_LENGTH) {
            return "orderId is longer than " + MAX_ORDER_ID_LENGTH + " characters";
        }
        return null;
    }

    private void fold(ProjectionInput input) {
        EventEnvelope envelope = input.envelope();
        String orderId = envelope.orderId();
        NavigableMap<Long, ParkedEvent> queue = queues.get(orderId);
        long applied = appliedVersion(orderId);
        if (envelope.version() <= applied || (queue != null && queue.containsKey(envelope.version()))) {
            duplicates++;
            return;
        }
        boolean orderParked = queue != null && !queue.isEmpty();
        if (orderParked && envelope.version() > applied + 1) {
            // Behind its parked versions: wait with them, in version order.
            queue.put(envelope.version(), parked(input, ParkedEvent.Cause.BEHIND, "waits"));
            touched.add(orderId);
            parkedEvents++;
            drain(orderId);
            return;
        }
        if (envelope.version() > applied + 1) {
            park(input, ParkedEvent.Cause.GAP, gap(orderId, applied, envelope.version()));
            return;
        }
        String failure = tryApply(envelope, input.provenance());
        if (failure != null) {
            park(input, causeOf(envelope), failure);
        }
        if (orderParked) {
            // The version a parked order waited for: what waited behind it may follow now.
            drain(orderId);
        }
    }

    private void park(ProjectionInput input, ParkedEvent.Cause cause, String reason) {
        String orderId = input.envelope().orderId();
        queues.computeIfAbsent(orderId, id -> new TreeMap<>())
                .put(input.envelope().version(), parked(input, cause, reason));
        touched.add(orderId);
        parkedEvents++;
    }

    private ParkedEvent parked(ProjectionInput input, ParkedEvent.Cause cause, String reason) {
        EventEnvelope envelope = input.envelope();
        return new ParkedEvent(
                envelope.orderId(),
                envelope.version(),
                cause,
                reason,
                input.partition(),
                input.offset(),
                envelope,
                now,
                input.provenance());
    }

    /** Applies the order's parked events from the first while they follow on; the first one left says why. */
    private void drain(String orderId) {
        NavigableMap<Long, ParkedEvent> queue = queues.get(orderId);
        if (queue == null) {
            return;
        }
        touched.add(orderId);
        while (!queue.isEmpty()) {
            ParkedEvent head = queue.firstEntry().getValue();
            long applied = appliedVersion(orderId);
            if (head.version() <= applied) {
                queue.pollFirstEntry();
                duplicates++;
                continue;
            }
            if (head.version() > applied + 1) {
                waitBehind(queue, head.because(ParkedEvent.Cause.GAP, gap(orderId, applied, head.version())));
                return;
            }
            if (head.cause() == ParkedEvent.Cause.REFUSED && !retried.contains(orderId)) {
                // A refused row is refused again until something changed: only an explicit retry tries it.
                waitBehind(queue, head);
                return;
            }
            String failure = tryApply(head.envelope(), head.provenance());
            if (failure != null) {
                waitBehind(queue, head.because(causeOf(head.envelope()), failure));
                return;
            }
            queue.pollFirstEntry();
            drained++;
        }
    }

    private static void waitBehind(NavigableMap<Long, ParkedEvent> queue, ParkedEvent head) {
        queue.replaceAll((version, event) -> version == head.version()
                ? head
                : event.because(ParkedEvent.Cause.BEHIND, "waits behind version " + head.version() + " of its order"));
    }

    /** @return why the event cannot be applied, or {@code null} once it is */
    private String tryApply(EventEnvelope envelope, Provenance provenance) {
        String refusal = refused.get(key(envelope.orderId(), envelope.version()));
        if (refusal != null) {
            return refusal;
        }
        OrderRow current = state.get(envelope.orderId());
        OrderRow next;
        try {
            next = current == null ? OrderRow.start(envelope) : current.apply(envelope);
        } catch (UnprojectableEventException e) {
            return e.getMessage();
        }
        state.put(next.orderId(), next);
        rows.put(next.orderId(), next);
        HistoryRow historyRow = HistoryRow.of(envelope, next, provenance);
        history.add(historyRow);
        steps.add(new Step(next, historyRow));
        applied++;
        return null;
    }

    private ParkedEvent.Cause causeOf(EventEnvelope envelope) {
        return refused.containsKey(key(envelope.orderId(), envelope.version()))
                ? ParkedEvent.Cause.REFUSED
                : ParkedEvent.Cause.UNPROJECTABLE;
    }

    /** The order's stored version, and past it every version an operator skipped. */
    private long appliedVersion(String orderId) {
        OrderRow row = state.get(orderId);
        long version = row == null ? 0 : row.version();
        Set<Long> skippedVersions = skips.getOrDefault(orderId, Set.of());
        while (skippedVersions.contains(version + 1)) {
            version++;
        }
        return version;
    }

    private static String gap(String orderId, long applied, long version) {
        return "order " + orderId + " is at version " + applied + " but its next event has version " + version
                + ": version " + (applied + 1) + " is missing";
    }

    private void advance(ProjectionInput input) {
        PartitionProgress before = progress.get(input.partition());
        var occurredAt =
                input.envelope() != null ? input.envelope().occurredAt() : before == null ? null : before.lastEventAt();
        progress.put(input.partition(), new PartitionProgress(input.offset() + 1, occurredAt));
    }

    /** Past what follows the last record (transaction markers), for a partition read to the end of its batch. */
    private void advanceTo(int partition, long position) {
        PartitionProgress read = progress.get(partition);
        if (read != null && position > read.nextOffset()) {
            progress.put(partition, new PartitionProgress(position, read.lastEventAt()));
        }
    }
}
