package io.orderpipeline.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Work a start need not wait for: run on a thread of its own once the service is ready. For what only makes things
 * faster or tidier (indexes that serve queries, not the guarantees); a failure is logged and retried at the next
 * start.
 */
public final class AfterStartup {

    private static final Logger log = LoggerFactory.getLogger(AfterStartup.class);

    private AfterStartup() {}

    public static ApplicationListener<ApplicationReadyEvent> run(String what, Runnable work) {
        return ready -> Thread.ofVirtual().name(what).start(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.warn("{} not done, retried at the next start: {}", what, e.toString());
            }
        });
    }
}
