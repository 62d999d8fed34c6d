package io.orderpipeline.query.projection;

import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * With several instances, the partition of an awaited order may be projected by another one, whose commits this
 * instance is not told about. One query per interval, for all awaited orders at once, covers that.
 */
@Component
class OtherInstancesCommits {

    private final AppliedVersions versions;
    private final ProjectionStore store;

    OtherInstancesCommits(AppliedVersions versions, ProjectionStore store) {
        this.versions = versions;
        this.store = store;
    }

    @Scheduled(fixedDelayString = "${query.read-your-writes.recheck-interval:500ms}")
    void recheck() {
        List<String> awaited = versions.awaitedOrders();
        if (!awaited.isEmpty()) {
            store.versions(ProjectionTables.LIVE, awaited).forEach(versions::reached);
        }
    }
}
