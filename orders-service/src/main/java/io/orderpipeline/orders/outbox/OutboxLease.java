package io.orderpipeline.orders.outbox;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The right to publish, held by one relay at a time so that commits of one order are never sent by two instances
 * at once (which could interleave their versions). One document in {@code outbox_lease}, taken with a conditional
 * upsert: it matches only if this relay owns the lease or it has expired; if another relay holds it, the upsert hits
 * the unique {@code _id} and fails. The holder renews it every third of it, from a heartbeat thread of its own, so a
 * round waiting on a slow broker does not let it lapse; a stopped relay releases it, a dead one loses it when it
 * expires.
 *
 * <p>The same document keeps the relay's {@link OutboxPosition}: the holder hands it the position of the last commit
 * the broker acknowledged and the next renewal stores it, in the same update, so storing it costs no round trip of
 * its own and happens at most once per renewal. Only the owner's update matches, so a relay that lost the lease
 * cannot move its successor's position; a release keeps the document, and with it the position, for the next holder.
 *
 * <p>A standby does not contend while the lease is held: after a failed attempt it reads when the lease expires and
 * tries again only then (re-reading the document first, by {@code _id}, in case the holder renewed it meanwhile).
 * So a dead holder is replaced as soon as its lease has expired, and a live one costs each standby one read per
 * lease period, whatever the load. Expiry is judged on each instance's own clock: the instances' clocks are assumed
 * to agree to well within a lease (NTP).
 */
class OutboxLease {

    static final String COLLECTION = "outbox_lease";
    private static final String LEASE_ID = "orders.events";
    private static final String POSITION = "position";
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(OutboxLease.class);

    private final MongoTemplate mongo;
    private final Duration duration;
    private final Clock clock;
    private final String owner;
    private final Counter attempts;
    private volatile Instant heldUntil = Instant.MIN;
    private Instant renewAfter = Instant.MIN;
    private Instant nextAttempt = Instant.MIN;
    private volatile OutboxPosition acknowledged;
    private volatile KnownHolder knownHolder;
    private OutboxPosition stored;
    private OutboxPosition takenPosition;
    private long acquisitions;

    OutboxLease(MongoTemplate mongo, Duration duration, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.duration = duration;
        this.clock = clock;
        this.owner = hostName() + "/" + UUID.randomUUID();
        this.attempts = Counter.builder("orders.outbox.lease.attempts")
                .description("Attempts to take the outbox lease while another instance may hold it")
                .register(meters);
    }

