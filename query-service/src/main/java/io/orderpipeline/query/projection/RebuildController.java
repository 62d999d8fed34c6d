package io.orderpipeline.query.projection;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The operator's handle on the rebuild; {@code /admin/**} needs the admin token (see the admin package). */
@RestController
@RequestMapping("/admin/rebuild")
class RebuildController {

    private final Rebuild rebuild;

    RebuildController(Rebuild rebuild) {
        this.rebuild = rebuild;
    }

    /** 202 with the new rebuild's state, or 409 with the state of the one already running. */
    @PostMapping
    ResponseEntity<ProjectionController.RebuildJson> start() {
        Rebuild.Start start = rebuild.start();
        return ResponseEntity.status(start.started() ? 202 : 409).body(ProjectionController.rebuildJson(start.state()));
    }

    @GetMapping
    ProjectionController.RebuildJson state() {
        return ProjectionController.rebuildJson(rebuild.state());
    }

    @DeleteMapping
    ProjectionController.RebuildJson cancel() {
        return ProjectionController.rebuildJson(rebuild.cancel());
    }
}
