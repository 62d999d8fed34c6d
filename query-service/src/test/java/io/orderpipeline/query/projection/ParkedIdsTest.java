package io.orderpipeline.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParkedIdsTest {

    private static final List<Integer> PARTITIONS = List.of(0, 1);

    private final ParkedIds ids = new ParkedIds();

    @Test
    void asksTheDatabaseUntilItHasRefreshedOnce() {
        assertThat(ids.mustLookUp(Map.of(), PARTITIONS, List.of("o-1"))).isTrue();

        ids.refreshed(ids.refreshStarting(), List.of(), List.of(), true);

        assertThat(ids.mustLookUp(Map.of(), PARTITIONS, List.of("o-1"))).isFalse();
    }

    @Test
    void asksForOrdersThatAreParkedOrHaveSkipsAndAnswersTheOthersFromMemory() {
        ids.refreshed(ids.refreshStarting(), List.of("parked"), List.of("skipped"), true);

        assertThat(ids.mustLookUp(Map.of(), PARTITIONS, List.of("o-1", "parked")))
                .isTrue();
        assertThat(ids.mustLookUp(Map.of(), PARTITIONS, List.of("skipped"))).isTrue();
        assertThat(ids.mustLookUp(Map.of(), PARTITIONS, List.of("o-1", "o-2"))).isFalse();
        assertThat(ids.isParked("parked")).isTrue();
        assertThat(ids.isParked("skipped")).isFalse();
    }

    @Test
    void asksWhenTheListsWereCapped() {
        ids.refreshed(ids.refreshStarting(), List.of("parked"), List.of(), false);

        assertThat(ids.mustLookUp(Map.of(), PARTITIONS, List.of("o-1"))).isTrue();
    }

    @Test
    void asksAndWantsARefreshWhenSomeoneElseStoredThePartitionsOffsets() {
        ids.refreshed(ids.refreshStarting(), List.of(), List.of(), true);
        ids.takeRefreshDue();
        ids.stored(ids.epoch(), Map.of(0, new PartitionProgress(10, null), 1, new PartitionProgress(7, null)));

        assertThat(ids.mustLookUp(Map.of(0, 10L, 1, 7L), PARTITIONS, List.of("o-1")))
                .isFalse();
        assertThat(ids.takeRefreshDue()).isFalse();

        // another instance (or a zombie of this one) moved partition 1 on
        assertThat(ids.mustLookUp(Map.of(0, 10L, 1, 9L), PARTITIONS, List.of("o-1")))
                .isTrue();
        assertThat(ids.takeRefreshDue()).isTrue();
        assertThat(ids.takeRefreshDue()).isFalse();
    }

    @Test
    void asksForAPartitionItWasGivenBack() {
        ids.refreshed(ids.refreshStarting(), List.of(), List.of(), true);
        ids.stored(ids.epoch(), Map.of(0, new PartitionProgress(10, null)));

        ids.forget(List.of(0));

        assertThat(ids.mustLookUp(Map.of(0, 10L), List.of(0), List.of("o-1"))).isTrue();
    }

    @Test
    void forgetsEverythingWhenOtherTablesBecameLiveEvenWhatABatchPlannedBeforeThatStoresLater() {
        ids.refreshed(ids.refreshStarting(), List.of(), List.of(), true);
        long before = ids.epoch();
        long refreshStartedBefore = ids.refreshStarting();

        ids.forgetAll();
        ids.stored(before, Map.of(0, new PartitionProgress(10, null)));
        ids.refreshed(refreshStartedBefore, List.of(), List.of(), true);

        // the refresh that started before the switch read the old tables: not taken
        assertThat(ids.mustLookUp(Map.of(), List.of(0), List.of("o-1"))).isTrue();
        ids.refreshed(ids.refreshStarting(), List.of(), List.of(), true);
        // the batch planned before the switch did not make partition 0 this instance's own
        assertThat(ids.mustLookUp(Map.of(0, 10L), List.of(0), List.of("o-1"))).isTrue();
        assertThat(ids.takeRefreshDue()).isTrue();
    }

    @Test
    void anOlderRefreshNeverReplacesANewerOne() {
        long older = ids.refreshStarting();
        long newer = ids.refreshStarting();

        ids.refreshed(newer, List.of("parked"), List.of(), true);
        ids.refreshed(older, List.of(), List.of(), true);

        assertThat(ids.isParked("parked")).isTrue();
    }
}
