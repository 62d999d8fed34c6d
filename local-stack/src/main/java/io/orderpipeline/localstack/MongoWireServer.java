package io.orderpipeline.localstack;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Files;
import java.nio.file.Path;

/** A MongoDB wire-protocol server that keeps its data in an H2 file in the data folder. */
final class MongoWireServer implements AutoCloseable {

    private final MongoServer server;

    private MongoWireServer(MongoServer server) {
        this.server = server;
    }

    static MongoWireServer start(Path dataDir, int port) throws Exception {
        Files.createDirectories(dataDir);
        MongoServer server =
                new MongoServer(new H2Backend(dataDir.resolve("mongo.mv").toString()));
        server.bind("127.0.0.1", port);
        return new MongoWireServer(server);
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
