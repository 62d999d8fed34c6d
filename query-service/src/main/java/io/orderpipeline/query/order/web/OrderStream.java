package io.orderpipeline.query.order.web;

import io.orderpipeline.query.QueryProperties;
import io.orderpipeline.query.order.OrderChange;
import io.orderpipeline.query.order.OrderQueries;
import io.orderpipeline.query.order.OrderView;
import io.orderpipeline.query.projection.AppliedVersions;
import io.orderpipeline.query.projection.ParkedOrders;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends every change of the read model to every connected {@code GET /orders/stream} client. One reader for all
 * clients, and only while there are any: it asks PostgreSQL which orders changed after the newest change it saw
 * (minus an overlap, deduplicated by version), whenever this instance's projection commits and at least every
 * {@code streamRecheckInterval} for the commits of other instances. Each client has its own writer thread and a
 * bounded queue, so a slow client is dropped instead of holding up the others.
 */
@Component
class OrderStream implements SmartLifecycle {

    /** Orders per {@code orders} event, so one event stays a reasonable size after a burst. */
    private static final int ORDERS_PER_EVENT = 500;

    /** How often the reader checks for a commit of this instance: the longest such a change waits to be read. */
    private static final Duration COMMIT_CHECK = Duration.ofMillis(50);

    /** Tells a reconnecting browser to wait this long (milliseconds) before it tries again. */
    private static final long RECONNECT_MILLIS = 2000;

    private static final Logger log = LoggerFactory.getLogger(OrderStream.class);

    private final OrderQueries queries;
    private final ParkedOrders parkedOrders;
    private final JsonMapper json;
    private final QueryProperties.Page settings;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean committed = new AtomicBoolean();

    /** Its own thread, not the shared scheduler's, whose sweeps may wait long on PostgreSQL locks. */
    private ScheduledExecutorService reader;

    /** Only touched by the scheduled reader. */
    private Instant newestSeen;

    private long lastRead;
    private final Map<String, OrderChange> sent = new HashMap<>();

    OrderStream(
            OrderQueries queries,
            ParkedOrders parkedOrders,
            AppliedVersions appliedVersions,
            JsonMapper json,
            QueryProperties properties) {
        this.queries = queries;
        this.parkedOrders = parkedOrders;
        this.json = json;
        this.settings = properties.page();
        appliedVersions.onEveryCommit(() -> committed.set(true));
    }

    /** A new client, or {@code null} when {@code maxStreams} are connected already. */
    SseEmitter open() {
        // No timeout: the stream lasts until the client leaves or falls behind.
        var client = new Client(new SseEmitter(0L), new ArrayBlockingQueue<>(settings.streamQueue()));
        synchronized (clients) {
            if (clients.size() >= settings.maxStreams()) {
                return null;
            }
            clients.add(client);
        }
        client.offer(() -> SseEmitter.event().reconnectTime(RECONNECT_MILLIS).comment("orders"));
        client.start();
        return client.emitter;
    }

    int connected() {
        return clients.size();
    }

    @Override
    public synchronized void start() {
        reader = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("order-stream").daemon(true).factory());
        reader.scheduleWithFixedDelay(
                this::sendChanges, COMMIT_CHECK.toMillis(), COMMIT_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        long heartbeat = settings.heartbeatInterval().toMillis();
        reader.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        reader.shutdownNow();
        reader = null;
        clients.forEach(Client::drop);
    }

    @Override
    public synchronized boolean isRunning() {
        return reader != null;
    }

