package io.orderpipeline.localstack;

import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB wire-protocol server that keeps its data in an H2 file in the data folder, with unique indexes that
 * compare keys by value ({@link ValueOrderedH2Backend}).
 */
final class MongoWireServer implements AutoCloseable {

    private final MongoServer server;

    private MongoWireServer(MongoServer server) {
        this.server = server;
    }

    static MongoWireServer start(Path dataDir, int port) throws Exception {
        Files.createDirectories(dataDir);
        MongoServer server = new MongoServer(ValueOrderedH2Backend.open(dataDir.resolve("mongo.mv")));
        try {
            server.bind("127.0.0.1", port);
        } catch (RuntimeException e) {
            // Releases the file's lock too, so that the same data folder can be opened again.
            server.shutdown();
            throw e;
        }
        return new MongoWireServer(server);
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