    /**
     * True if this relay holds the lease now; renews it when due, or takes it when it can have expired (one round
     * trip at most; none while it is known to be held by another).
     */
    synchronized boolean holdOrAcquire() {
        Instant now = clock.instant();
        if (now.isBefore(renewAfter)) {
            return true;
        }
        boolean renewal = isHeld();
        if (!renewal) {
            if (now.isBefore(nextAttempt)) {
                return false;
            }
            Instant othersExpiry = expiryOfAnothersLease(now);
            if (othersExpiry != null) {
                nextAttempt = othersExpiry;
                return false;
            }
            attempts.increment();
        }
        OutboxPosition toStore = renewal ? acknowledged : null;
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.set("owner", owner),
                Updates.set("expiresAt", Date.from(now.plus(duration))),
                Updates.set("renewedAt", Date.from(now))));
        if (toStore != null && toStore != stored) {
            updates.add(Updates.set(POSITION, toStore.toDocument()));
        }
        Document lease;
        try {
            lease = mongo.getCollection(COLLECTION)
                    .findOneAndUpdate(
                            Filters.and(
                                    Filters.eq("_id", LEASE_ID),
                                    Filters.or(Filters.eq("owner", owner), Filters.lt("expiresAt", Date.from(now)))),
                            Updates.combine(updates),
                            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        } catch (MongoCommandException | MongoWriteException heldByAnother) {
            if (!isDuplicateKey(heldByAnother)) {
                throw heldByAnother;
            }
            // Another relay took it first (or, on a renewal, took over after this one's lease ran out).
            heldUntil = Instant.MIN;
            renewAfter = Instant.MIN;
            Instant othersExpiry = expiryOfAnothersLease(now);
            nextAttempt = othersExpiry == null ? now : othersExpiry;
            return false;
        }
        if (renewal) {
            stored = toStore == null ? stored : toStore;
        } else {
            takenPosition = lease == null ? null : OutboxPosition.of(lease.get(POSITION, Document.class));
            stored = takenPosition;
            acknowledged = null;
            acquisitions++;
        }
        heldUntil = now.plus(duration);
        renewAfter = now.plus(duration.dividedBy(3));
        return true;
    }

    /**
     * The position stored when this relay took the lease (null if none was ever stored): where its publishing
     * resumes.
     */
    synchronized OutboxPosition takenPosition() {
        return takenPosition;
    }

    /** How often this relay has taken the lease: a new value means it was lost, or released, in between. */
    synchronized long taken() {
        return acquisitions;
    }

    /**
     * The position of the last commit the broker acknowledged, with everything before it; stored by the next
     * renewal.
     */
    void acknowledged(OutboxPosition position) {
        acknowledged = position;
    }

    /** Renews the lease now if this relay holds it (the heartbeat's call); false if it no longer does. */
    synchronized boolean renew() {
        if (!isHeld()) {
            return false;
        }
        renewAfter = Instant.MIN;
        return holdOrAcquire();
    }

    /** When another relay's lease expires, by the lease document; null if no other relay holds one now. */
    private Instant expiryOfAnothersLease(Instant now) {
        Document lease = mongo.getCollection(COLLECTION)
                .find(Filters.eq("_id", LEASE_ID))
                .projection(new Document("owner", 1).append("expiresAt", 1))
                .first();
        if (lease == null || owner.equals(lease.getString("owner")) || lease.getDate("expiresAt") == null) {
            return null;
        }
        Instant expiresAt = lease.getDate("expiresAt").toInstant();
        if (!expiresAt.isAfter(now)) {
            return null;
        }
        knownHolder = new KnownHolder(lease.getString("owner"), expiresAt);
        return expiresAt;
    }

    /** How long a standby may wait before its next attempt is due; zero when due or holding. */
    synchronized Duration untilNextAttempt() {
        Duration left = Duration.between(clock.instant(), nextAttempt);
        return isHeld() || left.isNegative() ? Duration.ZERO : left;
    }

    boolean isHeld() {
        return clock.instant().isBefore(heldUntil);
    }

    /** How often the holder renews: a third of the lease, so two renewals in a row can fail before it lapses. */
    Duration renewalInterval() {
        return duration.dividedBy(3);
    }

    /**
     * Hands the lease on at once instead of making the others wait for it to expire, storing the last acknowledged
     * position on the way. Only a courtesy, so it waits {@link #RELEASE_TIMEOUT} at most, server selection included:
     * with MongoDB gone a shutdown would otherwise wait the driver's 30 s here, and the lease expires by itself
     * anyway.
     */
    synchronized void release() {
        OutboxPosition toStore = acknowledged;
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("expiresAt", new Date(0))));
        if (toStore != null && toStore != stored) {
            updates.add(Updates.set(POSITION, toStore.toDocument()));
        }
        try {
            mongo.getCollection(COLLECTION)
                    .withTimeout(RELEASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .updateOne(
                            Filters.and(Filters.eq("_id", LEASE_ID), Filters.eq("owner", owner)),
                            Updates.combine(updates));
        } catch (MongoException e) {
            log.warn("Outbox lease not released; it expires by itself within {}: {}", duration, e.toString());
        } finally {
            heldUntil = Instant.MIN;
            renewAfter = Instant.MIN;
            nextAttempt = Instant.MIN;
        }
    }

    String owner() {
        return owner;
    }

    /**
     * Who holds the lease, as far as this relay knows without asking MongoDB: itself, or the holder a standby last read
     * while that lease has not expired; null if unknown.
     */
    String holder() {
        if (isHeld()) {
            return owner;
        }
        KnownHolder known = knownHolder;
        return known != null && clock.instant().isBefore(known.until()) ? known.owner() : null;
    }

    /** Another relay's lease as a standby last read it. */
    private record KnownHolder(String owner, Instant until) {}

    private static boolean isDuplicateKey(RuntimeException e) {
        return switch (e) {
            case MongoWriteException write -> write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
            case MongoCommandException command ->
                ErrorCategory.fromErrorCode(command.getErrorCode()) == ErrorCategory.DUPLICATE_KEY;
            default -> false;
        };
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