    /** A read after this instance's commits, or once the recheck interval is up. */
    private void sendChanges() {
        if (clients.isEmpty()) {
            newestSeen = null;
            sent.clear();
            return;
        }
        boolean due = committed.getAndSet(false)
                || newestSeen == null
                || System.nanoTime() - lastRead
                        >= settings.streamRecheckInterval().toNanos();
        if (!due) {
            return;
        }
        lastRead = System.nanoTime();
        try {
            List<OrderView> changed = changes();
            for (int from = 0; from < changed.size(); from += ORDERS_PER_EVENT) {
                List<OrderJson> orders =
                        changed.subList(from, Math.min(changed.size(), from + ORDERS_PER_EVENT)).stream()
                                .map(view -> OrderJson.of(
                                        view,
                                        parkedOrders
                                                .ifParked(view.orderId(), true)
                                                .orElse(null)))
                                .toList();
                String data = json.writeValueAsString(orders);
                clients.forEach(client ->
                        client.offer(() -> SseEmitter.event().name("orders").data(data)));
            }
        } catch (RuntimeException e) {
            // The next round asks again (an exception would end the schedule); what changed meanwhile is still after
            // the newest change seen.
            log.warn("Reading the changed orders for the stream failed: {}", e.getMessage());
        }
    }

    private void heartbeat() {
        clients.forEach(client -> client.offer(() -> SseEmitter.event().comment("heartbeat")));
    }

    /** The orders changed since the last read, each once per version, oldest change first. */
    private List<OrderView> changes() {
        Duration overlap = settings.streamOverlap();
        if (newestSeen == null) {
            // A new client reads the list itself when it connects; the overlap's worth of changes is sent again.
            newestSeen = queries.newestChange().orElse(Instant.EPOCH);
        }
        List<OrderChange> fresh = new ArrayList<>();
        Instant newest = newestSeen;
        for (OrderChange change : queries.changedAfter(newestSeen.minus(overlap))) {
            OrderChange before = sent.get(change.orderId());
            if (before == null || before.version() < change.version()) {
                fresh.add(change);
            }
            if (change.projectedAt().isAfter(newest)) {
                newest = change.projectedAt();
            }
        }
        List<OrderView> views = new ArrayList<>(
                fresh.isEmpty()
                        ? List.of()
                        : queries.findAll(
                                fresh.stream().map(OrderChange::orderId).toList()));
        // Only once every read went through: a failed round leaves its changes to the next one.
        newestSeen = newest;
        views.sort(Comparator.comparing(OrderView::projectedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        views.forEach(
                view -> sent.put(view.orderId(), new OrderChange(view.orderId(), view.version(), view.projectedAt())));
        Instant forgetBefore = newestSeen.minus(overlap);
        sent.values()
                .removeIf(change ->
                        change.projectedAt() == null || change.projectedAt().isBefore(forgetBefore));
        return views;
    }

    /**
     * One connected browser: events wait in its queue, its own virtual thread writes them. The queue holds how to
     * build each event, not a builder: a builder changes as it is sent, so it cannot be shared between clients.
     */
    private final class Client {

        private final SseEmitter emitter;
        private final BlockingQueue<Supplier<SseEmitter.SseEventBuilder>> queue;
        private volatile Thread writer;

        Client(SseEmitter emitter, BlockingQueue<Supplier<SseEmitter.SseEventBuilder>> queue) {
            this.emitter = emitter;
            this.queue = queue;
            emitter.onCompletion(this::drop);
            emitter.onTimeout(this::drop);
            emitter.onError(failure -> drop());
        }

        void start() {
            writer = Thread.ofVirtual().name("order-stream-writer").start(this::write);
        }

        /** Never waits: a client whose queue is full is too slow and is dropped. */
        void offer(Supplier<SseEmitter.SseEventBuilder> event) {
            if (!queue.offer(event)) {
                log.info("Dropping a stream client that fell {} events behind", queue.size());
                drop();
            }
        }

        private void write() {
            try {
                while (clients.contains(this)) {
                    emitter.send(queue.take().get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                // Gone or broken: a client that cannot be written to is dropped, never left connected and silent.
                log.debug("Stream client dropped: {}", e.toString());
                drop();
            }
            emitter.complete();
        }

        /** Leaves the set at once; its writer ends the response (the caller may be the reader, which must not wait). */
        private void drop() {
            if (clients.remove(this) && writer != null) {
                writer.interrupt();
            }
        }
    }
}
