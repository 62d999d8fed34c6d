package io.orderpipeline.query.deadletter;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /dead-letters}: what the pipeline's consumers gave up on, per dead-letter topic. */
@RestController
class DeadLettersController {

    record DeadLettersJson(long total, List<DeadLetterCounts.TopicCount> topics) {}

    private final DeadLetterCounts counts;

    DeadLettersController(DeadLetterCounts counts) {
        this.counts = counts;
    }

    @GetMapping("/dead-letters")
    DeadLettersJson deadLetters() {
        List<DeadLetterCounts.TopicCount> topics = counts.topics();
        return new DeadLettersJson(
                topics.stream().mapToLong(DeadLetterCounts.TopicCount::records).sum(), topics);
    }
}
